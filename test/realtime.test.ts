import { buildContext } from '../domain/shared/use-case.ts';
import { io as connect } from 'socket.io-client';
import type { IncomingMessage } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningNode } from '../server/node.ts';
import { inTransaction, tenantOf } from '../domain/shared/scope.ts';
import { Partner } from '../domain/identity/partner.entity.ts';
import { startTestNode, ADMIN_TOKEN } from './support/node.ts';
import { client } from './support/http.ts';
import { createTenant, type TestTenant } from './support/tenant.ts';
import {
  closeSockets,
  connectSocket,
  createPartnerStaff,
  createUser,
  nextEvent,
  refusal,
  userToken,
} from './support/realtime.ts';

describe('realtime gateway: handshake, rooms, events', () => {
  let node: RunningNode;
  let a: TestTenant;
  let b: TestTenant;
  beforeAll(async () => {
    node = await startTestNode();
    [a, b] = await Promise.all([createTenant(node), createTenant(node)]);
  });
  afterEach(() => closeSockets());
  afterAll(() => node.stop());

  const ping = (socket: Awaited<ReturnType<typeof connectSocket>>, payload: unknown = {}) =>
    socket.timeout(2000).emitWithAck('presence:ping', payload);

  it('accepts a user with key and token and puts it in its user room', async () => {
    const user = await createUser(node, a);
    const socket = await connectSocket(node.url, a.slug, { apiKey: a.apiKey, token: user.token });
    expect(await ping(socket)).toMatchObject({ ok: true, data: { rooms: [`user:${user.id}`] } });
  });

  it("puts a trainer in its user room and its trainer profile's room", async () => {
    const trainer = await createUser(node, a, 'trainer');
    const socket = await connectSocket(node.url, a.slug, { apiKey: a.apiKey, token: trainer.token });
    const ack = await ping(socket);
    expect(ack.data.rooms).toEqual([`trainer:${trainer.trainerId}`, `user:${trainer.id}`].sort());
  });

  it('puts partner staff in its partner room (no API key needed)', async () => {
    const staff = await createPartnerStaff(node, a);
    const socket = await connectSocket(node.url, a.slug, { partnerToken: staff.token });
    expect((await ping(socket)).data.rooms).toEqual([`partner:${staff.partnerId}`]);
  });

  it('accepts a voice agent with the client key and an agent key issued by the admin API', async () => {
    const api = client(node.url, { adminToken: ADMIN_TOKEN });
    const issued = await api.post(`/admin/clients/${a.id}/agent-keys`, { name: 'voice' });
    expect(issued.status).toBe(201);
    expect(issued.body.data.key).toMatch(/^stv_ak_/);
    const socket = await connectSocket(node.url, a.slug, { apiKey: a.apiKey, agentKey: issued.body.data.key });
    expect((await ping(socket)).data.rooms).toEqual(['agents']); // where it hears of EVI chats waiting for an agent
    expect(await refusal(node.url, b.slug, { apiKey: b.apiKey, agentKey: issued.body.data.key })).toMatchObject({
      code: 'TENANT_MISMATCH',
    });
    expect(await refusal(node.url, a.slug, { apiKey: a.apiKey, agentKey: 'stv_ak_nope' })).toMatchObject({
      code: 'INVALID_AGENT_KEY',
    });
    expect((await api.post(`/admin/clients/999999/agent-keys`, {})).status).toBe(404);
  });

  it('refuses handshakes with a connect_error code the app can act on', async () => {
    const user = await createUser(node, a);
    const other = await createUser(node, b);
    const expired = await userToken(node, a.id, user.id, 'user', new Date(Date.now() - 2 * 3600_000));
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['no key', { token: user.token }, 'API_KEY_REQUIRED'],
      ['unknown key', { apiKey: 'stv_ck_00000000_nope', token: user.token }, 'INVALID_API_KEY'],
      ['no token', { apiKey: a.apiKey }, 'UNAUTHORIZED'],
      ['garbage token', { apiKey: a.apiKey, token: 'not.a.jwt' }, 'INVALID_TOKEN'],
      ['expired token', { apiKey: a.apiKey, token: expired }, 'TOKEN_EXPIRED'],
      ["another tenant's key on this namespace", { apiKey: b.apiKey, token: user.token }, 'TENANT_MISMATCH'],
      ["another tenant's token with this tenant's key", { apiKey: a.apiKey, token: other.token }, 'TENANT_MISMATCH'],
      ['a user token as partner token', { partnerToken: user.token }, 'INVALID_TOKEN'],
      ['credentials that are not strings', { apiKey: 42 }, 'INVALID_CREDENTIALS'],
    ];
    for (const [what, auth, code] of cases) {
      expect({ what, ...(await refusal(node.url, a.slug, auth)) }).toMatchObject({ what, code });
    }
  });

  it('refuses an unknown tenant namespace and leaves no namespace behind', async () => {
    const user = await createUser(node, a);
    expect(await refusal(node.url, 'no-such-client', { apiKey: a.apiKey, token: user.token })).toMatchObject({
      code: 'UNKNOWN_CLIENT',
    });
    expect(node.gateway.io._nsps.has('/clients/no-such-client')).toBe(false);
    // A name that cannot be a slug never reaches a namespace at all.
    expect(await refusal(node.url, 'Not_A_Slug', { apiKey: a.apiKey, token: user.token })).toMatchObject({
      error: 'Invalid namespace',
    });
  });

  it('refuses the root namespace with NAMESPACE_REQUIRED, naming the tenant namespace form', async () => {
    const user = await createUser(node, a);
    const root = connect(node.url, {
      auth: { apiKey: a.apiKey, token: user.token },
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
    });
    const err = await new Promise<Error & { data?: { code: string; message: string } }>((resolve, reject) => {
      root.once('connect', () => reject(new Error('the root namespace accepted a socket')));
      root.once('connect_error', resolve);
    });
    root.close();
    expect(err.data).toEqual({
      code: 'NAMESPACE_REQUIRED',
      message: expect.stringContaining('/clients/<client-slug>'),
    });
    expect(node.gateway.io.of('/').sockets.size).toBe(0);
  });

  it("isolates tenants: B's rooms never reach A's sockets, and A's credentials cannot open B's namespace", async () => {
    const user = await createUser(node, a);
    const socket = await connectSocket(node.url, a.slug, { apiKey: a.apiKey, token: user.token });
    // The same room name in another tenant is another room.
    node.services.publisher.publish(b.slug, [
      { rooms: [`user:${user.id}`], event: 'booking:created', payload: { id: 1 } },
    ]);
    expect(await nextEvent(socket, 'booking:created', 500)).toBeNull();
    expect(await refusal(node.url, b.slug, { apiKey: a.apiKey, token: user.token })).toMatchObject({
      code: 'TENANT_MISMATCH',
    });
    expect(await refusal(node.url, b.slug, { apiKey: b.apiKey, token: user.token })).toMatchObject({
      code: 'TENANT_MISMATCH',
    });
  });

  it('publishes events recorded in a transaction to the right room, only after the commit', async () => {
    const [alice, bob] = [await createUser(node, a), await createUser(node, a)];
    const aliceSocket = await connectSocket(node.url, a.slug, { apiKey: a.apiKey, token: alice.token });
    const bobSocket = await connectSocket(node.url, a.slug, { apiKey: a.apiKey, token: bob.token });
    const ctx = buildContext(node.services.orm.em, {
      tenant: tenantOf({ id: a.id, slug: a.slug, name: 'A', enabledFeatures: [] }),
      actor: { kind: 'system', job: 'test' },
    });
    const failed = inTransaction(ctx, async (tx) => {
      tx.events.push({ rooms: [`user:${alice.id}`], event: 'booking:created', payload: { id: 'rolled-back' } });
      throw new Error('rollback');
    });
    await expect(failed).rejects.toThrow('rollback');
    const { events } = await inTransaction(ctx, async (tx) => {
      tx.em.create(Partner, { clientId: a.id, name: 'Booked' });
      await tx.em.flush();
      tx.events.push({ rooms: [`user:${alice.id}`], event: 'booking:created', payload: { id: 'committed' } });
    });
    const received = nextEvent(aliceSocket, 'booking:created');
    const notBob = nextEvent(bobSocket, 'booking:created', 500);
    node.services.publisher.publish(a.slug, events);
    expect(await received).toEqual({ id: 'committed' });
    expect(await notBob).toBeNull();
  });

  it('answers a bad payload with an error ack, and without an ack with an event:error emit', async () => {
    const user = await createUser(node, a);
    const socket = await connectSocket(node.url, a.slug, { apiKey: a.apiKey, token: user.token });
    expect(await ping(socket, { note: 42 })).toMatchObject({
      ok: false,
      code: 'VALIDATION_ERROR',
      details: [{ field: 'payload.note' }],
    });
    expect(await ping(socket, 'a string')).toMatchObject({ ok: false, code: 'VALIDATION_ERROR' });
    expect(await socket.timeout(2000).emitWithAck('no:such-event', {})).toMatchObject({
      ok: false,
      code: 'UNKNOWN_EVENT',
    });
    const error = nextEvent(socket, 'event:error');
    socket.emit('presence:ping', { extra: true });
    expect(await error).toMatchObject({ event: 'presence:ping', code: 'VALIDATION_ERROR' });
    expect(await ping(socket)).toMatchObject({ ok: true }); // still connected, still served
  });

  it('closes a socket whose payload is over the size cap', async () => {
    const user = await createUser(node, a);
    const socket = await connectSocket(node.url, a.slug, { apiKey: a.apiKey, token: user.token });
    const gone = nextEvent<string>(socket, 'disconnect', 3000);
    socket.emit('presence:ping', { note: 'x'.repeat(node.services.config.socket.maxPayloadBytes + 1) });
    expect(await gone).toBe('transport close');
  });
  it('keeps neither the upgrade request nor the credentials of a connected socket (memory per socket)', async () => {
    const requests: Array<WeakRef<IncomingMessage>> = [];
    const onUpgrade = (req: IncomingMessage) => void requests.push(new WeakRef(req));
    node.http.on('upgrade', onUpgrade);
    const user = await createUser(node, a);
    const socket = await connectSocket(node.url, a.slug, { apiKey: a.apiKey, token: user.token });
    node.http.off('upgrade', onUpgrade);
    expect(await ping(socket)).toMatchObject({ ok: true });
    const server = [...node.gateway.io.of(`/clients/${a.slug}`).sockets.values()].find(
      (s) => s.data.identity.kind === 'user' && s.data.identity.userId === user.id,
    )!;
    expect(server.handshake.auth).toEqual({});
    expect(server.conn.request).toBeNull();
    expect(requests).toHaveLength(1);
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    await new Promise((r) => setTimeout(r, 10));
    gc();
    expect(requests[0]!.deref()).toBeUndefined();
    expect(await ping(socket)).toMatchObject({ ok: true }); // and the socket still works
  });
});

