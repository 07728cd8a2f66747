import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode } from './support/node.ts';
import { client, type Api } from './support/http.ts';
import { createTenant, uniqueEmail, type TestTenant } from './support/tenant.ts';
import { createTrainer, createVoucher } from './support/identities.ts';
import type { RunningNode } from '../server/node.ts';

let node: RunningNode;
let api: Api;
let a: TestTenant;
let b: TestTenant;
const password = 'correct-horse-42';

beforeAll(async () => {
  node = await startTestNode();
  api = client(node.url);
  a = await createTenant(node, { branding: { primaryColor: '#112233' } });
  b = await createTenant(node);
});
afterAll(() => node.stop('test end'));

describe('Getting Started: register, login, me', () => {
  it('registers, signs in and reads the account, as the docs walk through', async () => {
    const email = uniqueEmail();
    const reg = await api.post('/auth/register', { email, password, name: 'Test User' }, { apiKey: a.apiKey });
    expect(reg.status).toBe(201);
    expect(reg.body).toMatchObject({
      success: true,
      data: {
        user: { email, name: 'Test User', role: 'user' },
        expiresIn: 900,
        client: { id: a.id, slug: a.slug, branding: { primaryColor: '#112233' } },
      },
    });
    expect(reg.body.data.accessToken).toMatch(/^ey/);
    expect(reg.body.data.refreshToken).toBeTruthy();

    const login = await api.post('/auth/login', { email, password }, { apiKey: a.apiKey });
    expect(login.status).toBe(200);
    expect(login.body.data.user.id).toBe(reg.body.data.user.id);
    expect(login.body.data.client.id).toBe(a.id);

    const me = await api.get('/auth/me', { apiKey: a.apiKey, token: login.body.data.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.data).toMatchObject({
      user: { id: reg.body.data.user.id, email, role: 'user', profile: {}, settings: {}, coach: null },
      client: { id: a.id },
    });
    expect(me.body.data.enabledFeatures).toContain('classes');
    expect(me.body.data.user.createdAt).toMatch(/Z$/);
  });

  it('stores profile, settings and coach given at registration', async () => {
    const coach = await createTrainer(node, a, { name: 'Coach Kim' });
    const reg = await api.post(
      '/auth/register',
      {
        email: uniqueEmail(),
        password,
        coachId: coach.id,
        profile: { age: 30, fitnessGoal: 'strength' },
        settings: { notifications: false },
      },
      { apiKey: a.apiKey },
    );
    expect(reg.status).toBe(201);
    const me = await api.get('/auth/me', { apiKey: a.apiKey, token: reg.body.data.accessToken });
    expect(me.body.data.user).toMatchObject({
      coach: { id: coach.id, name: 'Coach Kim' },
      profile: { age: 30, fitnessGoal: 'strength' },
      settings: { notifications: false },
    });
  });

  it('refuses a coach of another client, or an inactive one, with INVALID_COACH', async () => {
    const foreign = await createTrainer(node, b);
    const inactive = await createTrainer(node, a, { isActive: false });
    for (const coachId of [foreign.id, inactive.id, 999_999]) {
      const r = await api.post('/auth/register', { email: uniqueEmail(), password, coachId }, { apiKey: a.apiKey });
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('INVALID_COACH');
    }
  });

  it('answers a sessionId with 422 ONBOARDING_SESSION_NOT_FOUND and creates nothing', async () => {
    const email = uniqueEmail();
    const r = await api.post('/auth/register', { email, password, sessionId: 'abc-123' }, { apiKey: a.apiKey });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('ONBOARDING_SESSION_NOT_FOUND');
    expect((await api.post('/auth/register', { email, password }, { apiKey: a.apiKey })).status).toBe(201);
  });
});

describe('register rules', () => {
  it('answers USER_EXISTS for the same e-mail in any letter case, and allows it in another client', async () => {
    const email = uniqueEmail('Case');
    expect((await api.post('/auth/register', { email, password }, { apiKey: a.apiKey })).status).toBe(201);
    const again = await api.post(
      '/auth/register',
      { email: `  ${email.toUpperCase()} `, password },
      { apiKey: a.apiKey },
    );
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ success: false, code: 'USER_EXISTS' });
    expect((await api.post('/auth/register', { email, password }, { apiKey: b.apiKey })).status).toBe(201);
  });

  it('lets one of several concurrent registrations of one e-mail through; the rest are USER_EXISTS', async () => {
    const email = uniqueEmail('dup');
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => api.post('/auth/register', { email, password }, { apiKey: a.apiKey })),
    );
    expect(answers.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of answers.filter((x) => x.status !== 201))
      expect([r.status, r.body.code]).toEqual([409, 'USER_EXISTS']);
  });

  it('answers VOUCHER_REQUIRED when the client requires one, and accepts a valid voucher', async () => {
    const closed = await createTenant(node, { requiresVoucher: true });
    const r = await api.post('/auth/register', { email: uniqueEmail(), password }, { apiKey: closed.apiKey });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('VOUCHER_REQUIRED');
    const voucher = await createVoucher(node, closed);
    const ok = await api.post(
      '/auth/register',
      { email: uniqueEmail(), password, voucherCode: voucher.code.toLowerCase() },
      { apiKey: closed.apiKey },
    );
    expect(ok.status).toBe(201);
    expect(ok.body.data.client.id).toBe(closed.id);
  });

  it('answers INVALID_VOUCHER for unknown, expired, revoked, other-client (400) and redeemed (409) codes', async () => {
    const expired = await createVoucher(node, a, { expiresAt: new Date(Date.now() - 60_000) });
    const revoked = await createVoucher(node, a, { status: 'revoked' });
    const foreign = await createVoucher(node, b);
    for (const voucherCode of ['NOPE-NOPE-NOPE', expired.code, revoked.code, foreign.code]) {
      const r = await api.post('/auth/register', { email: uniqueEmail(), password, voucherCode }, { apiKey: a.apiKey });
      expect(r.status, voucherCode).toBe(400);
      expect(r.body.code).toBe('INVALID_VOUCHER');
    }
    const once = await createVoucher(node, a);
    expect(
      (
        await api.post(
          '/auth/register',
          { email: uniqueEmail(), password, voucherCode: once.code },
          { apiKey: a.apiKey },
        )
      ).status,
    ).toBe(201);
    const twice = await api.post(
      '/auth/register',
      { email: uniqueEmail(), password, voucherCode: once.code },
      { apiKey: a.apiKey },
    );
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('INVALID_VOUCHER');
    // The other client's voucher was not touched by the attempt.
    const check = await api.post('/auth/voucher/validate', { code: foreign.code }, { apiKey: b.apiKey });
    expect(check.body.data).toMatchObject({ valid: true, status: 'active' });
  });

  it('leaves the voucher unredeemed when the e-mail is taken (one transaction)', async () => {
    const email = uniqueEmail();
    await api.post('/auth/register', { email, password }, { apiKey: a.apiKey });
    const voucher = await createVoucher(node, a);
    const r = await api.post('/auth/register', { email, password, voucherCode: voucher.code }, { apiKey: a.apiKey });
    expect(r.body.code).toBe('USER_EXISTS');
    const check = await api.post('/auth/voucher/validate', { code: voucher.code }, { apiKey: a.apiKey });
    expect(check.body.data).toMatchObject({ valid: true, status: 'active' });
  });
});

