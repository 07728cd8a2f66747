import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SwaggerParser from '@apidevtools/swagger-parser';
import { startTestNode } from './support/node.ts';
import { client } from './support/http.ts';
import type { RunningNode } from '../server/node.ts';

/** The served OpenAPI document passes strict validators, so code generators and reference tools accept it. */
let node: RunningNode;
let doc: any;
beforeAll(async () => {
  node = await startTestNode();
  doc = (await client(node.url).get('/openapi.json')).body;
});
afterAll(() => node.stop());

const run = promisify(execFile);

describe('the OpenAPI document', () => {
  it('is valid for swagger-parser', async () => {
    await expect(SwaggerParser.validate(structuredClone(doc))).resolves.toBeTruthy();
  });

  it('has zero errors and warnings from Redocly CLI (recommended rules)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'openapi-')), 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    const bin = join(import.meta.dirname, '..', 'node_modules', '.bin', 'redocly');
    const { stdout } = await run(bin, ['lint', file, '--format=json'], { maxBuffer: 50 * 1024 * 1024 }).catch(
      (e: { stdout: string }) => e,
    );
    const report = JSON.parse(stdout) as {
      totals: { errors: number; warnings: number };
      problems: Array<{ message: string; location: unknown }>;
    };
    expect(report.problems.slice(0, 5)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  }, 120_000);

  it('names every operation uniquely, requires path parameters, carries a license and the /api/v1 server', () => {
    const ids: string[] = [];
    for (const [path, ops] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const op of Object.values<any>(ops)) {
        expect(op.operationId, path).toMatch(/^[a-z][A-Za-z0-9]+$/);
        ids.push(op.operationId);
        for (const p of op.parameters ?? [])
          if (p.in === 'path')
            expect(p, `${path} ${p.name}`).toMatchObject({ required: true, schema: { type: expect.any(String) } });
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.paths['/trainer/availability/exceptions/{index}'].delete.parameters[0]).toMatchObject({
      name: 'index',
      required: true,
      schema: { type: 'integer' },
    });
    expect(doc.info.license).toMatchObject({ name: 'MIT' });
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/api/v1' })]);
  });

  it('lists the app operations first and the admin operations last', () => {
    const paths = Object.keys(doc.paths);
    const firstAdmin = paths.findIndex((p) => p.startsWith('/admin'));
    expect(firstAdmin).toBeGreaterThan(0);
    expect(paths.slice(firstAdmin).every((p) => p.startsWith('/admin'))).toBe(true);
  });
});
