import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_TOKEN, startTestNode } from './support/node.ts';
import { client, type Api } from './support/http.ts';
import type { RunningNode } from '../server/node.ts';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  json: any;
}

/** The real command line, in a child process, against the run's database. */
function admin(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['server/cli/admin.ts', ...args],
      {
        env: {
          PATH: process.env['PATH'] ?? '',
          NODE_ENV: 'test',
          LOG_LEVEL: 'silent',
          DATABASE_URL: inject('dbUrl'),
          EMBEDDED_DB_DIR: `${inject('dataDir')}/cli-unused/pglite`,
          ADMIN_TOKEN,
          ...env,
        },
        timeout: 120_000, // a loaded CI machine can take tens of seconds to start a TypeScript process
      },
      (err, stdout, stderr) => {
        let json: unknown = null;
        try {
          json = JSON.parse(stdout);
        } catch {
          /* not every command prints JSON (help, errors) */
        }
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr, json });
      },
    );
  });
}

let node: RunningNode;
let api: Api;
beforeAll(async () => {
  node = await startTestNode();
  api = client(node.url);
});
afterAll(async () => {
  await node.stop('test end');
});

describe('admin CLI', { timeout: 300_000 }, () => {
  it('creates a client and issues a key straight on the database; both keys work', async () => {
    const slug = `cli-${randomBytes(4).toString('hex')}`;
    const created = await admin([
      'client:create',
      '--slug',
      slug,
      '--name',
      'CLI Studio',
      '--features',
      'classes,nutrition',
      '--requires-voucher',
      'true',
      '--primary-color',
      '#123456',
    ]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.json.client).toMatchObject({
      slug,
      enabledFeatures: ['classes', 'nutrition'],
      requiresVoucher: true,
      branding: { primaryColor: '#123456' },
    });
    expect(created.stderr).toContain('Store this API key now');

    const issued = await admin(['key:issue', '--client', slug, '--name', 'tv-app']);
    expect(issued.code, issued.stderr).toBe(0);
    expect(issued.json).toMatchObject({ clientId: created.json.client.id, name: 'tv-app' });
    for (const key of [created.json.apiKey.key, issued.json.key]) {
      const r = await api.get('/app/config', { apiKey: key });
      expect(r.status).toBe(200);
      expect(r.body.data.client.slug).toBe(slug);
    }

    const listed = await admin(['key:list', '--client', String(created.json.client.id)]);
    expect(listed.json.items).toHaveLength(2);
    expect(listed.stdout).not.toContain(issued.json.key);
  });

  it("sets and clears a client's aggregate request quota", async () => {
    const slug = `cli-${randomBytes(4).toString('hex')}`;
    expect((await admin(['client:create', '--slug', slug, '--name', 'Quota'])).code).toBe(0);
    const set = await admin(['client:update', '--client', slug, '--rate-limit-per-minute', '5000']);
    expect(set.code, set.stderr).toBe(0);
    expect(set.json.rateLimitPerMinute).toBe(5000);
    expect(
      (await admin(['client:update', '--client', slug, '--rate-limit-per-minute', 'default'])).json.rateLimitPerMinute,
    ).toBeNull();
    const bad = await admin(['client:update', '--client', slug, '--rate-limit-per-minute', '0']);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/--rate-limit-per-minute/)]);
  });

  it('exits 2 with a clear message on usage errors', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['frobnicate'], /Unknown command "frobnicate"/],
      [['client:create', '--name', 'No Slug'], /--slug/],
      [['client:create', '--slug', 'ok-slug', '--name', 'x', '--colour', 'red'], /unknown flag\(s\): --colour/],
      [['client:create', '--slug', 'Bad Slug', '--name', 'x'], /--slug: must be/],
      [['client:create', '--slug', 'ok-slug', '--name', 'x', '--features', 'classes,teleport'], /--features/],
      [
        ['client:create', '--slug', 'ok-slug', '--name', 'x', '--requires-voucher', 'maybe'],
        /--requires-voucher: must be true or false/,
      ],
      [['vouchers:issue', '--client', '1', '--quantity', '0'], /--quantity/],
      [['vouchers:issue', '--client', '1', '--quantity', 'lots'], /--quantity: must be a number/],
      [['key:rotate', '--client', '1', '--key', 'abc'], /--key/],
      [['job:run'], /exactly one job name/],
    ];
    for (const [args, message] of cases) {
      const r = await admin(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    const help = await admin(['help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('vouchers:issue');
  });

  it('exits 1 when the operation fails (unknown client, duplicate slug)', async () => {
    const missing = await admin(['key:issue', '--client', `nope-${randomBytes(4).toString('hex')}`]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('NOT_FOUND');
    const slug = `dup-${randomBytes(4).toString('hex')}`;
    expect((await admin(['client:create', '--slug', slug, '--name', 'One'])).code).toBe(0);
    const dup = await admin(['client:create', '--slug', slug, '--name', 'Two']);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('CLIENT_EXISTS');
  });

  it("goes through a running server's admin API with --url", async () => {
    const slug = `url-${randomBytes(4).toString('hex')}`;
    const created = await admin(['client:create', '--slug', slug, '--name', 'Via HTTP', '--url', node.url]);
    expect(created.code, created.stderr).toBe(0);
    const partner = await admin(['partner:create', '--client', slug, '--name', 'Acme', '--url', node.url]);
    expect(partner.code, partner.stderr).toBe(0);
    const vouchers = await admin([
      'vouchers:issue',
      '--client',
      slug,
      '--quantity',
      '3',
      '--prefix',
      'web',
      '--partner',
      String(partner.json.id),
      '--url',
      node.url,
    ]);
    expect(vouchers.code, vouchers.stderr).toBe(0);
    expect(vouchers.json.vouchers).toHaveLength(3);
    expect(vouchers.json.vouchers[0].code).toMatch(/^WEB-/);
    const wrongToken = await admin(['client:list', '--url', node.url], { ADMIN_TOKEN: 'y'.repeat(32) });
    expect(wrongToken.code).toBe(1);
    expect(wrongToken.stderr).toContain('INVALID_ADMIN_TOKEN');
  });

  it('finds the running server that holds the embedded database from its address file, or says how to point at it', async () => {
    // A data directory as `npm start` leaves it: the embedded database locked by a live process (this one).
    const dir = mkdtempSync(join(tmpdir(), 'stvos-cli-'));
    try {
      writeFileSync(join(dir, 'pglite.lock'), String(process.pid));
      const env = { DATABASE_URL: '', EMBEDDED_DB_DIR: join(dir, 'pglite') };
      const lost = await admin(['client:list'], env);
      expect(lost.code).toBe(1);
      expect(lost.stderr).toContain('SERVER_UNREACHABLE');
      expect(lost.stderr).toContain('--url http://host:port or STVOS_URL');

      writeFileSync(
        join(dir, 'server.json'),
        JSON.stringify({ url: node.url, pid: process.pid, database: 'embedded', startedAt: new Date().toISOString() }),
      );
      const found = await admin(['client:list'], env);
      expect(found.code, found.stderr).toBe(0);
      expect(found.stderr).toContain(`using its admin API at ${node.url}`);
      expect(found.json.items.length).toBeGreaterThan(0);

      const viaEnv = await admin(['client:list'], { ...env, STVOS_URL: node.url });
      expect(viaEnv.code, viaEnv.stderr).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
