import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestNode } from './support/node.ts';
import { client, type Api } from './support/http.ts';
import { adminRoutes } from '../server/routes/admin/admin.routes.ts';
import type { RunningNode } from '../server/node.ts';
import { randomBytes } from 'node:crypto';

let node: RunningNode;
let api: Api;
let anon: Api;
const slug = (tag = 'c') => `${tag}-${randomBytes(5).toString('hex')}`;

beforeAll(async () => {
  node = await startTestNode();
  api = client(node.url, { adminToken: ADMIN_TOKEN });
  anon = client(node.url);
});
afterAll(async () => {
  await node.stop('test end');
});

describe('admin API: authentication', () => {
  it('refuses every admin route without the admin token, or with a wrong one (401)', async () => {
    // Every route that needs admin credentials (the admin sign-in itself is the one that does not).
    const guarded = adminRoutes.filter((r) => r.auth === 'admin');
    expect(guarded.length).toBeGreaterThan(15);
    expect(adminRoutes.filter((r) => r.auth !== 'admin').map((r) => r.path)).toEqual(['/admin/auth/login']);
    for (const r of guarded) {
      const path = r.path.replace(/:[A-Za-z]+/g, (p) => (p === ':name' ? 'expire-vouchers' : '1'));
      const body = r.method === 'get' || r.method === 'delete' ? undefined : {};
      const missing = await anon.raw(r.method.toUpperCase(), path, body);
      expect(missing.status, `${r.method} ${path}`).toBe(401);
      expect(missing.body.code).toBe('ADMIN_TOKEN_REQUIRED');
      const wrong = await anon.raw(r.method.toUpperCase(), path, body, { adminToken: 'x'.repeat(ADMIN_TOKEN.length) });
      expect(wrong.status, `${r.method} ${path}`).toBe(401);
      expect(wrong.body.code).toBe('INVALID_ADMIN_TOKEN');
    }
  });

  it('does not accept a client API key in place of the admin token', async () => {
    const created = await api.post('/admin/clients', { slug: slug(), name: 'Key Holder' });
    const r = await anon.get('/admin/clients', { apiKey: created.body.data.apiKey.key });
    expect(r.status).toBe(401);
  });
});

describe('admin API: clients', () => {
  it('creates a client with its first key, shown once, and lists it without the secret', async () => {
    const s = slug();
    const r = await api.post('/admin/clients', {
      slug: s,
      name: 'Riverside Gym',
      branding: { primaryColor: '#112233', logoUrl: 'https://example.com/l.png' },
      enabledFeatures: ['classes', 'nutrition'],
      requiresVoucher: true,
      settings: { timezone: 'Europe/London' },
    });
    expect(r.status).toBe(201);
    expect(r.body.data.client).toMatchObject({
      slug: s,
      enabledFeatures: ['classes', 'nutrition'],
      requiresVoucher: true,
      isDefault: false,
    });
    expect(r.body.data.apiKey.key).toMatch(/^stv_ck_/);
    const config = await anon.get('/app/config', { apiKey: r.body.data.apiKey.key });
    expect(config.body.data).toMatchObject({ requiresVoucher: true, enabledFeatures: ['classes', 'nutrition'] });

    const keys = await api.get(`/admin/clients/${r.body.data.client.id}/keys`);
    expect(keys.body.data.items).toHaveLength(1);
    expect(keys.body.data.items[0]).toMatchObject({ prefix: r.body.data.apiKey.prefix, revokedAt: null });
    expect(keys.body.data.items[0].key).toBeUndefined();
    expect(JSON.stringify(keys.body)).not.toContain(r.body.data.apiKey.key);

    const got = await api.get(`/admin/clients/${r.body.data.client.id}`);
    expect(got.body.data.branding).toEqual({ primaryColor: '#112233', logoUrl: 'https://example.com/l.png' });
    const list = await api.get(`/admin/clients?search=${s}`);
    expect(list.body.data).toMatchObject({
      items: [{ slug: s }],
      pagination: { page: 1, limit: 20, total: 1, totalPages: 1 },
    });
  });

  it('answers 409 for a duplicate slug', async () => {
    const s = slug();
    expect((await api.post('/admin/clients', { slug: s, name: 'One' })).status).toBe(201);
    const dup = await api.post('/admin/clients', { slug: s, name: 'Two' });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ success: false, code: 'CLIENT_EXISTS' });
  });

  it('updates features, branding (merged) and requiresVoucher', async () => {
    const c = (
      await api.post('/admin/clients', { slug: slug(), name: 'Patchy', branding: { primaryColor: '#000000' } })
    ).body.data;
    const r = await api.patch(`/admin/clients/${c.client.id}`, {
      enabledFeatures: ['ai_coach'],
      branding: { accentColor: '#ffffff' },
      requiresVoucher: true,
    });
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({
      enabledFeatures: ['ai_coach'],
      requiresVoucher: true,
      branding: { primaryColor: '#000000', accentColor: '#ffffff' },
    });
    expect((await api.patch('/admin/clients/999999999', { name: 'x' })).status).toBe(404);
    expect((await api.get('/admin/clients/999999999')).status).toBe(404);
  });

  it('answers 400 VALIDATION_ERROR with field details for bad input of every kind', async () => {
    const cases: Array<[string, string, unknown, string]> = [
      ['POST', '/admin/clients', {}, 'slug'],
      ['POST', '/admin/clients', { slug: 'Bad Slug!', name: 'x' }, 'slug'],
      ['POST', '/admin/clients', { slug: '-dash', name: 'x' }, 'slug'],
      ['POST', '/admin/clients', { slug: slug(), name: '' }, 'name'],
      ['POST', '/admin/clients', { slug: slug(), name: 'x', enabledFeatures: ['teleport'] }, 'enabledFeatures.0'],
      ['POST', '/admin/clients', { slug: slug(), name: 'x', enabledFeatures: 'classes' }, 'enabledFeatures'],
      ['POST', '/admin/clients', { slug: slug(), name: 'x', requiresVoucher: 'yes' }, 'requiresVoucher'],
      [
        'POST',
        '/admin/clients',
        { slug: slug(), name: 'x', branding: { primaryColor: 'red' } },
        'branding.primaryColor',
      ],
      ['POST', '/admin/clients', { slug: slug(), name: 'x', branding: { logoUrl: 'not a url' } }, 'branding.logoUrl'],
      ['POST', '/admin/clients', { slug: slug(), name: 'x', extra: 1 }, 'extra'],
      ['POST', '/admin/clients', [1, 2], 'body'],
      ['POST', '/admin/clients', '"just a string"', 'body'],
      ['PATCH', '/admin/clients/1', {}, 'body'],
      ['PATCH', '/admin/clients/abc', { name: 'x' }, 'clientId'],
      ['GET', '/admin/clients/-3', undefined, 'clientId'],
      ['GET', '/admin/clients?page=0', undefined, 'page'],
      ['GET', '/admin/clients?limit=500', undefined, 'limit'],
      ['POST', '/admin/clients/1/keys', { name: 5 }, 'name'],
      ['POST', '/admin/universal-keys/zero/rotate', {}, 'keyId'],
    ];
    for (const [method, path, body, field] of cases) {
      const r = await api.raw(method, path, body);
      expect(r.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400);
      expect(r.body.code).toBe('VALIDATION_ERROR');
      expect(
        r.body.details.map((d: { field: string }) => d.field),
        `${method} ${path}`,
      ).toContain(field);
    }
  });
});

