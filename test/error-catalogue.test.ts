import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCatalogue } from '../domain/shared/error-catalogue.ts';
import { statusOf } from '../server/http/error-map.ts';
import { startTestNode } from './support/node.ts';
import type { RunningNode } from '../server/node.ts';

const root = join(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return path === join('server', 'cli') ? [] : sources(path);
    return d.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every error code written in the server's source, with the kind it is thrown with when that is literal. */
function codesInSource(): Array<{ code: string; kind: string | null; where: string }> {
  const found: Array<{ code: string; kind: string | null; where: string }> = [];
  for (const file of ['domain', 'server', 'realtime', 'jobs'].flatMap(sources)) {
    const text = readFileSync(join(root, file), 'utf8');
    const where = relative(root, join(root, file));
    for (const m of text.matchAll(/AppError\(\s*'(\w+)',\s*'([A-Z][A-Z0-9_]+)'/g))
      found.push({ code: m[2]!, kind: m[1]!, where });
    for (const m of text.matchAll(/\bcode: '([A-Z][A-Z0-9_]{2,})'/g)) found.push({ code: m[1]!, kind: null, where });
    for (const m of text.matchAll(/\b(?:forbidden|unauthenticated|reject)\([^()]*?'([A-Z][A-Z0-9_]{2,})'/g))
      found.push({ code: m[1]!, kind: null, where });
  }
  return found;
}

describe('the error-code catalogue', () => {
  it('has an entry, with the right status, for every code the server can answer', () => {
    const found = codesInSource();
    expect(found.length).toBeGreaterThan(80);
    const missing = found
      .filter((f) => !errorCatalogue[f.code])
      .map((f) => `${f.code} (${f.where}): add it to domain/shared/error-catalogue.ts`);
    expect([...new Set(missing)]).toEqual([]);
    const wrongKind = found
      .filter((f) => f.kind && !errorCatalogue[f.code]!.kinds.includes(f.kind as never))
      .map((f) => `${f.code} thrown as ${f.kind} in ${f.where}`);
    expect([...new Set(wrongKind)]).toEqual([]);
  });

  describe('served next to the reference', () => {
    let node: RunningNode;
    beforeAll(async () => {
      node = await startTestNode();
    });
    afterAll(() => node.stop());

    it('answers every code with its status, meaning and what to do, as JSON and as a page', async () => {
      const json = (await (await fetch(`${node.url}/api/v1/docs/errors.json`)).json()) as {
        data: Array<{ code: string; statuses: number[]; meaning: string; todo: string }>;
      };
      expect(json.data.map((c) => c.code).sort()).toEqual(Object.keys(errorCatalogue).sort());
      expect(json.data.find((c) => c.code === 'INVALID_VOUCHER')).toMatchObject({
        statuses: [statusOf.validation, statusOf.conflict, statusOf.not_found],
      });
      expect(json.data.find((c) => c.code === 'INTERNAL_ERROR')).toMatchObject({ statuses: [500] });
      expect(json.data.every((c) => c.meaning && c.todo)).toBe(true);
      const page = await (await fetch(`${node.url}/api/v1/docs/errors`)).text();
      expect(page).toContain('TOKEN_EXPIRED');
      expect(page).toContain('POST /auth/refresh');
    });

    it('serves the reference page and its library from this server (no CDN), linking the catalogue', async () => {
      const page = await (await fetch(`${node.url}/api/v1/docs`)).text();
      const assets = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
      expect(assets.every((a) => a.startsWith('/'))).toBe(true);
      expect(page).toContain('/api/v1/docs/errors');
      for (const asset of [
        '/api/v1/docs/assets/swagger-ui-bundle.js',
        '/api/v1/docs/assets/swagger-ui.css',
        '/api/v1/docs/reference.js',
      ]) {
        expect((await fetch(`${node.url}${asset}`)).status, asset).toBe(200);
      }
    });
  });
});
