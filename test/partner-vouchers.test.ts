import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { startTestNode } from './support/node.ts';
import { client, type Api } from './support/http.ts';
import { createTenant, uniqueEmail, type TestTenant } from './support/tenant.ts';
import { partnerWithStaff } from './support/partners.ts';
import { platformEm } from '../server/db/orm.ts';
import type { RunningNode } from '../server/node.ts';

let node: RunningNode;
let api: Api;
let a: TestTenant;
let b: TestTenant;
let acme: Awaited<ReturnType<typeof partnerWithStaff>>;
let initech: Awaited<ReturnType<typeof partnerWithStaff>>;
let other: Awaited<ReturnType<typeof partnerWithStaff>>;
const future = () => new Date(Date.now() + 30 * 86_400_000).toISOString();

beforeAll(async () => {
  node = await startTestNode();
  api = client(node.url);
  a = await createTenant(node, { requiresVoucher: false });
  b = await createTenant(node);
  acme = await partnerWithStaff(node, a, 'Acme');
  initech = await partnerWithStaff(node, a, 'Initech');
  other = await partnerWithStaff(node, b, 'Other tenant partner');
});
afterAll(() => node.stop('test end'));

const issue = (body: unknown, creds = acme.owner.creds) => api.post('/partner/vouchers', body, creds);

describe('issuing vouchers', () => {
  it("issues 500 unique codes in one request, with the prefix, expiry and batch, for the caller's partner", async () => {
    const expiresAt = future();
    const r = await issue({ quantity: 500, prefix: 'acme', expiresAt, batch: 'Spring intake' });
    expect(r.status).toBe(201);
    const vouchers = r.body.data.vouchers as Array<{ id: number; code: string; status: string; expiresAt: string }>;
    expect(vouchers).toHaveLength(500);
    expect(Object.keys(vouchers[0]!).sort()).toEqual(['code', 'expiresAt', 'id', 'status']);
    expect(new Set(vouchers.map((v) => v.code)).size).toBe(500);
    for (const v of vouchers) {
      expect(v.code).toMatch(/^ACME-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
      expect(v).toMatchObject({ status: 'active', expiresAt: new Date(expiresAt).toISOString() });
    }
    const rows = await platformEm(node.services.orm).execute(
      `select count(*)::int as n, count(distinct partner_id)::int as partners, min(partner_id) as partner, min(batch) as batch, min(client_id) as client
       from vouchers where id = any(?::int[])`,
      [`{${vouchers.map((v) => v.id).join(',')}}`],
    );
    expect(rows[0]).toMatchObject({
      n: 500,
      partners: 1,
      partner: acme.partner.id,
      batch: 'Spring intake',
      client: a.id,
    });
  });

  it('bounds the quantity to 1..500 and validates the rest', async () => {
    expect((await issue({ quantity: 1 })).status).toBe(201);
    for (const body of [
      { quantity: 0 },
      { quantity: 501 },
      { quantity: 2.5 },
      {},
      { quantity: 5, prefix: 'NO-DASH' },
      { quantity: 5, expiresAt: '2001-01-01T00:00:00Z' },
      { quantity: 5, partnerId: initech.partner.id },
      { quantity: 5, batch: '' },
    ]) {
      const r = await issue(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body).toMatchObject({ success: false, code: 'VALIDATION_ERROR' });
    }
  });

  it('needs the client key as well as the partner token, and the owner role', async () => {
    expect((await api.post('/partner/vouchers', { quantity: 1 }, { token: acme.owner.token })).body.code).toBe(
      'API_KEY_REQUIRED',
    );
    expect((await api.post('/partner/vouchers', { quantity: 1 }, { apiKey: a.apiKey })).status).toBe(401);
    // A token of client A with the key of client B is refused.
    expect(
      (await api.post('/partner/vouchers', { quantity: 1 }, { token: acme.owner.token, apiKey: b.apiKey })).body.code,
    ).toBe('INVALID_TOKEN');
    const viewer = await issue({ quantity: 1 }, acme.viewer.creds);
    expect(viewer.status).toBe(403);
    expect(viewer.body.code).toBe('OWNER_ROLE_REQUIRED');
  });

  it('keeps codes unique under concurrent issuance (the database decides)', async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => issue({ quantity: 250, prefix: 'RACE', batch: `race-${i}` })),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(8).fill(201));
    const codes = answers.flatMap((r) => r.body.data.vouchers.map((v: { code: string }) => v.code));
    expect(codes).toHaveLength(2000);
    expect(new Set(codes).size).toBe(2000);
    const [row] = await platformEm(node.services.orm).execute(
      `select count(*)::int as n from vouchers where code like 'RACE-%' and client_id = ?`,
      [a.id],
    );
    expect(row!.n).toBe(2000);
  });
});

