import { platformEm } from '../server/db/orm.ts';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { TokenVerifier } from 'livekit-server-sdk';
import type { RunningNode } from '../server/node.ts';
import { runJobOnce } from '../jobs/run-job.ts';
import { liveRoomName } from '../domain/live/live-rooms.ts';
import { startTestNode } from './support/node.ts';
import { client, type Api } from './support/http.ts';
import { createTenant, type TestTenant } from './support/tenant.ts';
import { closeSockets, connectSocket, createUser, nextEvent } from './support/realtime.ts';
import { createLiveClass, emitAck } from './support/viewing.ts';
import { followPresence } from './support/presence-follower.ts';
import { FAKE_LIVEKIT_KEY, FAKE_LIVEKIT_SECRET, startLiveKitFake, type LiveKitFake } from './support/livekit-fake.ts';

describe('live classes on LiveKit (through the loopback room service)', () => {
  let fake: LiveKitFake;
  let node: RunningNode;
  let api: Api;
  let a: TestTenant;
  let b: TestTenant;
  const verifier = new TokenVerifier(FAKE_LIVEKIT_KEY, FAKE_LIVEKIT_SECRET);
  beforeAll(async () => {
    fake = await startLiveKitFake();
    node = await startTestNode(fake.env);
    api = client(node.url);
    [a, b] = await Promise.all([createTenant(node), createTenant(node)]);
  });
  afterEach(() => closeSockets());
  afterAll(async () => {
    await node.stop();
    await fake.close();
  });

  const as = (tenant: TestTenant, who: { token: string }) => ({ apiKey: tenant.apiKey, token: who.token });
  async function started(tenant = a, capacity: number | null = null) {
    const trainer = await createUser(node, tenant, 'trainer');
    const cls = await createLiveClass(node, tenant, { trainerId: trainer.trainerId, capacity });
    const res = await api.post(`/live/classes/${cls.id}/start`, {}, as(tenant, trainer));
    expect(res.status).toBe(200);
    return { trainer, cls, host: res.body.data };
  }
  const webhook = async (input: Parameters<LiveKitFake['signedWebhook']>[0], secret?: string) => {
    const signed = await fake.signedWebhook(input, secret);
    return fetch(`${node.url}/api/v1/livekit/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/webhook+json', authorization: signed.authorization },
      body: signed.body,
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
  };

  it("the class's trainer starts it: the room is created through RoomServiceClient and the host token is room-scoped", async () => {
    const { cls, host } = await started(a, 20);
    const room = liveRoomName(a.id, cls.id);
    expect(host).toMatchObject({ classId: cls.id, status: 'live', room, wsUrl: fake.url.replace('http', 'ws') });
    expect(fake.rooms.get(room)).toMatchObject({ maxParticipants: 21 });
    const claims = await verifier.verify(host.token);
    expect(claims).toMatchObject({ video: { room, roomJoin: true, canPublish: true, roomAdmin: true } });
    const other = await createUser(node, a, 'trainer');
    expect((await api.post(`/live/classes/${cls.id}/start`, {}, as(a, other))).body.code).toBe('NOT_YOUR_CLASS');
    const user = await createUser(node, a);
    expect((await api.post(`/live/classes/${cls.id}/end`, {}, as(a, user))).status).toBe(403);
  });

  it("class pages show a class's start at once: the tenant's held catalogue is dropped when it starts", async () => {
    const tenant = await createTenant(node); // its own tenant: nothing held for it before this test
    const trainer = await createUser(node, tenant, 'trainer');
    const cls = await createLiveClass(node, tenant, { trainerId: trainer.trainerId });
    const status = async () =>
      ((await api.get('/content/classes?limit=50', { apiKey: tenant.apiKey })).body.data.items as any[]).find(
        (c) => c.id === cls.id,
      )?.live?.status;
    expect(await status()).toBe('scheduled'); // now held in the node's content cache
    expect((await api.post(`/live/classes/${cls.id}/start`, {}, as(tenant, trainer))).status).toBe(200);
    expect(await status()).toBe('live');
  });

  it('a user joins a started class with a room-scoped token (identity, name, grants, expiry) and leaves', async () => {
    const trainer = await createUser(node, a, 'trainer');
    const cls = await createLiveClass(node, a, { trainerId: trainer.trainerId });
    const user = await createUser(node, a);
    expect((await api.post(`/live/classes/${cls.id}/join`, {}, as(a, user))).body.code).toBe('LIVE_CLASS_NOT_STARTED');
    await api.post(`/live/classes/${cls.id}/start`, {}, as(a, trainer));
    const join = await api.post(`/live/classes/${cls.id}/join`, {}, as(a, user));
    expect(join.status).toBe(200);
    const claims = await verifier.verify(join.body.data.token);
    expect(claims).toMatchObject({
      sub: `user-${user.id}`,
      name: 'user',
      video: { room: liveRoomName(a.id, cls.id), roomJoin: true, canPublish: false, canSubscribe: true },
    });
    expect(claims.exp! * 1000).toBeGreaterThan(Date.now() + 1800_000);
    expect(join.body.data.wsUrl).toMatch(/^ws:\/\//);
    expect((await api.post(`/live/classes/${cls.id}/leave`, {}, as(a, user))).body.data).toEqual({
      classId: cls.id,
      left: true,
    });
  });

  it('capacity: concurrent joins take exactly the free seats; a leave frees one; a seated user may join again', async () => {
    const { cls } = await started(a, 2);
    const users = await Promise.all([1, 2, 3].map(() => createUser(node, a)));
    const answers = await Promise.all(users.map((u) => api.post(`/live/classes/${cls.id}/join`, {}, as(a, u))));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 409]);
    const loser = users[answers.findIndex((r) => r.status === 409)]!;
    const winner = users[answers.findIndex((r) => r.status === 200)]!;
    expect((await api.post(`/live/classes/${cls.id}/join`, {}, as(a, winner))).status).toBe(200);
    await api.post(`/live/classes/${cls.id}/leave`, {}, as(a, winner));
    expect((await api.post(`/live/classes/${cls.id}/join`, {}, as(a, loser))).status).toBe(200);
  });

  it('socket presence: live:join puts the socket in live:<id>; bursts are broadcast coalesced; the participants route agrees', async () => {
    const { cls } = await started();
    const watcher = await createUser(node, a);
    const ws = await connectSocket(node.url, a.slug, { apiKey: a.apiKey, token: watcher.token });
    expect(await emitAck(ws, 'live:join', { classId: cls.id })).toMatchObject({
      ok: true,
      data: { classId: cls.id, count: 1 },
    });
    const others = await Promise.all(Array.from({ length: 8 }, () => createUser(node, a)));
    const sockets = await Promise.all(
      others.map((u) => connectSocket(node.url, a.slug, { apiKey: a.apiKey, token: u.token })),
    );
    // Gathered until the final list arrives (a fixed window was outlasted by the joins under load).
    const events: any[] = [];
    ws.on('live:presence', (l: any) => events.push(l));
    await Promise.all(sockets.map((s) => emitAck(s, 'live:join', { classId: cls.id })));
    await vi.waitFor(() => expect(events.at(-1)).toMatchObject({ classId: cls.id, count: 9 }), {
      timeout: 5000,
      interval: 50,
    });
    expect(events.length).toBeLessThan(others.length);
    const list = await api.get(`/live/classes/${cls.id}/participants`, as(a, watcher));
    expect(list.body.data.count).toBe(9);
    expect(list.body.data.participants.map((p: any) => p.userId).sort()).toEqual(
      [watcher.id, ...others.map((o) => o.id)].sort(),
    );
    // Leaving (and disconnecting) takes people off the list.
    await emitAck(sockets[0]!, 'live:leave', { classId: cls.id });
    sockets[1]!.close();
    await new Promise((r) => setTimeout(r, 400));
    expect((await api.get(`/live/classes/${cls.id}/participants`, as(a, watcher))).body.data.count).toBe(7);
  });

  it('presence as changes: a delta socket follows the list from its snapshot, full-list sockets still get live:presence, a gap asks for a snapshot', async () => {
    const { cls } = await started();
    const users = await Promise.all(Array.from({ length: 8 }, () => createUser(node, a)));
    const [watcher, oldApp, ...others] = users as [(typeof users)[0], (typeof users)[0], ...typeof users];
    const follower = followPresence(await connectSocket(node.url, a.slug, as(a, watcher)), cls.id);
    expect(await follower.join()).toMatchObject({ classId: cls.id, count: 1, version: expect.any(Number) });
    // A client written before deltas: same join, same whole list after each change, never a delta.
    const legacy = await connectSocket(node.url, a.slug, as(a, oldApp));
    // Gathered for the whole test (not a fixed window: under load the joins below can take longer than one).
    const legacyLists: any[] = [];
    const legacyDeltas: any[] = [];
    legacy.on('live:presence', (l: any) => legacyLists.push(l));
    legacy.on('live:presence:delta', (d: any) => legacyDeltas.push(d));
    expect((await emitAck(legacy, 'live:join', { classId: cls.id })).data).toMatchObject({
      count: 2,
      version: expect.any(Number),
    });
    const sockets = await Promise.all(others.map((u) => connectSocket(node.url, a.slug, as(a, u))));
    await Promise.all(
      sockets.map((s, i) => emitAck(s, 'live:join', { classId: cls.id, presence: i % 2 ? 'delta' : 'full' })),
    );
    await emitAck(sockets[0]!, 'live:leave', { classId: cls.id });
    sockets[1]!.close();
    const present = [watcher, oldApp, ...others.slice(2)].map((u) => u.id).sort((x, y) => x - y);
    // The closed socket leaves when the server has handled its disconnect: wait for the committed list first,
    // then for the follower to reach it (the follower can match `present` for a moment before the closed
    // socket's own join has reached it).
    await vi.waitFor(
      async () => {
        const route = await api.get(`/live/classes/${cls.id}/participants`, as(a, watcher));
        expect(route.body.data.participants.map((p: any) => p.userId).sort((x: number, y: number) => x - y)).toEqual(
          present,
        );
      },
      { timeout: 5000, interval: 100 },
    );
    await vi.waitFor(() => expect(follower.ids()).toEqual(present), { timeout: 5000, interval: 50 });
    expect(follower.state).toMatchObject({ fullLists: 0, gaps: 0, countMismatches: 0 });
    await vi.waitFor(
      () =>
        expect(
          legacyLists
            .at(-1)
            ?.participants.map((p: any) => p.userId)
            .sort((x: number, y: number) => x - y),
        ).toEqual(present),
      { timeout: 5000, interval: 50 },
    );
    expect(legacyDeltas).toEqual([]);

    // A participant row deleted (an erased account): no delta can say so, so the next one starts after it and
    // the follower, seeing the gap, takes a fresh snapshot without that user.
    await platformEm(node.services.orm).execute(
      `delete from live_participants where client_id = ? and class_id = ? and user_id = ?`,
      [a.id, cls.id, others[2]!.id],
    );
    const late = await createUser(node, a);
    await emitAck(await connectSocket(node.url, a.slug, as(a, late)), 'live:join', {
      classId: cls.id,
      presence: 'delta',
    });
    const after = [...present.filter((id) => id !== others[2]!.id), late.id].sort((x, y) => x - y);
    await vi.waitFor(() => expect(follower.ids()).toEqual(after), { timeout: 5000, interval: 50 });
    expect(follower.state.gaps).toBe(1);
  });

  it('signed webhooks reconcile into the same list; duplicates and out-of-order deliveries are tolerated; bad signatures are refused', async () => {
    const { cls } = await started();
    const room = liveRoomName(a.id, cls.id);
    const [u1, u2] = await Promise.all([createUser(node, a), createUser(node, a)]);
    const t = Math.floor(Date.now() / 1000);
    const joined = await webhook({
      event: 'participant_joined',
      room,
      identity: `user-${u1.id}`,
      id: `EV_${cls.id}_1`,
      createdAt: t,
    });
    expect(joined).toMatchObject({ status: 200, body: { data: { applied: true } } });
    expect(
      await webhook({
        event: 'participant_joined',
        room,
        identity: `user-${u1.id}`,
        id: `EV_${cls.id}_1`,
        createdAt: t,
      }),
    ).toMatchObject({ body: { data: { applied: false, reason: 'duplicate' } } });
    // u2 leaves at t+10, but LiveKit's delivery of that arrives before the join at t+5.
    await webhook({
      event: 'participant_left',
      room,
      identity: `user-${u2.id}`,
      id: `EV_${cls.id}_3`,
      createdAt: t + 10,
    });
    expect(
      (
        await webhook({
          event: 'participant_joined',
          room,
          identity: `user-${u2.id}`,
          id: `EV_${cls.id}_2`,
          createdAt: t + 5,
        })
      ).body.data.applied,
    ).toBe(false);
    const list = await api.get(`/live/classes/${cls.id}/participants`, as(a, u1));
    expect(list.body.data.participants).toEqual([
      expect.objectContaining({ userId: u1.id, media: true, socket: false }),
    ]);
    // The socket and LiveKit presence of one user are one entry.
    const s1 = await connectSocket(node.url, a.slug, { apiKey: a.apiKey, token: u1.token });
    expect((await emitAck(s1, 'live:join', { classId: cls.id })).data).toMatchObject({
      count: 1,
      participants: [{ userId: u1.id, socket: true, media: true }],
    });

    expect(
      (
        await webhook(
          { event: 'participant_joined', room, identity: `user-${u2.id}`, createdAt: t + 20 },
          'forged-secret-0123456789abcdef0123',
        )
      ).status,
    ).toBe(401);
    const unsigned = await fetch(`${node.url}/api/v1/livekit/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/webhook+json' },
      body: '{}',
    });
    expect(unsigned.status).toBe(401);
    await webhook({ event: 'room_finished', room, createdAt: t + 30 });
    expect((await api.get(`/live/classes/${cls.id}/participants`, as(a, u1))).body.data.participants).toEqual([
      expect.objectContaining({ userId: u1.id, media: false, socket: true }),
    ]);
  });

  it('the trainer ends the class: attendance recorded, room deleted, live:ended to the room, no more joins', async () => {
    const { trainer, cls } = await started();
    const user = await createUser(node, a);
    const s = await connectSocket(node.url, a.slug, { apiKey: a.apiKey, token: user.token });
    await emitAck(s, 'live:join', { classId: cls.id });
    await api.post(`/live/classes/${cls.id}/join`, {}, as(a, user));
    const ended = nextEvent<any>(s, 'live:ended', 2000);
    const end = await api.post(`/live/classes/${cls.id}/end`, {}, as(a, trainer));
    expect(end.body.data).toEqual({ classId: cls.id, status: 'ended', attendees: 1 });
    expect(await ended).toEqual({ classId: cls.id, attendees: 1 });
    expect(fake.rooms.has(liveRoomName(a.id, cls.id))).toBe(false);
    const rows = await platformEm(node.services.orm).execute(
      `select user_id from live_attendance where client_id = ? and class_id = ?`,
      [a.id, cls.id],
    );
    expect(rows).toEqual([{ user_id: user.id }]);
    expect((await api.post(`/live/classes/${cls.id}/join`, {}, as(a, user))).body.code).toBe('LIVE_CLASS_ENDED');
    expect((await api.post(`/live/classes/${cls.id}/end`, {}, as(a, trainer))).status).toBe(200);
  });

  it("answers 404 for another tenant's live class on every route, the socket and webhooks naming it", async () => {
    const { cls } = await started(a);
    const bUser = await createUser(node, b);
    const bTrainer = await createUser(node, b, 'trainer');
    for (const path of ['join', 'leave'])
      expect((await api.post(`/live/classes/${cls.id}/${path}`, {}, as(b, bUser))).status).toBe(404);
    expect((await api.get(`/live/classes/${cls.id}/participants`, as(b, bUser))).status).toBe(404);
    for (const path of ['start', 'end'])
      expect((await api.post(`/live/classes/${cls.id}/${path}`, {}, as(b, bTrainer))).status).toBe(404);
    const bSocket = await connectSocket(node.url, b.slug, { apiKey: b.apiKey, token: bUser.token });
    expect(await emitAck(bSocket, 'live:join', { classId: cls.id })).toMatchObject({
      ok: false,
      code: 'LIVE_CLASS_NOT_FOUND',
    });
    // A's presence broadcasts never reach B's socket (it is in no live room).
    const aUser = await createUser(node, a);
    const aSocket = await connectSocket(node.url, a.slug, { apiKey: a.apiKey, token: aUser.token });
    const leak = nextEvent(bSocket, 'live:presence', 800);
    await emitAck(aSocket, 'live:join', { classId: cls.id });
    expect(await leak).toBeNull();
    // A webhook naming B's client with A's class id applies nothing.
    const foreign = await webhook({
      event: 'participant_joined',
      room: liveRoomName(b.id, cls.id),
      identity: `user-${bUser.id}`,
      createdAt: Math.floor(Date.now() / 1000),
    });
    expect(foreign.body.data).toMatchObject({ applied: false, reason: 'unknown_class' });
  });

  it('the job moves scheduled → live at the start time and live → ended after the length, recording attendance', async () => {
    const trainer = await createUser(node, a, 'trainer');
    const soon = await createLiveClass(node, a, {
      trainerId: trainer.trainerId,
      scheduledAt: new Date(Date.now() + 60_000),
      durationSeconds: 600,
    });
    const user = await createUser(node, a);
    let run = await runJobOnce(node.services, 'live-classes', new Date(Date.now() + 2 * 60_000));
    expect(run.status).toBe('ran');
    expect((await api.post(`/live/classes/${soon.id}/join`, {}, as(a, user))).status).toBe(200);
    await webhook({
      event: 'participant_joined',
      room: liveRoomName(a.id, soon.id),
      identity: `user-${user.id}`,
      createdAt: Math.floor(Date.now() / 1000),
    });
    run = await runJobOnce(node.services, 'live-classes', new Date(Date.now() + 60 * 60_000), { graceMinutes: 15 });
    expect(run.status).toBe('ran');
    const rows = await platformEm(node.services.orm).execute(
      `select c.status, count(a.user_id)::int as attended from classes c left join live_attendance a on a.client_id = c.client_id and a.class_id = c.id where c.client_id = ? and c.id = ? group by c.status`,
      [a.id, soon.id],
    );
    expect(rows).toEqual([{ status: 'ended', attended: 1 }]);
  });
});