describe('login and tokens across clients', () => {
  it('answers INVALID_CREDENTIALS for a wrong password and for an unknown e-mail alike', async () => {
    const email = uniqueEmail();
    await api.post('/auth/register', { email, password }, { apiKey: a.apiKey });
    const wrong = await api.post('/auth/login', { email, password: 'not-the-password' }, { apiKey: a.apiKey });
    const unknown = await api.post('/auth/login', { email: uniqueEmail(), password }, { apiKey: a.apiKey });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.body).toMatchObject({ code: 'INVALID_CREDENTIALS', error: wrong.body.error });
    // The account lives in client A only.
    expect((await api.post('/auth/login', { email, password }, { apiKey: b.apiKey })).body.code).toBe(
      'INVALID_CREDENTIALS',
    );
  });

  it("refuses a token of client A with client B's key (401)", async () => {
    const reg = await api.post('/auth/register', { email: uniqueEmail(), password }, { apiKey: a.apiKey });
    const token = reg.body.data.accessToken;
    for (const r of [
      await api.get('/auth/me', { apiKey: b.apiKey, token }),
      await api.post('/auth/logout', {}, { apiKey: b.apiKey, token }),
    ]) {
      expect(r.status).toBe(401);
      expect(r.body.code).toBe('INVALID_TOKEN');
    }
  });

  it("refuses to log out with a refresh token of another client's user, and leaves it usable", async () => {
    const mine = (await api.post('/auth/register', { email: uniqueEmail(), password }, { apiKey: a.apiKey })).body.data;
    const theirs = (await api.post('/auth/register', { email: uniqueEmail(), password }, { apiKey: b.apiKey })).body
      .data;
    const r = await api.post(
      '/auth/logout',
      { refreshToken: theirs.refreshToken },
      { apiKey: a.apiKey, token: mine.accessToken },
    );
    expect([r.status, r.body.code]).toEqual([401, 'INVALID_REFRESH_TOKEN']);
    expect((await api.post('/auth/refresh', { refreshToken: theirs.refreshToken }, { apiKey: b.apiKey })).status).toBe(
      200,
    );
  });

  it('lists every auth route in the OpenAPI document', async () => {
    const doc = (await api.get('/openapi.json')).body;
    for (const path of [
      '/auth/register',
      '/auth/login',
      '/auth/refresh',
      '/auth/logout',
      '/auth/me',
      '/auth/voucher/validate',
      '/app/join/{code}',
      '/invite/check',
      '/trainer-auth/register',
      '/partner-auth/login',
      '/partner-auth/refresh',
      '/partner-auth/me',
    ]) {
      expect(Object.keys(doc.paths), path).toContain(path);
    }
    expect(doc.paths['/auth/register'].post.requestBody).toBeTruthy();
  });

  it('needs a bearer for /auth/me and refuses garbage tokens', async () => {
    expect((await api.get('/auth/me', { apiKey: a.apiKey })).body.code).toBe('UNAUTHORIZED');
    expect((await api.get('/auth/me', { apiKey: a.apiKey, token: 'not.a.jwt' })).body.code).toBe('INVALID_TOKEN');
  });
});
