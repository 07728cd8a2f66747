import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_TOKEN, startTestNode } from './support/node.ts';
import type { RunningNode } from '../server/node.ts';
import { contentTenant, inDays, type ContentTenant } from './content-fixtures.ts';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  json: any;
}

/** `npm run admin -- content:import` in a child process, on the run's database (or through a server with --url). */
function importCli(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['server/cli/admin.ts', 'content:import', ...args],
      {
        env: {
          PATH: process.env['PATH'] ?? '',
          NODE_ENV: 'test',
          LOG_LEVEL: 'silent',
          DATABASE_URL: inject('dbUrl'),
          EMBEDDED_DB_DIR: `${inject('dataDir')}/cli-unused/pglite`,
          ADMIN_TOKEN,
          ...(inject('redisUrl') ? { REDIS_URL: inject('redisUrl') as string } : {}),
        },
        timeout: 60_000,
      },
      (err, stdout, stderr) => {
        let json: unknown = null;
        try {
          json = JSON.parse(stdout);
        } catch {
          /* usage errors print no JSON */
        }
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr, json });
      },
    );
  });
}

let node: RunningNode;
let t: ContentTenant;
let other: ContentTenant;
const dir = mkdtempSync(join(tmpdir(), 'stvos-import-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

beforeAll(async () => {
  node = await startTestNode();
  t = await contentTenant(node);
  other = await contentTenant(node);
});
afterAll(async () => {
  await node.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('content:import', () => {
  it('imports a CSV, keeping good rows and reporting bad ones by line', async () => {
    const csv = [
      'name,description,durationMinutes,intensity,trainer,category,isPremium,scheduledAt,capacity,videoProvider,videoAssetId',
      `Imported Pilates One,"Line one, with a comma",30,low,${t.trainers.t1.name},${t.categories.mat.slug},yes,,,mux,abc`,
      `Imported Strength,,45,HIGH,${t.trainers.t2.id},${t.categories.sweat.name},no,,,,`,
      'Bad Intensity,,30,extreme,,,,,,,',
      `Other Tenant Trainer,,30,low,${other.trainers.t1.id},,,,,,`,
      'Unknown Category,,30,low,,no-such-category,,,,,',
      `Imported Live,"Multi\nline description",50,medium,,,,${inDays(2)},20,,`,
      ',,,,,,,,,,',
      'Too,Many,Cells,low,,,,,,,,,,,',
    ].join('\n');
    const r = await importCli(['--client', t.tenant.slug, '--file', file('catalogue.csv', csv)]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.created).toBe(3);
    expect(r.json.failed.map((f: { line: number }) => f.line)).toEqual([4, 5, 6, 9, 10]);
    expect(r.json.failed[0].error).toMatch(/intensity/);
    expect(r.json.failed[1].error).toMatch(/trainer/);
    expect(r.json.failed[2].error).toMatch(/category/);
    expect(r.stderr).toContain('line 4: intensity');

    const names = (await t.app.get('/content/search?q=imported')).body.data.items
      .map((i: { name: string }) => i.name)
      .sort();
    expect(names).toEqual(['Imported Live', 'Imported Pilates One', 'Imported Strength']);
    const live = (await t.app.get('/content/classes?isLive=true&limit=100')).body.data.items.find(
      (c: { name: string }) => c.name === 'Imported Live',
    );
    expect(live.live).toMatchObject({ status: 'scheduled', capacity: 20 });
    expect((await other.app.get('/content/search?q=imported')).body.data.items).toEqual([]);
  });

  it('imports JSON through a running server (--url), with lines of the offending objects', async () => {
    const json = `[
  { "name": "JSON Yoga", "durationMinutes": 20, "intensity": "low", "category": "${t.categories.calm.slug}" },
  { "name": "JSON Bad",
    "durationMinutes": "soon", "intensity": "low" },
  "not an object",
  { "name": "JSON Extra", "durationMinutes": 20, "intensity": "low", "colour": "red" }
]`;
    const r = await importCli([
      '--client',
      String(t.tenant.id),
      '--file',
      file('catalogue.json', json),
      '--url',
      node.url,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.created).toBe(1);
    expect(r.json.failed).toEqual([
      { line: 3, error: expect.stringMatching(/durationMinutes/) },
      { line: 5, error: 'not an object' },
      { line: 6, error: expect.stringMatching(/unknown field\(s\) colour/) },
    ]);
  });

  it('shows progress on stderr for a large file and imports every row', async () => {
    const rows = Array.from({ length: 450 }, (_, i) => `Bulk Class ${i},,${10 + (i % 50)},medium,,`);
    const r = await importCli([
      '--client',
      t.tenant.slug,
      '--file',
      file('bulk.csv', ['name,description,durationMinutes,intensity,trainer,category', ...rows].join('\n')),
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ rows: 450, created: 450, failed: [] });
    expect(r.stderr).toContain('importing: 100% (450/450)');
    expect(r.stderr).toContain('importing: 44% (200/450)');
  });

  it('splits long rows into requests under the body limit through a server', async () => {
    const long = 'x'.repeat(4900);
    const rows = Array.from({ length: 230 }, (_, i) => `Long Class ${i},${long},20,low,,`);
    const r = await importCli([
      '--client',
      t.tenant.slug,
      '--file',
      file('long.csv', ['name,description,durationMinutes,intensity,trainer,category', ...rows].join('\n')),
      '--url',
      node.url,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ rows: 230, created: 230, failed: [] });
  });

  it('refuses bad usage before touching the database', async () => {
    expect((await importCli(['--client', t.tenant.slug, '--file', file('x.txt', 'a')])).code).toBe(2);
    expect((await importCli(['--client', t.tenant.slug, '--file', join(dir, 'missing.csv')])).stderr).toMatch(
      /cannot read/,
    );
    const badHeader = await importCli(['--client', t.tenant.slug, '--file', file('h.csv', 'name,colour\nx,red')]);
    expect(badHeader.code).toBe(2);
    expect(badHeader.stderr).toMatch(/unknown column\(s\) colour/);
    expect((await importCli(['--client', t.tenant.slug, '--file', file('b.json', '{ nope')])).code).toBe(2);
    expect((await importCli(['--client', 'no-such-client', '--file', file('ok.json', '[]')])).code).toBe(1);
    expect((await importCli(['--file', file('ok2.json', '[]')])).code).toBe(2);
  });
});
