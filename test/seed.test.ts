import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../server/db/embedded.ts';
import { migrate, openOrm, platformEm } from '../server/db/orm.ts';
import { seedDemoTenant } from '../domain/seed/seed-demo.ts';
import { startTestNode } from './support/node.ts';
import { client } from './support/http.ts';

/**
 * Seeding acts on an empty database, so these tests get databases of their own: a fresh database on
 * the TEST_DATABASE_URL server, or a fresh embedded PGlite.
 */
const cleanups: Array<() => Promise<void>> = [];
async function freshDatabase(): Promise<{ url: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'stvos-seed-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  const server = process.env['TEST_DATABASE_URL'];
  if (!server) {
    const embedded = await startEmbeddedPostgres(join(dir, 'pglite'));
    cleanups.push(() => embedded.stop());
    return { url: embedded.url, dir };
  }
  const name = `stvos_seed_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  cleanups.push(async () => {
    const c = new pg.Client({ connectionString: server });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  });
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.toString(), dir };
}

afterAll(async () => {
  for (const fn of cleanups.reverse()) await fn();
});

function seedCli(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['server/cli/seed.ts'], { env: { PATH: process.env['PATH'] ?? '', NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env }, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('demo seed', () => {
  it('seeds one demo tenant even when two nodes start on an empty database at once', async () => {
    const { url } = await freshDatabase();
    const orm = await openOrm(url, 4);
    try {
      await migrate(orm);
      const results = await Promise.all([
        seedDemoTenant(platformEm(orm), { onlyIfEmpty: true }),
        seedDemoTenant(platformEm(orm), { onlyIfEmpty: true }),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await seedDemoTenant(platformEm(orm), { onlyIfEmpty: false })).toBeNull();
      const em = platformEm(orm);
      const [counts] = await em.execute(`select
        (select count(*)::int from clients) as clients,
        (select count(*)::int from trainers) as trainers,
        (select count(*)::int from partners where name = 'Acme Corp Wellness') as partners,
        (select count(*)::int from partner_staff where role = 'owner') as owners,
        (select count(*)::int from vouchers where status = 'active') as vouchers,
        (select count(*)::int from trainer_invites where status = 'active') as invites,
        (select count(*)::int from users) as users`);
      // 12 of the 25 vouchers are redeemed by the demo partner's members (seed-demo-partner.ts).
      expect(counts).toEqual({ clients: 1, trainers: 6, partners: 1, owners: 1, vouchers: 13, invites: 1, users: 13 });
      const [demo]: any[] = await em.execute(`select slug, name, is_default, requires_voucher, enabled_features, branding from clients`);
      expect(demo).toMatchObject({ slug: 'demo', name: 'Demo Studio', is_default: true, requires_voucher: false });
      expect(demo.enabled_features).toHaveLength(6);
      expect(demo.branding.logoUrl).toMatch(/^https:\/\//);
    } finally {
      await orm.close(true);
    }
  });

  it('`npm run seed` is idempotent and keeps working demo credentials in demo.json', async () => {
    const { url, dir } = await freshDatabase();
    const env = { DATABASE_URL: url, EMBEDDED_DB_DIR: join(dir, 'pglite') };
    const first = await seedCli(env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('Demo tenant created');
    const second = await seedCli(env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('already exists');

    const creds = JSON.parse(readFileSync(join(dir, 'demo.json'), 'utf8'));
    expect(creds.voucherCode).toMatch(/^DEMO-[A-Z0-9-]+$/);
    expect(creds.inviteCode).toMatch(/^TR-/);
    const node = await startTestNode({ DATABASE_URL: url });
    try {
      const r = await client(node.url).get('/app/config', { apiKey: creds.apiKey });
      expect(r.status).toBe(200);
      expect(r.body.data).toMatchObject({ client: { slug: 'demo' }, branding: { name: 'Demo Studio', primaryColor: '#0F766E' } });
      const clients = await platformEm(node.services.orm).execute(`select count(*)::int as n from clients where slug = 'demo'`);
      expect(clients[0]?.n).toBe(1);
    } finally {
      await node.stop('test end');
    }
  });
});

