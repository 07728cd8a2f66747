import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode } from './support/node.ts';
import { client, type Api } from './support/http.ts';
import { createTenant, uniqueEmail, type TestTenant } from './support/tenant.ts';
import { partnerWithStaff, signInStaff, STAFF_PASSWORD } from './support/partners.ts';
import type { RunningNode } from '../server/node.ts';

let node: RunningNode;
let api: Api;
let a: TestTenant;
let b: TestTenant;

beforeAll(async () => {
  node = await startTestNode();
  api = client(node.url);
  a = await createTenant(node);
  b = await createTenant(node);
});
afterAll(() => node.stop('test end'));

describe('partner staff', () => {
  it('an owner adds a viewer, who signs in and reads but cannot change anything', async () => {
    const { owner } = await partnerWithStaff(node, a);
    const email = uniqueEmail('new-viewer');
    const added = await api.post(
      '/partner/staff',
      { email, password: STAFF_PASSWORD, name: 'Val Viewer' },
      { token: owner.token },
    );
    expect(added.status).toBe(201);
    expect(added.body.data).toMatchObject({
      email,
      name: 'Val Viewer',
      role: 'viewer',
      active: true,
      deactivatedAt: null,
    });
    const login = await api.post('/partner-auth/login', { email, password: STAFF_PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body.data.staff.role).toBe('viewer');
    const viewer = { token: login.body.data.accessToken, apiKey: a.apiKey };
    expect((await api.get('/partner/vouchers', viewer)).status).toBe(200);
    expect((await api.get('/partner/members', viewer)).status).toBe(200);
    expect((await api.get('/partner/products', viewer)).status).toBe(200);
    for (const [method, path, body] of [
      ['POST', '/partner/vouchers', { quantity: 1 }],
      ['DELETE', '/partner/vouchers/1', undefined],
      ['GET', '/partner/staff', undefined],
      ['POST', '/partner/staff', { email: uniqueEmail(), password: STAFF_PASSWORD }],
      ['POST', `/partner/staff/${added.body.data.id}/deactivate`, undefined],
      ['POST', `/partner/staff/${added.body.data.id}/reactivate`, undefined],
      ['POST', '/partner/products', { name: 'Mat', url: 'https://example.com/mat' }],
      ['PUT', '/partner/products/1', { name: 'Mat' }],
      ['DELETE', '/partner/products/1', undefined],
    ] as const) {
      const r = await api.raw(method, path, body, viewer);
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(r.body.code).toBe('OWNER_ROLE_REQUIRED');
    }
  });

  it("lists only its own partner's staff, and refuses a duplicate e-mail with 409", async () => {
    const mine = await partnerWithStaff(node, a, 'Mine');
    const theirs = await partnerWithStaff(node, a, 'Theirs');
    const list = await api.get('/partner/staff', { token: mine.owner.token });
    expect(list.status).toBe(200);
    expect(list.body.data.items.map((s: { id: number }) => s.id).sort()).toEqual(
      [mine.owner.staffId, mine.viewer.staffId].sort(),
    );
    expect(list.body.data.pagination.total).toBe(2);
    const dup = await api.post(
      '/partner/staff',
      { email: theirs.viewer.email, password: STAFF_PASSWORD },
      { token: mine.owner.token },
    );
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('STAFF_EXISTS');
    expect(
      (
        await api.post(
          '/partner/staff',
          { email: uniqueEmail(), password: STAFF_PASSWORD, role: 'admin' },
          { token: mine.owner.token },
        )
      ).status,
    ).toBe(400);
  });

  it('deactivation: no sign-in, no refresh, and the live access token is refused on partner routes', async () => {
    const { partner, owner } = await partnerWithStaff(node, a);
    const victim = await signInStaff(node, a, partner.id, 'owner');
    expect((await api.get('/partner/members', { token: victim.token })).status).toBe(200);
    const r = await api.post(`/partner/staff/${victim.staffId}/deactivate`, undefined, { token: owner.token });
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ id: victim.staffId, active: false });
    expect(r.body.data.deactivatedAt).toMatch(/Z$/);
    const login = await api.post('/partner-auth/login', { email: victim.email, password: STAFF_PASSWORD });
    expect(login.status).toBe(401);
    expect(login.body.code).toBe('ACCOUNT_DEACTIVATED');
    expect(
      (await api.post('/partner-auth/login', { email: victim.email, password: 'wrong-password-1' })).body.code,
    ).toBe('INVALID_CREDENTIALS');
    expect((await api.post('/partner-auth/refresh', { refreshToken: victim.refreshToken })).status).toBe(401);
    expect((await api.get('/partner/members', { token: victim.token })).status).toBe(401);
    expect((await api.get('/partner/vouchers', { token: victim.token, apiKey: a.apiKey })).status).toBe(401);
    // Revoked on every node (the revocation list), not only refused by the partner routes' own check.
    expect((await api.get('/partner-auth/me', { token: victim.token })).body.code).toBe('TOKEN_REVOKED');
    // Twice is harmless; yourself is refused.
    expect(
      (await api.post(`/partner/staff/${victim.staffId}/deactivate`, undefined, { token: owner.token })).body.data
        .active,
    ).toBe(false);
    const self = await api.post(`/partner/staff/${owner.staffId}/deactivate`, undefined, { token: owner.token });
    expect(self.status).toBe(409);
    expect(self.body.code).toBe('CANNOT_DEACTIVATE_SELF');
    // Reactivated: a new sign-in works, the old access token stays revoked.
    const back = await api.post(`/partner/staff/${victim.staffId}/reactivate`, undefined, { token: owner.token });
    expect(back.body.data).toMatchObject({ id: victim.staffId, active: true, deactivatedAt: null });
    const again = await api.post('/partner-auth/login', { email: victim.email, password: STAFF_PASSWORD });
    expect(again.status).toBe(200);
    expect((await api.get('/partner/members', { token: again.body.data.accessToken })).status).toBe(200);
    expect((await api.get('/partner/members', { token: victim.token })).status).toBe(401);
  });

  it("answers 404 for another partner's or another tenant's staff member, and changes nothing", async () => {
    const mine = await partnerWithStaff(node, a, 'Mine');
    const sibling = await partnerWithStaff(node, a, 'Sibling');
    const foreign = await partnerWithStaff(node, b, 'Foreign');
    for (const target of [sibling.viewer, foreign.viewer]) {
      const r = await api.post(`/partner/staff/${target.staffId}/deactivate`, undefined, { token: mine.owner.token });
      expect(r.status).toBe(404);
      expect(
        (await api.post(`/partner/staff/${target.staffId}/reactivate`, undefined, { token: mine.owner.token })).status,
      ).toBe(404);
      expect((await api.post('/partner-auth/login', { email: target.email, password: STAFF_PASSWORD })).status).toBe(
        200,
      );
    }
    expect((await api.post('/partner/staff/999999999/deactivate', undefined, { token: mine.owner.token })).status).toBe(
      404,
    );
  });
});
