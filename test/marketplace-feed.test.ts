import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import type { RunningNode } from '../server/node.ts';
import { startTestNode } from './support/node.ts';
import { client } from './support/http.ts';
import { createTenant, type TestTenant } from './support/tenant.ts';
import { closeSockets, connectSocket, createUser, nextEvent } from './support/realtime.ts';
import { createBookableTrainer } from './support/marketplace.ts';

interface FeedEvent {
  eventId: number;
  type: string;
  booking: { id: number; trainerId: number; userId: number; status: string };
}

/** Collects every booking event a socket receives, in arrival order. */
function collect(socket: Socket): FeedEvent[] {
  const seen: FeedEvent[] = [];
  for (const e of ['booking:created', 'booking:updated', 'booking:cancelled'])
    socket.on(e, (p: FeedEvent) => seen.push(p));
  return seen;
}

/** Listeners attached before connecting, as an app does, so nothing replayed at connection is missed. */
function connectCollecting(
  url: string,
  slug: string,
  auth: Record<string, unknown>,
): { socket: Socket; seen: FeedEvent[] } {
  const socket = io(`${url}/clients/${slug}`, {
    auth,
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    autoConnect: false,
  });
  const seen = collect(socket);
  socket.connect();
  sockets.push(socket);
  return { socket, seen };
}
const sockets: Socket[] = [];

const until = async (check: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
};

describe('marketplace: booking feed (live, stored, replayed)', () => {
  let node: RunningNode;
  let t: TestTenant;
  let other: TestTenant;
  beforeAll(async () => {
    node = await startTestNode();
    [t, other] = await Promise.all([createTenant(node), createTenant(node)]);
  });
  afterEach(() => {
    closeSockets();
    for (const s of sockets.splice(0)) s.close();
  });
  afterAll(() => node.stop());

  async function bookNext(trainer: Awaited<ReturnType<typeof createBookableTrainer>>, token: string, skip = 0) {
    const api = client(node.url, { apiKey: t.apiKey, token });
    const slots = (await api.get(`/trainers/${trainer.trainerId}/availability?serviceId=${trainer.serviceId}`)).body
      .data.slots as Array<{ id: string }>;
    const res = await api.post(`/trainers/${trainer.trainerId}/book`, {
      serviceId: trainer.serviceId,
      slotId: slots[skip]?.id,
    });
    expect(res.status).toBe(201);
    return res.body.data as { id: number };
  }

  it('pushes booking:created to the trainer and the user after commit, with per-account event ids', async () => {
    const trainer = await createBookableTrainer(node, t);
    const user = await createUser(node, t);
    const trainerSocket = await connectSocket(node.url, t.slug, { apiKey: t.apiKey, token: trainer.token });
    const userSocket = await connectSocket(node.url, t.slug, { apiKey: t.apiKey, token: user.token });
    const toTrainer = nextEvent<FeedEvent>(trainerSocket, 'booking:created', 3000);
    const toUser = nextEvent<FeedEvent>(userSocket, 'booking:created', 3000);
    const booking = await bookNext(trainer, user.token);
    expect(await toTrainer).toMatchObject({
      eventId: 1,
      type: 'booking:created',
      booking: { id: booking.id, trainerId: trainer.trainerId, userId: user.id, status: 'confirmed' },
    });
    expect(await toUser).toMatchObject({ eventId: 1, booking: { id: booking.id } });
  });

  it('replays what a trainer missed after a forced disconnect, on reconnect and through GET /notifications', async () => {
    const trainer = await createBookableTrainer(node, t);
    const user = await createUser(node, t);
    const first = await connectSocket(node.url, t.slug, { apiKey: t.apiKey, token: trainer.token });
    const live = collect(first);
    await bookNext(trainer, user.token, 0);
    await until(() => live.length === 1);
    const lastEventId = live[0]?.eventId ?? 0;
    first.disconnect(); // forced: the app is offline while two more bookings land
    const missed = [await bookNext(trainer, user.token, 2), await bookNext(trainer, user.token, 4)];

    const { seen: replayed } = connectCollecting(node.url, t.slug, {
      apiKey: t.apiKey,
      token: trainer.token,
      lastEventId,
    });
    await until(() => new Set(replayed.map((e) => e.eventId)).size >= 2);
    // At least once: an event committed just before the reconnect may also arrive live (through Redis,
    // later than the replay); the app dedupes by eventId, as here.
    const unique = [...new Map(replayed.map((e) => [e.eventId, e])).values()].sort((x, y) => x.eventId - y.eventId);
    expect(unique.map((e) => e.booking.id)).toEqual(missed.map((b) => b.id));
    expect(unique.map((e) => e.eventId)).toEqual([lastEventId + 1, lastEventId + 2]);

    const feed = await client(node.url, { apiKey: t.apiKey, token: trainer.token }).get(
      `/notifications?since=${lastEventId}`,
    );
    expect(feed.status).toBe(200);
    expect(feed.body.data.items.map((i: { id: number }) => i.id)).toEqual([lastEventId + 1, lastEventId + 2]);
    expect(feed.body.data).toMatchObject({ hasMore: false, lastEventId: lastEventId + 2 });
    expect(
      (
        await client(node.url, { apiKey: t.apiKey, token: trainer.token }).get(
          `/notifications?since=${lastEventId + 2}`,
        )
      ).body.data.items,
    ).toEqual([]);
    // The user's own stream holds the same three bookings under its own ids.
    const mine = await client(node.url, { apiKey: t.apiKey, token: user.token }).get('/notifications');
    expect(mine.body.data.items.map((i: { id: number }) => i.id)).toEqual([1, 2, 3]);
  });

  it('keeps feeds inside their tenant and their account', async () => {
    const trainer = await createBookableTrainer(node, t);
    const user = await createUser(node, t);
    const bystander = await createUser(node, t);
    const foreign = await createUser(node, other, 'trainer');
    const foreignSocket = connectCollecting(node.url, other.slug, {
      apiKey: other.apiKey,
      token: foreign.token,
      lastEventId: 0,
    });
    const bystanderSocket = connectCollecting(node.url, t.slug, {
      apiKey: t.apiKey,
      token: bystander.token,
      lastEventId: 0,
    });
    await until(() => foreignSocket.socket.connected && bystanderSocket.socket.connected);
    expect([foreignSocket.socket.connected, bystanderSocket.socket.connected]).toEqual([true, true]);
    const leaks = [...foreignSocket.seen, ...bystanderSocket.seen];
    await bookNext(trainer, user.token);
    await new Promise((r) => setTimeout(r, 300));
    expect(leaks).toEqual([]);
    expect(
      (await client(node.url, { apiKey: t.apiKey, token: bystander.token }).get('/notifications')).body.data.items,
    ).toEqual([]);
    // Another tenant's token against this tenant's key is refused outright.
    expect((await client(node.url, { apiKey: t.apiKey, token: foreign.token }).get('/notifications')).status).toBe(401);
    expect(
      (await client(node.url, { apiKey: t.apiKey, token: user.token }).get('/notifications?since=-1')).status,
    ).toBe(400);
  });
});

