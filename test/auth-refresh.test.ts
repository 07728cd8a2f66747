import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode } from './support/node.ts';
import { client, type Api } from './support/http.ts';
import { createTenant, uniqueEmail, type TestTenant } from './support/tenant.ts';
import { createUniversalKey } from './support/identities.ts';
import type { RunningNode } from '../server/node.ts';

const password = 'correct-horse-42';

describe('refresh tokens', () => {
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

  const signUp = async (t: TestTenant) =>
    (await api.post('/auth/register', { email: uniqueEmail(), password }, { apiKey: t.apiKey })).body.data;
  const refresh = (t: TestTenant | string, refreshToken: string) =>
    api.post('/auth/refresh', { refreshToken }, { apiKey: typeof t === 'string' ? t : t.apiKey });

  it('rotates: a new access token and a new refresh token, which works in turn', async () => {
    const first = await signUp(a);
    const r1 = await refresh(a, first.refreshToken);
    expect(r1.status).toBe(200);
    expect(r1.body.data).toMatchObject({ expiresIn: 900 });
    expect(r1.body.data.refreshToken).not.toBe(first.refreshToken);
    expect((await api.get('/auth/me', { apiKey: a.apiKey, token: r1.body.data.accessToken })).status).toBe(200);
    const r2 = await refresh(a, r1.body.data.refreshToken);
    expect(r2.status).toBe(200);
  });

  it('refreshes even when the app sends its expired (or garbage) access token along', async () => {
    const first = await signUp(a);
    const r = await api.post(
      '/auth/refresh',
      { refreshToken: first.refreshToken },
      { apiKey: a.apiKey, token: 'expired.or.garbage' },
    );
    expect(r.status).toBe(200);
    expect(r.body.data.accessToken).toBeTruthy();
  });

  it('revokes the whole family when a rotated token is presented again (the newest stops working too)', async () => {
    const first = await signUp(a);
    const second = (await refresh(a, first.refreshToken)).body.data.refreshToken;
    const third = (await refresh(a, second)).body.data.refreshToken;
    const replay = await refresh(a, first.refreshToken);
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('REFRESH_TOKEN_REUSED');
    const newest = await refresh(a, third);
    expect(newest.status).toBe(401);
    expect(newest.body.code).toBe('INVALID_REFRESH_TOKEN');
  });

  it('lets only one of several concurrent refreshes with one token win; the rest count as reuse', async () => {
    const first = await signUp(a);
    const answers = await Promise.all(Array.from({ length: 5 }, () => refresh(a, first.refreshToken)));
    const winners = answers.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    for (const r of answers.filter((x) => x.status !== 200)) expect(r.body.code).toBe('REFRESH_TOKEN_REUSED');
    // Reuse revoked the family, so even the winner's token is dead.
    expect((await refresh(a, winners[0]!.body.data.refreshToken)).status).toBe(401);
  });

  it("refuses a refresh token of client A under client B's key, and leaves it usable", async () => {
    const first = await signUp(a);
    const cross = await refresh(b, first.refreshToken);
    expect(cross.status).toBe(401);
    expect(cross.body.code).toBe('INVALID_REFRESH_TOKEN');
    expect((await refresh(a, first.refreshToken)).status).toBe(200);
  });

  it("accepts any client's refresh token under the universal key", async () => {
    const universal = await createUniversalKey(node);
    const first = await signUp(b);
    const r = await refresh(universal, first.refreshToken);
    expect(r.status).toBe(200);
    expect((await api.get('/auth/me', { apiKey: b.apiKey, token: r.body.data.accessToken })).body.data.client.id).toBe(
      b.id,
    );
  });

  it('answers INVALID_REFRESH_TOKEN for unknown tokens', async () => {
    for (const token of ['nope', '00000000-0000-0000-0000-000000000000.abc']) {
      expect((await refresh(a, token)).body.code).toBe('INVALID_REFRESH_TOKEN');
    }
  });

  it('logout with a refresh token revokes that family only; without one, every session', async () => {
    const email = uniqueEmail();
    const s1 = (await api.post('/auth/register', { email, password }, { apiKey: a.apiKey })).body.data;
    const s2 = (await api.post('/auth/login', { email, password }, { apiKey: a.apiKey })).body.data;
    const s3 = (await api.post('/auth/login', { email, password }, { apiKey: a.apiKey })).body.data;
    const out = await api.post(
      '/auth/logout',
      { refreshToken: s1.refreshToken },
      { apiKey: a.apiKey, token: s1.accessToken },
    );
    expect(out.status).toBe(200);
    expect(typeof out.body.data.message).toBe('string');
    expect((await refresh(a, s1.refreshToken)).status).toBe(401);
    const s2b = await refresh(a, s2.refreshToken);
    expect(s2b.status).toBe(200);
    expect((await api.post('/auth/logout', {}, { apiKey: a.apiKey, token: s2.accessToken })).status).toBe(200);
    expect((await refresh(a, s2b.body.data.refreshToken)).status).toBe(401);
    expect((await refresh(a, s3.refreshToken)).status).toBe(401);
  });

  it("refuses to log out with another user's refresh token", async () => {
    const mine = await signUp(a);
    const theirs = await signUp(a);
    const r = await api.post(
      '/auth/logout',
      { refreshToken: theirs.refreshToken },
      { apiKey: a.apiKey, token: mine.accessToken },
    );
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('INVALID_REFRESH_TOKEN');
    expect((await refresh(a, theirs.refreshToken)).status).toBe(200);
  });
});

describe('access token expiry', () => {
  let node: RunningNode;
  beforeAll(async () => {
    node = await startTestNode({ JWT_ACCESS_TTL_SECONDS: '1' });
  });
  afterAll(() => node.stop('test end'));

  it('answers 401 TOKEN_EXPIRED once the access token has expired; a refresh gets a new one', async () => {
    const api = client(node.url);
    const t = await createTenant(node);
    const reg = (await api.post('/auth/register', { email: uniqueEmail(), password }, { apiKey: t.apiKey })).body.data;
    expect(reg.expiresIn).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const me = await api.get('/auth/me', { apiKey: t.apiKey, token: reg.accessToken });
    expect(me.status).toBe(401);
    expect(me.body.code).toBe('TOKEN_EXPIRED');
    // (Not used again here: with a 1 s lifetime and whole-second claims it may expire within the test.)
    const fresh = await api.post('/auth/refresh', { refreshToken: reg.refreshToken }, { apiKey: t.apiKey });
    expect(fresh.status).toBe(200);
    expect(fresh.body.data.accessToken).not.toBe(reg.accessToken);
  });
});
