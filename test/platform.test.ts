import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestNode } from './support/node.ts';
import { client, type Api } from './support/http.ts';
import { createTenant, type TestTenant } from './support/tenant.ts';
import type { RunningNode } from '../server/node.ts';

let node: RunningNode;
let api: Api;
let tenant: TestTenant;

beforeAll(async () => {
  node = await startTestNode();
  api = client(node.url);
  tenant = await createTenant(node, { requiresVoucher: false });
});
afterAll(async () => {
  await node.stop('test end');
});

describe('platform basics', () => {
  it('answers /health in the documented shape', async () => {
    const r = await api.get('/health');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ success: true, data: { status: 'ok', version: '1.0.0', environment: 'test' } });
    expect(typeof r.body.data.uptime).toBe('number');
    expect(r.headers.get('x-request-id')).toBeTruthy();
  });

  it('reports database state in /health/detailed', async () => {
    const r = await api.get('/health/detailed');
    expect(r.body.data.dependencies.database.status).toBe('up');
    expect(r.body.data.platform.node).toMatch(/^v24\./);
  });

  it('serves the client config for a client key', async () => {
    const r = await api.get('/app/config', { apiKey: tenant.apiKey });
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ requiresVoucher: false, client: { slug: tenant.slug } });
  });

  it('refuses a missing or unknown key with 401 in the error envelope', async () => {
    const missing = await api.get('/app/config');
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ success: false, code: 'API_KEY_REQUIRED' });
    const unknown = await api.get('/app/config', { apiKey: 'stv_ck_nope_nope' });
    expect(unknown.body.code).toBe('INVALID_API_KEY');
  });

  it("records a key's last use (written off the request path, at most once a minute per node)", async () => {
    const t = await createTenant(node);
    const admin = { adminToken: ADMIN_TOKEN };
    const before = await api.get(`/admin/clients/${t.id}/keys`, admin);
    expect(before.body.data.items[0].lastUsedAt).toBeNull();
    for (let i = 0; i < 5; i++) expect((await api.get('/app/config', { apiKey: t.apiKey })).status).toBe(200);
    let lastUsedAt: string | null = null;
    for (let i = 0; i < 40 && !lastUsedAt; i++) {
      lastUsedAt = (await api.get(`/admin/clients/${t.id}/keys`, admin)).body.data.items[0].lastUsedAt;
      if (!lastUsedAt) await new Promise((r) => setTimeout(r, 50));
    }
    expect(lastUsedAt).not.toBeNull();
  });

  it('does not accept a voice-agent key as an app API key', async () => {
    const issued = await api.post(`/admin/clients/${tenant.id}/agent-keys`, {}, { adminToken: ADMIN_TOKEN });
    expect(issued.status).toBe(201);
    const r = await api.get('/app/config', { apiKey: issued.body.data.key });
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('INVALID_API_KEY');
  });

  it('answers unknown routes 404 and malformed JSON 400', async () => {
    expect((await api.get('/no/such/route')).body.code).toBe('NOT_FOUND');
    const bad = await api.raw('POST', '/auth/login', '{"email":', { apiKey: tenant.apiKey });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_JSON');
  });

  it('answers an oversize body with 413', async () => {
    const big = JSON.stringify({ blob: 'x'.repeat(2 * 1024 * 1024) });
    const r = await api.raw('POST', '/auth/login', big, { apiKey: tenant.apiKey });
    expect(r.status).toBe(413);
    expect(r.body.code).toBe('PAYLOAD_TOO_LARGE');
  });
});