describe('realtime gateway: limits and token expiry', () => {
  let node: RunningNode;
  let t: TestTenant;
  beforeAll(async () => {
    node = await startTestNode({ SOCKET_EVENTS_PER_SECOND: '5', JWT_ACCESS_TTL_SECONDS: '60' });
    t = await createTenant(node);
  });
  afterEach(() => closeSockets());
  afterAll(() => node.stop());

  it('answers RATE_LIMITED past the per-socket event rate', async () => {
    const user = await createUser(node, t);
    const socket = await connectSocket(node.url, t.slug, { apiKey: t.apiKey, token: user.token });
    const acks = await Promise.all(
      Array.from({ length: 8 }, () => socket.timeout(2000).emitWithAck('presence:ping', {})),
    );
    expect(acks.filter((x) => x.ok)).toHaveLength(5);
    expect(acks.filter((x) => !x.ok)).toEqual(
      Array(3).fill(expect.objectContaining({ ok: false, code: 'RATE_LIMITED' })),
    );
  });

  it('ends the socket with auth:expired when its access token expires', async () => {
    const user = await createUser(node, t);
    // Signed 59 s ago with a 60 s lifetime: it expires about a second after the handshake.
    const token = await userToken(node, t.id, user.id, 'user', new Date(Date.now() - 59_000));
    const socket = await connectSocket(node.url, t.slug, { apiKey: t.apiKey, token });
    const expired = nextEvent(socket, 'auth:expired', 4000);
    const gone = nextEvent(socket, 'disconnect', 4000);
    expect(await expired).toMatchObject({ code: 'TOKEN_EXPIRED' });
    expect(await gone).toBe('io server disconnect');
  });

  it('ends each socket at its own token expiry (one timer for the node), a socket gone early included', async () => {
    const user = await createUser(node, t);
    const signedAgo = (s: number) => userToken(node, t.id, user.id, 'user', new Date(Date.now() - s * 1000));
    const [first, second, leaves] = await Promise.all(
      [59, 57, 59].map(async (ago) =>
        connectSocket(node.url, t.slug, { apiKey: t.apiKey, token: await signedAgo(ago) }),
      ),
    );
    const at = (s: Awaited<ReturnType<typeof connectSocket>>) =>
      nextEvent(s, 'auth:expired', 6000).then((e) => (e ? performance.now() : null));
    const started = performance.now();
    leaves!.close();
    const [a1, a2] = await Promise.all([at(first!), at(second!)]);
    expect(a1).not.toBeNull();
    expect(a2).not.toBeNull();
    expect(a2! - started).toBeGreaterThan(a1! - started); // its token expires 2 s after the first one's
  });
});