describe('listing, stats, export and revocation', () => {
  let p: Awaited<ReturnType<typeof partnerWithStaff>>;
  let ids: number[];
  beforeAll(async () => {
    p = await partnerWithStaff(node, a, 'Listing Co');
    const one = await issue({ quantity: 6, prefix: 'LIST', batch: 'first' }, p.owner.creds);
    const two = await issue({ quantity: 2, prefix: 'LIST', batch: 'second' }, p.owner.creds);
    ids = [...one.body.data.vouchers, ...two.body.data.vouchers].map((v: { id: number }) => v.id);
    // One redeemed by a registration, one revoked, one expired (past expiry but not yet marked by the job).
    const code = one.body.data.vouchers[0].code;
    const reg = await api.post(
      '/auth/register',
      { email: uniqueEmail('member'), password: 'member-pass-42', voucherCode: code },
      { apiKey: a.apiKey },
    );
    expect(reg.status).toBe(201);
    expect((await api.delete(`/partner/vouchers/${ids[1]}`, p.owner.creds)).status).toBe(200);
    await platformEm(node.services.orm).execute(
      `update vouchers set expires_at = now() - interval '1 minute' where id = ?`,
      [ids[2]],
    );
  });

  it("lists the partner's vouchers only, filtered by status, search and batch, in the contract's list shape", async () => {
    const all = await api.get('/partner/vouchers?limit=5', p.viewer.creds);
    expect(all.status).toBe(200);
    expect(all.body.data.pagination).toEqual({ page: 1, limit: 5, total: 8, totalPages: 2 });
    expect(all.body.data.items).toHaveLength(5);
    const by = async (q: string) => (await api.get(`/partner/vouchers?${q}`, p.viewer.creds)).body.data;
    expect((await by('status=redeemed')).items.map((v: { id: number }) => v.id)).toEqual([ids[0]]);
    expect((await by('status=revoked')).items.map((v: { id: number }) => v.id)).toEqual([ids[1]]);
    expect((await by('status=expired')).items.map((v: { id: number }) => v.id)).toEqual([ids[2]]);
    expect((await by('status=active')).pagination.total).toBe(5);
    expect((await by('batch=second')).pagination.total).toBe(2);
    const code = (await by('batch=second')).items[0].code as string;
    expect((await by(`search=${code.slice(-6)}`)).items.map((v: { code: string }) => v.code)).toEqual([code]);
    expect((await by('search=%25')).pagination.total).toBe(0);
    // Another partner of the same client sees none of these.
    const elsewhere = (await api.get('/partner/vouchers?batch=second', initech.owner.creds)).body.data;
    expect(elsewhere.pagination.total).toBe(0);
  });

  it('counts by status with the redemption rate', async () => {
    const r = await api.get('/partner/vouchers/stats', p.viewer.creds);
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual({ total: 8, active: 5, redeemed: 1, expired: 1, revoked: 1, redemptionRate: 0.125 });
  });

  it('exports the vouchers as CSV that parses back to the same rows', async () => {
    const res = await fetch(`${node.url}/api/v1/partner/vouchers/export`, {
      headers: { Authorization: `Bearer ${p.viewer.token}`, 'X-API-Key': a.apiKey },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="vouchers.csv"/);
    const rows = parse(await res.text(), { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(8);
    expect(Object.keys(rows[0]!)).toEqual([
      'code',
      'status',
      'batch',
      'expiresAt',
      'redeemedAt',
      'revokedAt',
      'createdAt',
    ]);
    const list = (await api.get('/partner/vouchers?limit=100', p.viewer.creds)).body.data.items as Array<
      Record<string, string | null>
    >;
    const byCode = new Map(list.map((v) => [v.code, v]));
    for (const row of rows) {
      const v = byCode.get(row['code']!)!;
      expect(row).toEqual({
        code: v.code,
        status: v.status,
        batch: v.batch ?? '',
        expiresAt: v.expiresAt ?? '',
        redeemedAt: v.redeemedAt ?? '',
        revokedAt: v.revokedAt ?? '',
        createdAt: v.createdAt,
      });
    }
    const filtered = await fetch(`${node.url}/api/v1/partner/vouchers/export?status=revoked`, {
      headers: { Authorization: `Bearer ${p.owner.token}`, 'X-API-Key': a.apiKey },
    });
    expect((parse(await filtered.text(), { columns: true }) as unknown[]).length).toBe(1);
  });

  it('streams a large export in pages (more rows than one page)', async () => {
    const big = await partnerWithStaff(node, a, 'Big Co');
    for (let i = 0; i < 5; i++)
      expect((await issue({ quantity: 500, batch: 'bulk' }, big.owner.creds)).status).toBe(201);
    const res = await fetch(`${node.url}/api/v1/partner/vouchers/export`, {
      headers: { Authorization: `Bearer ${big.owner.token}`, 'X-API-Key': a.apiKey },
    });
    const rows = parse(await res.text(), { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(2500);
    expect(new Set(rows.map((r) => r['code'])).size).toBe(2500);
  });

  it('revokes an active voucher; a redeemed one is 409, a revoked one stays revoked', async () => {
    const redeemed = await api.delete(`/partner/vouchers/${ids[0]}`, p.owner.creds);
    expect(redeemed.status).toBe(409);
    expect(redeemed.body.code).toBe('VOUCHER_REDEEMED');
    const r = await api.delete(`/partner/vouchers/${ids[3]}`, p.owner.creds);
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ id: ids[3], status: 'revoked' });
    expect((await api.delete(`/partner/vouchers/${ids[3]}`, p.owner.creds)).body.data.status).toBe('revoked');
    const viewer = await api.delete(`/partner/vouchers/${ids[4]}`, p.viewer.creds);
    expect(viewer.status).toBe(403);
  });

  it("answers 404 for another partner's or another tenant's voucher, and changes nothing", async () => {
    const target = ids[5]!;
    const samePartnerless = await api.delete(`/partner/vouchers/${target}`, initech.owner.creds);
    expect(samePartnerless.status).toBe(404);
    const crossTenant = await api.delete(`/partner/vouchers/${target}`, other.owner.creds);
    expect(crossTenant.status).toBe(404);
    expect((await api.delete('/partner/vouchers/999999999', p.owner.creds)).status).toBe(404);
    const [row] = await platformEm(node.services.orm).execute(`select status from vouchers where id = ?`, [target]);
    expect(row!.status).toBe('active');
    // Nor do another tenant's staff see these vouchers in their list, stats or export.
    expect((await api.get('/partner/vouchers', other.owner.creds)).body.data.pagination.total).toBe(0);
    expect((await api.get('/partner/vouchers/stats', other.owner.creds)).body.data.total).toBe(0);
  });
});

describe('the stricter bucket for bulk work', () => {
  it('limits voucher batches and exports per caller before the general limit, and leaves reading alone', async () => {
    const limited = await startTestNode({
      RATE_LIMIT_PER_MINUTE: '100',
      RATE_LIMIT_BURST: '40',
      RATE_LIMIT_CLIENT_PER_MINUTE: '100000',
    });
    try {
      const t = await createTenant(limited);
      const p = await partnerWithStaff(limited, t, 'Limited');
      const lapi = client(limited.url);
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++)
        statuses.push((await lapi.post('/partner/vouchers', { quantity: 1 }, p.owner.creds)).status);
      for (let i = 0; i < 5; i++) statuses.push((await lapi.get('/partner/vouchers/export', p.owner.creds)).status);
      // The bulk bucket holds a tenth of the burst (40 / 4 = 10): the 11th bulk request waits.
      expect(statuses).toEqual([...Array(6).fill(201), ...Array(4).fill(200), 429]);
      expect((await lapi.get('/partner/vouchers', p.owner.creds)).status).toBe(200);
      expect((await lapi.get('/partner/vouchers/stats', p.owner.creds)).status).toBe(200);
      // Another staff member of the same partner has their own bucket.
      expect((await lapi.post('/partner/vouchers', { quantity: 1 }, p.viewer.creds)).status).toBe(403);
    } finally {
      await limited.stop('test end');
    }
  });
});
