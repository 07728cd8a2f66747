import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ADMIN_TOKEN, startTestNode } from './support/node.ts';
import { client, type Api } from './support/http.ts';
import { createTenant, uniqueEmail } from './support/tenant.ts';
import type { RunningNode } from '../server/node.ts';

const password = 'admin-pass-2026!';
let node: RunningNode;
let api: Api;
// Login counters are per IP and, with Redis, shared by every node of the run: each test signs in from its own address.
let nextIp = Math.floor(Math.random() * 200);
const fromOwnIp = () => ({
  headers: { 'X-Forwarded-For': `10.77.${nextIp++ % 250}.${Math.floor(Math.random() * 250) + 1}` },
});

beforeAll(async () => {
  node = await startTestNode({ LOGIN_ATTEMPTS_PER_15_MIN: '3' });
  api = client(node.url);
});
afterAll(() => node.stop());

describe('platform admin accounts', () => {
  it('are created by an admin, sign in, and reach the admin API with their own token', async () => {
    const email = uniqueEmail('ops');
    const created = await api.post('/admin/admins', { email, password, name: 'Ops' }, { adminToken: ADMIN_TOKEN });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ email, name: 'Ops' });
    expect(JSON.stringify(created.body)).not.toContain('password');

    const login = await api.post('/admin/auth/login', { email, password }, fromOwnIp());
    expect(login.status).toBe(200);
    const token = login.body.data.accessToken;
    const clients = await api.get('/admin/clients', { token });
    expect(clients.status).toBe(200);
    expect((await api.post('/admin/admins', { email, password }, { token })).body.code).toBe('ADMIN_EXISTS');
  });

  it('refuses wrong passwords, app tokens and garbage as admin credentials', async () => {
    const email = uniqueEmail('ops');
    await api.post('/admin/admins', { email, password }, { adminToken: ADMIN_TOKEN });
    const wrong = await api.post('/admin/auth/login', { email, password: 'nope-nope-nope' }, fromOwnIp());
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');

    // A user's access token of some tenant is not an admin token.
    const t = await createTenant(node);
    const reg = await api.post(
      '/auth/register',
      { email: uniqueEmail(), password: 'correct horse battery' },
      { apiKey: t.apiKey },
    );
    const asUser = await api.get('/admin/clients', { token: reg.body.data.accessToken });
    expect(asUser.status).toBe(401);
    expect(asUser.body.code).toBe('INVALID_ADMIN_TOKEN');
    expect((await api.get('/admin/clients', { token: 'a.b.c' })).status).toBe(401);
  });

  it('limits sign-in attempts before checking the password', async () => {
    const email = uniqueEmail('ops');
    const statuses = [];
    const ip = fromOwnIp();
    for (let i = 0; i < 4; i++)
      statuses.push((await api.post('/admin/auth/login', { email, password: 'wrong-password-x' }, ip)).status);
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses[3]).toBe(429);
  });

  it('can be created from the command line', () => {
    const run = spawnSync(
      process.execPath,
      ['server/cli/admin.ts', 'admin:create', '--email', uniqueEmail('cli'), '--password', password],
      {
        env: { ...process.env, DATABASE_URL: inject('dbUrl'), LOG_LEVEL: 'silent' },
        encoding: 'utf8',
      },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('"email"');
  });
});
