import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode } from './support/node.ts';
import { client, type Api } from './support/http.ts';
import { createTenant, uniqueEmail, type TestTenant } from './support/tenant.ts';
import { createPartner, createStaff, createVoucher } from './support/identities.ts';
import { closeSockets, connectSocket } from './support/realtime.ts';
import { tenantScope } from '../domain/shared/scope.ts';
import { PartnerStaff } from '../domain/identity/partner.entity.ts';
import { hashPassword } from '../domain/auth/passwords.ts';
import type { RunningNode } from '../server/node.ts';

/** Issue 8 item 3 (with issue 10 item 5): a partner owner suspends and restores a member's access. */
const password = 'correct-horse-42';
let node: RunningNode;
let api: Api;
let t: TestTenant;

beforeAll(async () => {
  node = await startTestNode();
  api = client(node.url);
  t = await createTenant(node);
});
afterEach(() => closeSockets());
afterAll(() => node.stop());

async function partnerWithOwner(tenant: TestTenant) {
  const partner = await createPartner(node, tenant);
  const email = uniqueEmail('owner');
  await createStaff(node, tenant, partner.id, { email, password });
  const token = (await api.post('/partner-auth/login', { email, password })).body.data.accessToken as string;
  return { partner, token };
}

async function member(tenant: TestTenant, partnerId: number | null) {
  const voucher = await createVoucher(node, tenant, { partnerId });
  const email = uniqueEmail('member');
  const reg = await api.post(
    '/auth/register',
    { email, password, voucherCode: voucher.code },
    { apiKey: tenant.apiKey },
  );
  expect(reg.status).toBe(201);
  return {
    email,
    id: reg.body.data.user.id as number,
    accessToken: reg.body.data.accessToken as string,
    refreshToken: reg.body.data.refreshToken as string,
  };
}

describe('partner member suspension', () => {
  it('suspends: requests 403 ACCOUNT_SUSPENDED, sockets closed, sign-in and refresh refused, nothing deleted; restore brings access back', async () => {
    const { partner, token } = await partnerWithOwner(t);
    const m = await member(t, partner.id);
    const socket = await connectSocket(node.url, t.slug, { apiKey: t.apiKey, token: m.accessToken });
    const revoked = new Promise<{ code: string }>((resolve) => socket.once('auth:revoked', resolve));
    const gone = new Promise((resolve) => socket.once('disconnect', resolve));

    const s = await api.post(`/partner/members/${m.id}/suspend`, {}, { token });
    expect(s.status).toBe(200);
    expect(s.body.data).toMatchObject({ id: m.id, suspended: true, suspendedAt: expect.any(String) });

    const me = await api.get('/auth/me', { apiKey: t.apiKey, token: m.accessToken });
    expect(me.status).toBe(403);
    expect(me.body.code).toBe('ACCOUNT_SUSPENDED');
    expect((await revoked).code).toBe('ACCOUNT_SUSPENDED');
    await gone;
    const login = await api.post('/auth/login', { email: m.email, password }, { apiKey: t.apiKey });
    expect(login.status).toBe(403);
    expect(login.body.code).toBe('ACCOUNT_SUSPENDED');
    const refresh = await api.post('/auth/refresh', { refreshToken: m.refreshToken }, { apiKey: t.apiKey });
    expect(refresh.status).toBe(403);
    expect(refresh.body.code).toBe('ACCOUNT_SUSPENDED');
    // Still a member: the partner sees them, nothing was deleted.
    expect((await api.get(`/partner/members/${m.id}`, { token })).status).toBe(200);

    const r = await api.post(`/partner/members/${m.id}/restore`, {}, { token });
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ id: m.id, suspended: false, suspendedAt: null });
    const again = await api.post('/auth/refresh', { refreshToken: m.refreshToken }, { apiKey: t.apiKey });
    expect(again.status).toBe(200);
    expect((await api.get('/auth/me', { apiKey: t.apiKey, token: again.body.data.accessToken })).status).toBe(200);
    expect((await api.post('/auth/login', { email: m.email, password }, { apiKey: t.apiKey })).status).toBe(200);
  });

  it("answers 404 for another partner's member, a user who is nobody's member, and another tenant's user", async () => {
    const { token } = await partnerWithOwner(t);
    const other = await partnerWithOwner(t);
    const theirs = await member(t, other.partner.id);
    const nobodys = await member(t, null);
    const t2 = await createTenant(node);
    const p2 = await partnerWithOwner(t2);
    const foreign = await member(t2, p2.partner.id);
    for (const id of [theirs.id, nobodys.id, foreign.id, 2_000_000_000]) {
      for (const action of ['suspend', 'restore']) {
        const r = await api.post(`/partner/members/${id}/${action}`, {}, { token });
        expect(r.status, `${action} ${id}`).toBe(404);
        expect(r.body.code).toBe('NOT_FOUND');
      }
    }
    expect((await api.get('/auth/me', { apiKey: t.apiKey, token: theirs.accessToken })).status).toBe(200);
  });

  it('is for owners: a viewer gets 403, and app keys or user tokens do not reach it', async () => {
    const { partner } = await partnerWithOwner(t);
    const m = await member(t, partner.id);
    const em = tenantScope(node.services.orm.em, t.id);
    const email = uniqueEmail('viewer');
    em.create(PartnerStaff, {
      clientId: t.id,
      partnerId: partner.id,
      email,
      name: null,
      passwordHash: await hashPassword(password),
      role: 'viewer',
    });
    await em.flush();
    const viewer = (await api.post('/partner-auth/login', { email, password })).body.data.accessToken;
    const r = await api.post(`/partner/members/${m.id}/suspend`, {}, { token: viewer });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('OWNER_ROLE_REQUIRED');
    expect(
      (await api.post(`/partner/members/${m.id}/suspend`, {}, { apiKey: t.apiKey, token: m.accessToken })).status,
    ).toBe(401);
    expect((await api.post(`/partner/members/${m.id}/suspend`, {})).status).toBe(401);
  });
});
