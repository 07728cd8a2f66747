import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { migrate, openOrm, platformEm } from '../server/db/orm.ts';
import { loadConfig } from '../server/config.ts';
import { demoFilePath } from '../server/cli/demo-credentials.ts';
import { seedDemoTenant } from '../domain/seed/seed-demo.ts';
import { startTestNode } from './support/node.ts';
import { client } from './support/http.ts';
import { freshDatabases } from './support/fresh-database.ts';

const { freshDatabase, dropFreshDatabases } = freshDatabases();
afterAll(dropFreshDatabases);

function seedCli(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['server/cli/seed.ts'],
      { env: { PATH: process.env['PATH'] ?? '', NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env }, timeout: 150_000 },
      (err, stdout, stderr) =>
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
      const [demo]: any[] = await em.execute(
        `select slug, name, is_default, requires_voucher, enabled_features, branding from clients`,
      );
      expect(demo).toMatchObject({ slug: 'demo', name: 'Demo Studio', is_default: true, requires_voucher: false });
      expect(demo.enabled_features).toHaveLength(6);
      expect(demo.branding.logoUrl).toMatch(/^https:\/\//);
    } finally {
      await orm.close(true);
    }
  }, 600_000); // migrations from scratch and three seeds on a fresh database: minutes on a loaded machine

  it('`npm run seed` is idempotent and keeps working demo credentials per database, re-issued when lost', async () => {
    const { url, dir } = await freshDatabase();
    const env = { DATABASE_URL: url, EMBEDDED_DB_DIR: join(dir, 'pglite') };
    const first = await seedCli(env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('Demo tenant created');
    const second = await seedCli(env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('already exists');

    // One file per database: this DATABASE_URL's, not the embedded database's demo.json.
    const file = demoFilePath(loadConfig({ ...env, NODE_ENV: 'test' }));
    expect(file).not.toBe(join(dir, 'demo.json'));
    expect(existsSync(join(dir, 'demo.json'))).toBe(false);
    const kept = JSON.parse(readFileSync(file, 'utf8'));
    expect(kept.voucherCode).toMatch(/^DEMO-[A-Z0-9-]+$/);
    expect(kept.inviteCode).toMatch(/^TR-/);

    // Lost secrets come back: a seed with no file on record re-issues a key and passwords.
    rmSync(file);
    const third = await seedCli(env);
    expect(third.code, third.stderr).toBe(0);
    expect(third.stdout).toContain('new ones were issued');
    const creds = JSON.parse(readFileSync(file, 'utf8'));
    expect(creds.apiKey).not.toBe(kept.apiKey);
    const node = await startTestNode({ DATABASE_URL: url });
    try {
      const r = await client(node.url).get('/app/config', { apiKey: creds.apiKey });
      expect(r.status).toBe(200);
      expect(r.body.data).toMatchObject({
        client: { slug: 'demo' },
        branding: { name: 'Demo Studio', primaryColor: '#0F766E' },
      });
      const clients = await platformEm(node.services.orm).execute(
        `select count(*)::int as n from clients where slug = 'demo'`,
      );
      expect(clients[0]?.n).toBe(1);
      const login = await client(node.url, { apiKey: creds.apiKey }).post('/auth/login', {
        email: creds.user.email,
        password: creds.user.password,
      });
      expect(login.status).toBe(200);
    } finally {
      await node.stop('test end');
    }
  }, 900_000); // three CLI processes, each migrating from scratch: minutes on a loaded machine
});
