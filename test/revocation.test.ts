import { SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { JWT_SECRET, startTestNode } from './support/node.ts';
import { client, type Api } from './support/http.ts';
import { createTenant, uniqueEmail, type TestTenant } from './support/tenant.ts';
import { createPartner, createStaff } from './support/identities.ts';
import { closeSockets, connectSocket, refusal } from './support/realtime.ts';
import type { RunningNode } from '../server/node.ts';

/** Issue 10 item 5: logout, erasure (and password change, suspension elsewhere) stop access tokens and sockets at once. */
const password = 'correct-horse-42';

function closed(socket: Socket, ms = 3000): Promise<{ revoked: { code: string } | null; reason: string }> {
  return new Promise((resolve, reject) => {
    let revoked: { code: string } | null = null;
    const timer = setTimeout(() => reject(new Error('the socket was not closed')), ms);
    socket.once('auth:revoked', (info: { code: string }) => (revoked = info));
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve({ revoked, reason });
    });
  });
}

async function signIn(api: Api, t: TestTenant) {
  const email = uniqueEmail();
  const reg = await api.post('/auth/register', { email, password }, { apiKey: t.apiKey });
  expect(reg.status).toBe(201);
  return { email, ...reg.body.data, id: reg.body.data.user.id as number };
}

