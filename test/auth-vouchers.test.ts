import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode } from './support/node.ts';
import { client, type Api } from './support/http.ts';
import { createTenant, uniqueEmail, type TestTenant } from './support/tenant.ts';
import { createPartner, createUniversalKey, createVoucher } from './support/identities.ts';
import { platformEm } from '../server/db/orm.ts';
import type { RunningNode } from '../server/node.ts';

let node: RunningNode;
let api: Api;
let a: TestTenant;
let b: TestTenant;
let universal: string;
const password = 'correct-horse-42';

beforeAll(async () => {
  node = await startTestNode();
  api = client(node.url);
  a = await createTenant(node, {
    requiresVoucher: true,
    branding: { name: 'Studio A', logoUrl: 'https://a.example/logo.png' },
  });
  b = await createTenant(node);
  universal = await createUniversalKey(node);
});
afterAll(() => node.stop('test end'));

const sql = <T = any>(query: string, params: unknown[] = []) =>
  platformEm(node.services.orm).execute<T[]>(query, params);

describe('single-use vouchers under concurrency', () => {
  it('lets exactly one of 20 concurrent registrations redeem one voucher', async () => {
    const voucher = await createVoucher(node, a);
    const emails = Array.from({ length: 20 }, () => uniqueEmail('race'));
    const answers = await Promise.all(
      emails.map((email) =>
        api.post('/auth/register', { email, password, voucherCode: voucher.code }, { apiKey: a.apiKey }),
      ),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    for (const r of answers.filter((x) => x.status !== 201)) {
      expect([400, 409]).toContain(r.status);
      expect(r.body.code).toBe('INVALID_VOUCHER');
    }
    const winner = answers.find((r) => r.status === 201)!.body.data.user;
    const [row] = await sql(`select status, redeemed_by_user_id from vouchers where id = ?`, [voucher.id]);
    expect(row).toMatchObject({ status: 'redeemed', redeemed_by_user_id: winner.id });
    const users = await sql(`select id from users where client_id = ? and email = any(?::text[])`, [
      a.id,
      `{${emails.join(',')}}`,
    ]);
    expect(users).toHaveLength(1);
  });
});

describe('universal key', () => {
  it("registers into the voucher's client and answers with that client", async () => {
    const voucher = await createVoucher(node, a);
    const email = uniqueEmail();
    const r = await api.post('/auth/register', { email, password, voucherCode: voucher.code }, { apiKey: universal });
    expect(r.status).toBe(201);
    expect(r.body.data.client).toMatchObject({
      id: a.id,
      slug: a.slug,
      name: `Tenant ${a.slug}`,
      branding: { name: 'Studio A' },
    });
    const [row] = await sql(`select client_id from users where id = ?`, [r.body.data.user.id]);
    expect(row.client_id).toBe(a.id);
    // The token works with the client's own key and with the universal key.
    expect((await api.get('/auth/me', { apiKey: a.apiKey, token: r.body.data.accessToken })).status).toBe(200);
    expect((await api.get('/auth/me', { apiKey: universal, token: r.body.data.accessToken })).body.data.client.id).toBe(
      a.id,
    );
  });

  it('answers INVALID_VOUCHER for an unknown code', async () => {
    const r = await api.post(
      '/auth/register',
      { email: uniqueEmail(), password, voucherCode: 'NO-SUCH-CODE' },
      { apiKey: universal },
    );
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('INVALID_VOUCHER');
  });

  it('without a voucher: NO_DEFAULT_CLIENT, or the default client when one is marked', async () => {
    const body = () => ({ email: uniqueEmail(), password });
    const [existing] = await sql<{ id: number }>(`select id from clients where is_default`);
    let mine: TestTenant | null = null;
    if (!existing) {
      const r = await api.post('/auth/register', body(), { apiKey: universal });
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('NO_DEFAULT_CLIENT');
      mine = await createTenant(node, { isDefault: true }).catch(() => null);
    }
    const [fallback] = await sql<{ id: number; requires_voucher: boolean }>(
      `select id, requires_voucher from clients where is_default`,
    );
    try {
      const r = await api.post('/auth/register', body(), { apiKey: universal });
      if (fallback!.requires_voucher) expect(r.body.code).toBe('VOUCHER_REQUIRED');
      else expect(r.body.data.client.id).toBe(fallback!.id);
    } finally {
      if (mine) await sql(`update clients set is_default = false where id = ?`, [mine.id]);
    }
  });

  it('signs in across clients and returns the client whose account the password opens', async () => {
    const email = uniqueEmail();
    const voucher = await createVoucher(node, a);
    await api.post('/auth/register', { email, password, voucherCode: voucher.code }, { apiKey: a.apiKey });
    await api.post('/auth/register', { email, password: 'another-pass-77' }, { apiKey: b.apiKey });
    const inA = await api.post('/auth/login', { email, password }, { apiKey: universal });
    expect(inA.status).toBe(200);
    expect(inA.body.data.client.id).toBe(a.id);
    const inB = await api.post('/auth/login', { email, password: 'another-pass-77' }, { apiKey: universal });
    expect(inB.body.data.client.id).toBe(b.id);
    expect(
      (await api.post('/auth/login', { email, password: 'wrong-pass-000' }, { apiKey: universal })).body.code,
    ).toBe('INVALID_CREDENTIALS');
  });
});

describe('voucher validate and the join deep link', () => {
  it('validates without redeeming, with partner and client', async () => {
    const partner = await createPartner(node, a, 'Globex Wellness');
    const voucher = await createVoucher(node, a, { partnerId: partner.id });
    for (let i = 0; i < 2; i++) {
      const r = await api.post('/auth/voucher/validate', { code: voucher.code }, { apiKey: a.apiKey });
      expect(r.status).toBe(200);
      expect(r.body.data).toMatchObject({
        valid: true,
        code: voucher.code,
        status: 'active',
        partner: { id: partner.id, name: 'Globex Wellness' },
        client: { id: a.id, branding: { name: 'Studio A' } },
      });
    }
    const viaUniversal = await api.post('/auth/voucher/validate', { code: voucher.code }, { apiKey: universal });
    expect(viaUniversal.body.data).toMatchObject({ valid: true, client: { id: a.id } });
  });

  it("says not valid for another client's code under a client key, without naming that client", async () => {
    const foreign = await createVoucher(node, a, { partnerId: (await createPartner(node, a)).id });
    const r = await api.post('/auth/voucher/validate', { code: foreign.code }, { apiKey: b.apiKey });
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual({
      valid: false,
      code: foreign.code,
      status: null,
      partner: null,
      client: expect.objectContaining({ id: b.id }),
    });
    expect(JSON.stringify(r.body)).not.toContain(a.slug);
  });

  it('reports expired, revoked and redeemed codes as not valid, with their status', async () => {
    const expired = await createVoucher(node, a, { expiresAt: new Date(Date.now() - 1000) });
    const revoked = await createVoucher(node, a, { status: 'revoked' });
    const redeemed = await createVoucher(node, a, { status: 'redeemed' });
    for (const [v, status] of [
      [expired, 'expired'],
      [revoked, 'revoked'],
      [redeemed, 'redeemed'],
    ] as const) {
      const r = await api.post('/auth/voucher/validate', { code: v.code }, { apiKey: a.apiKey });
      expect(r.body.data).toMatchObject({ valid: false, status });
      expect((await api.get(`/app/join/${v.code}`)).status).toBe(404);
    }
  });

  it('serves the deep link without credentials, and 404 INVALID_VOUCHER for unknown codes', async () => {
    const voucher = await createVoucher(node, a);
    const r = await api.get(`/app/join/${voucher.code.toLowerCase()}`);
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({
      valid: true,
      code: voucher.code,
      partner: null,
      client: { id: a.id, branding: { logoUrl: 'https://a.example/logo.png' } },
    });
    const unknown = await api.get('/app/join/NOPE-NOPE');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ success: false, code: 'INVALID_VOUCHER' });
  });
});