describe('admin API: keys', () => {
  it('rotation makes the old key 401 and the new key work; revoke stops a key', async () => {
    const c = (await api.post('/admin/clients', { slug: slug(), name: 'Rotor' })).body.data;
    const oldKey = c.apiKey.key as string;
    expect((await anon.get('/app/config', { apiKey: oldKey })).status).toBe(200);

    const rotated = await api.post(`/admin/clients/${c.client.id}/keys/${c.apiKey.id}/rotate`);
    expect(rotated.status).toBe(201);
    expect(rotated.body.data.key).not.toBe(oldKey);
    expect((await anon.get('/app/config', { apiKey: oldKey })).status).toBe(401);
    expect((await anon.get('/app/config', { apiKey: rotated.body.data.key })).status).toBe(200);
    // The rotated-away key cannot be rotated again.
    expect((await api.post(`/admin/clients/${c.client.id}/keys/${c.apiKey.id}/rotate`)).status).toBe(404);

    const second = await api.post(`/admin/clients/${c.client.id}/keys`, { name: 'tv-app' });
    expect(second.status).toBe(201);
    const revoked = await api.delete(`/admin/clients/${c.client.id}/keys/${second.body.data.id}`);
    expect(revoked.body.data.revokedAt).toBeTruthy();
    expect((await anon.get('/app/config', { apiKey: second.body.data.key })).status).toBe(401);

    const listed = (await api.get(`/admin/clients/${c.client.id}/keys`)).body.data.items;
    expect(listed).toHaveLength(3);
    expect(listed.filter((k: { revokedAt: string | null }) => k.revokedAt === null)).toHaveLength(1);
  });

  it("answers 404 for another client's key", async () => {
    const a = (await api.post('/admin/clients', { slug: slug(), name: 'A' })).body.data;
    const b = (await api.post('/admin/clients', { slug: slug(), name: 'B' })).body.data;
    expect((await api.post(`/admin/clients/${a.client.id}/keys/${b.apiKey.id}/rotate`)).status).toBe(404);
    expect((await api.delete(`/admin/clients/${a.client.id}/keys/${b.apiKey.id}`)).status).toBe(404);
    expect((await anon.get('/app/config', { apiKey: b.apiKey.key })).status).toBe(200);
    // A client key is not a universal key either.
    expect((await api.delete(`/admin/universal-keys/${b.apiKey.id}`)).status).toBe(404);
  });

  it('issues, lists, rotates and revokes universal keys', async () => {
    const k = await api.post('/admin/universal-keys', { name: 'white-label-app' });
    expect(k.status).toBe(201);
    expect(k.body.data).toMatchObject({ kind: 'universal', clientId: null });
    expect(k.body.data.key).toMatch(/^stv_uk_/);
    expect((await anon.get('/app/config', { apiKey: k.body.data.key })).body.data.client).toBeNull();
    const list = (await api.get('/admin/universal-keys')).body.data.items;
    expect(list.map((x: { id: number }) => x.id)).toContain(k.body.data.id);
    const rotated = await api.post(`/admin/universal-keys/${k.body.data.id}/rotate`);
    expect((await anon.get('/app/config', { apiKey: k.body.data.key })).status).toBe(401);
    expect((await anon.get('/app/config', { apiKey: rotated.body.data.key })).status).toBe(200);
    await api.delete(`/admin/universal-keys/${rotated.body.data.id}`);
    expect((await anon.get('/app/config', { apiKey: rotated.body.data.key })).status).toBe(401);
  });
});
