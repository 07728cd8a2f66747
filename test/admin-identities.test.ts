import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { ADMIN_TOKEN, startTestNode } from './support/node.ts';
import { client, type Api } from './support/http.ts';
import { uniqueEmail } from './support/tenant.ts';
import { platformEm } from '../server/db/orm.ts';
import type { RunningNode } from '../server/node.ts';

let node: RunningNode;
let api: Api;
let a: number;
let b: number;
const sql = (q: string, params: unknown[] = []): Promise<any[]> => platformEm(node.services.orm).execute(q, params);
const inAMonth = () => new Date(Date.now() + 30 * 86_400_000).toISOString();

async function newClient(): Promise<number> {
  const r = await api.post('/admin/clients', { slug: `i-${randomBytes(5).toString('hex')}`, name: 'Identity Tenant' });
  return r.body.data.client.id;
}

beforeAll(async () => {
  node = await startTestNode();
  api = client(node.url, { adminToken: ADMIN_TOKEN });
  a = await newClient();
  b = await newClient();
});
afterAll(async () => {
  await node.stop('test end');
});

describe('admin API: partners and staff', () => {
  it('creates partners and staff; staff e-mail is unique platform-wide; staff can sign in', async () => {
    const p = await api.post(`/admin/clients/${a}/partners`, { name: 'Acme Wellness' });
    expect(p.status).toBe(201);
    expect(p.body.data).toMatchObject({ name: 'Acme Wellness', clientId: a });
    const email = uniqueEmail('staff');
    const s = await api.post(`/admin/clients/${a}/partners/${p.body.data.id}/staff`, {
      email: email.toUpperCase(),
      password: 'Corr3ct-Horse',
      role: 'owner',
    });
    expect(s.status).toBe(201);
    expect(s.body.data).toMatchObject({ email, role: 'owner', partnerId: p.body.data.id });
    expect(s.body.data.passwordHash).toBeUndefined();

    const pb = await api.post(`/admin/clients/${b}/partners`, { name: 'Other Co' });
    const dup = await api.post(`/admin/clients/${b}/partners/${pb.body.data.id}/staff`, {
      email,
      password: 'Corr3ct-Horse',
    });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('STAFF_EXISTS');

    const staff = await api.get(`/admin/clients/${a}/partners/${p.body.data.id}/staff`);
    expect(staff.body.data.items.map((x: { email: string }) => x.email)).toEqual([email]);
    const partners = await api.get(`/admin/clients/${a}/partners`);
    expect(partners.body.data.items.map((x: { id: number }) => x.id)).toContain(p.body.data.id);
    expect(partners.body.data.pagination).toMatchObject({ page: 1, limit: 20 });
  });

  it("answers 404 for another client's partner (staff list and create)", async () => {
    const pb = await api.post(`/admin/clients/${b}/partners`, { name: 'Tenant B partner' });
    expect((await api.get(`/admin/clients/${a}/partners/${pb.body.data.id}/staff`)).status).toBe(404);
    const r = await api.post(`/admin/clients/${a}/partners/${pb.body.data.id}/staff`, {
      email: uniqueEmail(),
      password: 'Corr3ct-Horse',
    });
    expect(r.status).toBe(404);
    expect((await api.post(`/admin/clients/999999999/partners`, { name: 'x' })).status).toBe(404);
  });

  it('rejects bad staff and partner input with field details', async () => {
    const p = (await api.post(`/admin/clients/${a}/partners`, { name: 'Validator' })).body.data;
    const cases: Array<[string, unknown, string]> = [
      [`/admin/clients/${a}/partners`, { name: '' }, 'name'],
      [`/admin/clients/${a}/partners`, {}, 'name'],
      [`/admin/clients/${a}/partners/${p.id}/staff`, { email: 'not-an-email', password: 'Corr3ct-Horse' }, 'email'],
      [`/admin/clients/${a}/partners/${p.id}/staff`, { email: uniqueEmail(), password: 'short' }, 'password'],
      [`/admin/clients/${a}/partners/${p.id}/staff`, { email: uniqueEmail(), password: 'password1' }, 'password'],
      [
        `/admin/clients/${a}/partners/${p.id}/staff`,
        { email: uniqueEmail(), password: 'Corr3ct-Horse', role: 'boss' },
        'role',
      ],
    ];
    for (const [path, body, field] of cases) {
      const r = await api.post(path, body);
      expect(r.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect(r.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });
});

describe('admin API: vouchers', () => {
  it('issues a batch of 500 unique codes in the contract shape', async () => {
    const r = await api.post(`/admin/clients/${a}/vouchers`, { quantity: 500, prefix: 'bulk', expiresAt: inAMonth() });
    expect(r.status).toBe(201);
    const vouchers = r.body.data.vouchers as Array<{ id: number; code: string; status: string; expiresAt: string }>;
    expect(vouchers).toHaveLength(500);
    expect(new Set(vouchers.map((v) => v.code)).size).toBe(500);
    for (const v of vouchers) {
      expect(v.code).toMatch(/^[A-Z0-9-]{4,40}$/);
      expect(v.code.startsWith('BULK-')).toBe(true);
      expect(v.status).toBe('active');
      expect(Object.keys(v).sort()).toEqual(['code', 'expiresAt', 'id', 'status']);
    }
  });

  it('lists with status filter, search and pagination', async () => {
    const c = await newClient();
    const issued = (await api.post(`/admin/clients/${c}/vouchers`, { quantity: 25, prefix: 'LST' })).body.data.vouchers;
    await api.delete(`/admin/clients/${c}/vouchers/${issued[0].id}`);
    const page2 = await api.get(`/admin/clients/${c}/vouchers?page=2&limit=10`);
    expect(page2.body.data.items).toHaveLength(10);
    expect(page2.body.data.pagination).toEqual({ page: 2, limit: 10, total: 25, totalPages: 3 });
    const revoked = await api.get(`/admin/clients/${c}/vouchers?status=revoked`);
    expect(revoked.body.data.items.map((v: { id: number }) => v.id)).toEqual([issued[0].id]);
    const search = await api.get(`/admin/clients/${c}/vouchers?search=${issued[3].code.slice(-9)}`);
    expect(search.body.data.items.map((v: { code: string }) => v.code)).toContain(issued[3].code);
    expect((await api.get(`/admin/clients/${c}/vouchers?status=lost`)).status).toBe(400);
  });

  it('revokes an active voucher; a redeemed one cannot be revoked (409)', async () => {
    const [v1, v2] = (await api.post(`/admin/clients/${a}/vouchers`, { quantity: 2 })).body.data.vouchers;
    const r = await api.delete(`/admin/clients/${a}/vouchers/${v1.id}`);
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ status: 'revoked' });
    expect((await api.delete(`/admin/clients/${a}/vouchers/${v1.id}`)).status).toBe(200);

    await sql(`update vouchers set status = 'redeemed', redeemed_at = now() where id = ?`, [v2.id]);
    const redeemed = await api.delete(`/admin/clients/${a}/vouchers/${v2.id}`);
    expect(redeemed.status).toBe(409);
    expect(redeemed.body.code).toBe('VOUCHER_REDEEMED');
  });

  it("answers 404 for another client's voucher or partner", async () => {
    const vb = (await api.post(`/admin/clients/${b}/vouchers`, { quantity: 1 })).body.data.vouchers[0];
    expect((await api.delete(`/admin/clients/${a}/vouchers/${vb.id}`)).status).toBe(404);
    const rows = await sql(`select status from vouchers where id = ?`, [vb.id]);
    expect(rows[0]?.status).toBe('active');
    const pb = (await api.post(`/admin/clients/${b}/partners`, { name: 'B only' })).body.data;
    expect((await api.post(`/admin/clients/${a}/vouchers`, { quantity: 1, partnerId: pb.id })).status).toBe(404);
  });

  it('rejects bad batches with field details', async () => {
    const cases: Array<[unknown, string]> = [
      [{ quantity: 0 }, 'quantity'],
      [{ quantity: 501 }, 'quantity'],
      [{ quantity: 1.5 }, 'quantity'],
      [{ quantity: '10' }, 'quantity'],
      [{}, 'quantity'],
      [{ quantity: 1, prefix: 'has space' }, 'prefix'],
      [{ quantity: 1, prefix: 'WAYTOOLONGPREFIX' }, 'prefix'],
      [{ quantity: 1, expiresAt: 'tomorrow' }, 'expiresAt'],
      [{ quantity: 1, expiresAt: '2001-01-01T00:00:00Z' }, 'expiresAt'],
      [{ quantity: 1, partnerId: 'x' }, 'partnerId'],
    ];
    for (const [body, field] of cases) {
      const r = await api.post(`/admin/clients/${a}/vouchers`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.code).toBe('VALIDATION_ERROR');
      expect(r.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });
});

describe('admin API: trainers and invites', () => {
  it('creates trainers, lists them and issues expiring invite codes', async () => {
    const t = await api.post(`/admin/clients/${a}/trainers`, {
      name: 'Maya Chen',
      email: 'Maya@Example.com',
      bio: 'Strength coach.',
      imageUrl: 'https://example.com/maya.jpg',
      specialisations: ['strength', 'mobility'],
    });
    expect(t.status).toBe(201);
    expect(t.body.data).toMatchObject({
      name: 'Maya Chen',
      email: 'maya@example.com',
      specialisations: ['strength', 'mobility'],
      registered: false,
    });
    const inv = await api.post(`/admin/clients/${a}/trainers/${t.body.data.id}/invites`, { expiresInDays: 3 });
    expect(inv.status).toBe(201);
    expect(inv.body.data.code).toMatch(/^TR-[A-Z0-9-]+$/);
    const days = (Date.parse(inv.body.data.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(2.9);
    expect(days).toBeLessThan(3.1);
    const def = await api.post(`/admin/clients/${a}/trainers/${t.body.data.id}/invites`);
    expect(def.body.data.code).not.toBe(inv.body.data.code);
    const list = await api.get(`/admin/clients/${a}/trainers`);
    expect(list.body.data.items.map((x: { id: number }) => x.id)).toContain(t.body.data.id);
  });

  it("answers 404 for another client's trainer and 400 for bad input", async () => {
    const tb = (await api.post(`/admin/clients/${b}/trainers`, { name: 'B Trainer' })).body.data;
    expect((await api.post(`/admin/clients/${a}/trainers/${tb.id}/invites`)).status).toBe(404);
    const bad: Array<[string, unknown, string]> = [
      [`/admin/clients/${a}/trainers`, { name: '' }, 'name'],
      [`/admin/clients/${a}/trainers`, { name: 'X', email: 'nope' }, 'email'],
      [`/admin/clients/${a}/trainers`, { name: 'X', imageUrl: 'nope' }, 'imageUrl'],
      [`/admin/clients/${a}/trainers`, { name: 'X', specialisations: 'yoga' }, 'specialisations'],
      [`/admin/clients/${b}/trainers/${tb.id}/invites`, { expiresInDays: 0 }, 'expiresInDays'],
      [`/admin/clients/${b}/trainers/${tb.id}/invites`, { expiresAt: '2000-01-01T00:00:00Z' }, 'expiresAt'],
    ];
    for (const [path, body, field] of bad) {
      const r = await api.post(path, body);
      expect(r.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect(r.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });
});