describe('revocation that bites (one node)', () => {
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

  it('logout with a refresh token stops that access token and closes its sockets; another device keeps working', async () => {
    const a = await signIn(api, t);
    const other = (await api.post('/auth/login', { email: a.email, password }, { apiKey: t.apiKey })).body.data;
    const socket = await connectSocket(node.url, t.slug, { apiKey: t.apiKey, token: a.accessToken });
    const otherSocket = await connectSocket(node.url, t.slug, { apiKey: t.apiKey, token: other.accessToken });
    const done = closed(socket);

    const out = await api.post(
      '/auth/logout',
      { refreshToken: a.refreshToken },
      { apiKey: t.apiKey, token: a.accessToken },
    );
    expect(out.status).toBe(200);
    const me = await api.get('/auth/me', { apiKey: t.apiKey, token: a.accessToken });
    expect(me.status).toBe(401);
    expect(me.body.code).toBe('TOKEN_REVOKED');
    expect(await done).toEqual({
      revoked: { code: 'TOKEN_REVOKED', error: expect.any(String) },
      reason: 'io server disconnect',
    });
    expect((await refusal(node.url, t.slug, { apiKey: t.apiKey, token: a.accessToken })).code).toBe('TOKEN_REVOKED');

    expect((await api.get('/auth/me', { apiKey: t.apiKey, token: other.accessToken })).status).toBe(200);
    expect(otherSocket.connected).toBe(true);
  });

  it('logout without a refresh token stops every access token of the account', async () => {
    const a = await signIn(api, t);
    const other = (await api.post('/auth/login', { email: a.email, password }, { apiKey: t.apiKey })).body.data;
    const socket = await connectSocket(node.url, t.slug, { apiKey: t.apiKey, token: other.accessToken });
    const done = closed(socket);
    expect((await api.post('/auth/logout', {}, { apiKey: t.apiKey, token: a.accessToken })).status).toBe(200);
    for (const token of [a.accessToken, other.accessToken]) {
      expect((await api.get('/auth/me', { apiKey: t.apiKey, token })).body.code).toBe('TOKEN_REVOKED');
    }
    expect((await done).revoked?.code).toBe('TOKEN_REVOKED');
    // Signing in again works at once (the new token is not caught by the revocation).
    const again = await api.post('/auth/login', { email: a.email, password }, { apiKey: t.apiKey });
    expect((await api.get('/auth/me', { apiKey: t.apiKey, token: again.body.data.accessToken })).status).toBe(200);
  });

  it('account erasure stops the access token and closes the sockets', async () => {
    const a = await signIn(api, t);
    const socket = await connectSocket(node.url, t.slug, { apiKey: t.apiKey, token: a.accessToken });
    const done = closed(socket);
    expect((await api.delete('/users/me', { apiKey: t.apiKey, token: a.accessToken })).status).toBe(200);
    expect((await done).revoked?.code).toBe('TOKEN_REVOKED');
    expect((await api.get('/auth/me', { apiKey: t.apiKey, token: a.accessToken })).body.code).toBe('TOKEN_REVOKED');
  });

  it('partner staff log out too (POST /partner-auth/logout), and their sockets close', async () => {
    const partner = await createPartner(node, t);
    const email = uniqueEmail('staff');
    await createStaff(node, t, partner.id, { email, password });
    const login = await api.post('/partner-auth/login', { email, password });
    expect(login.status).toBe(200);
    const { accessToken, refreshToken } = login.body.data;
    const socket = await connectSocket(node.url, t.slug, { partnerToken: accessToken });
    const done = closed(socket);
    expect((await api.post('/partner-auth/logout', { refreshToken }, { token: accessToken })).status).toBe(200);
    expect((await api.get('/partner-auth/me', { token: accessToken })).body.code).toBe('TOKEN_REVOKED');
    expect((await done).revoked?.code).toBe('TOKEN_REVOKED');
    expect((await api.post('/partner-auth/refresh', { refreshToken })).status).toBe(401);
  });

  it("a replayed refresh token also stops the access token of that sign-in (the thief's and the owner's)", async () => {
    const a = await signIn(api, t);
    const rotated = await api.post('/auth/refresh', { refreshToken: a.refreshToken }, { apiKey: t.apiKey });
    expect(rotated.status).toBe(200);
    const replay = await api.post('/auth/refresh', { refreshToken: a.refreshToken }, { apiKey: t.apiKey });
    expect(replay.body.code).toBe('REFRESH_TOKEN_REUSED');
    for (const token of [a.accessToken, rotated.body.data.accessToken]) {
      expect((await api.get('/auth/me', { apiKey: t.apiKey, token })).body.code).toBe('TOKEN_REVOKED');
    }
  });

  it('refuses a validly signed token without exp (or without a session id)', async () => {
    const a = await signIn(api, t);
    const secret = new TextEncoder().encode(JWT_SECRET);
    const base = () =>
      new SignJWT({ typ: 'user', cid: t.id, role: 'user', sid: 'x' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(String(a.id))
        .setIssuer('stvos')
        .setAudience('stvos-api')
        .setIssuedAt();
    const noExp = await base().sign(secret);
    const r = await api.get('/auth/me', { apiKey: t.apiKey, token: noExp });
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('INVALID_TOKEN');
    expect((await refusal(node.url, t.slug, { apiKey: t.apiKey, token: noExp })).code).toBe('INVALID_TOKEN');
    const noSid = await new SignJWT({ typ: 'user', cid: t.id, role: 'user' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(String(a.id))
      .setIssuer('stvos')
      .setAudience('stvos-api')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(secret);
    expect((await api.get('/auth/me', { apiKey: t.apiKey, token: noSid })).body.code).toBe('INVALID_TOKEN');
    // The same token with exp is accepted: the refusal is about exp.
    expect(
      (await api.get('/auth/me', { apiKey: t.apiKey, token: await base().setExpirationTime('5m').sign(secret) }))
        .status,
    ).toBe(200);
  });
});

describe.runIf(inject('redisUrl'))('revocation across two nodes on Redis', () => {
  let one: RunningNode;
  let two: RunningNode;
  let t: TestTenant;
  beforeAll(async () => {
    [one, two] = await Promise.all([startTestNode(), startTestNode()]);
    t = await createTenant(one);
  });
  afterEach(() => closeSockets());
  afterAll(() => Promise.all([one.stop(), two.stop()]));

  it('a logout on node 1 stops the token on node 2 and closes its socket there within a second', async () => {
    const a = await signIn(client(one.url), t);
    const socket = await connectSocket(two.url, t.slug, { apiKey: t.apiKey, token: a.accessToken });
    expect((await client(two.url).get('/auth/me', { apiKey: t.apiKey, token: a.accessToken })).status).toBe(200);
    const started = Date.now();
    const done = closed(socket, 2000);
    expect((await client(one.url).post('/auth/logout', {}, { apiKey: t.apiKey, token: a.accessToken })).status).toBe(
      200,
    );
    expect((await done).revoked?.code).toBe('TOKEN_REVOKED');
    expect(Date.now() - started).toBeLessThan(1000);
    expect((await client(two.url).get('/auth/me', { apiKey: t.apiKey, token: a.accessToken })).body.code).toBe(
      'TOKEN_REVOKED',
    );
  });

  it('a node that starts after the revocation knows it', async () => {
    const a = await signIn(client(one.url), t);
    await client(one.url).post('/auth/logout', {}, { apiKey: t.apiKey, token: a.accessToken });
    const three = await startTestNode();
    try {
      expect((await client(three.url).get('/auth/me', { apiKey: t.apiKey, token: a.accessToken })).body.code).toBe(
        'TOKEN_REVOKED',
      );
    } finally {
      await three.stop();
    }
  });
});