// Needs the Redis adapter: without it each node only reaches its own sockets (the in-memory tier).
describe.runIf(inject('redisUrl'))('marketplace: booking feed across two nodes on Redis', () => {
  let one: RunningNode;
  let two: RunningNode;
  let t: TestTenant;
  beforeAll(async () => {
    [one, two] = await Promise.all([startTestNode(), startTestNode()]);
    t = await createTenant(one);
  });
  afterEach(() => {
    closeSockets();
    for (const s of sockets.splice(0)) s.close();
  });
  afterAll(() => Promise.all([one.stop(), two.stop()]));

  it('a booking made on node 1 reaches the trainer on node 2, and a reconnect to node 1 replays what was missed', async () => {
    const trainer = await createBookableTrainer(one, t);
    const user = await createUser(one, t);
    const onTwo = await connectSocket(two.url, t.slug, { apiKey: t.apiKey, token: trainer.token });
    const live = nextEvent<FeedEvent>(onTwo, 'booking:created', 3000);
    const book = async (skip: number) => {
      const api = client(one.url, { apiKey: t.apiKey, token: user.token });
      const slots = (await api.get(`/trainers/${trainer.trainerId}/availability?serviceId=${trainer.serviceId}`)).body
        .data.slots as Array<{ id: string }>;
      return (
        await api.post(`/trainers/${trainer.trainerId}/book`, { serviceId: trainer.serviceId, slotId: slots[skip]?.id })
      ).body.data as { id: number };
    };
    const first = await book(0);
    const got = await live;
    expect(got).toMatchObject({ eventId: 1, booking: { id: first.id } });
    onTwo.disconnect();
    const missed = await book(2);
    const { seen } = connectCollecting(one.url, t.slug, {
      apiKey: t.apiKey,
      token: trainer.token,
      lastEventId: got?.eventId,
    });
    await until(() => seen.length >= 1);
    expect([...new Map(seen.map((e) => [e.eventId, e.booking.id])).entries()]).toEqual([[2, missed.id]]);
  });
});
