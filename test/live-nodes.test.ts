import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { RunningNode } from '../server/node.ts';
import { startTestNode } from './support/node.ts';
import { client } from './support/http.ts';
import { createTenant, type TestTenant } from './support/tenant.ts';
import { closeSockets, connectSocket, createUser } from './support/realtime.ts';
import { collect, createLiveClass, emitAck } from './support/viewing.ts';
import { followPresence } from './support/presence-follower.ts';
import { startLiveKitFake, type LiveKitFake } from './support/livekit-fake.ts';

describe.runIf(inject('redisUrl'))('live presence across two nodes through Redis', () => {
  let fake: LiveKitFake;
  let one: RunningNode;
  let two: RunningNode;
  let a: TestTenant;
  beforeAll(async () => {
    fake = await startLiveKitFake();
    [one, two] = await Promise.all([startTestNode(fake.env), startTestNode(fake.env)]);
    a = await createTenant(one);
  });
  afterEach(() => closeSockets());
  afterAll(async () => {
    await Promise.all([one.stop(), two.stop()]);
    await fake.close();
  });

  it('joins on either node and webhooks on a third path make one list that every node broadcasts', async () => {
    const trainer = await createUser(one, a, 'trainer');
    const cls = await createLiveClass(one, a, { trainerId: trainer.trainerId });
    expect(
      (await client(one.url).post(`/live/classes/${cls.id}/start`, {}, { apiKey: a.apiKey, token: trainer.token }))
        .status,
    ).toBe(200);
    const [u1, u2, u3] = await Promise.all([createUser(one, a), createUser(one, a), createUser(one, a)]);
    const s1 = await connectSocket(one.url, a.slug, { apiKey: a.apiKey, token: u1.token });
    const s2 = await connectSocket(two.url, a.slug, { apiKey: a.apiKey, token: u2.token });
    await emitAck(s1, 'live:join', { classId: cls.id });
    const onOne = collect<any>(s1, 'live:presence', 1500);
    await emitAck(s2, 'live:join', { classId: cls.id });
    // LiveKit's webhook for a third user lands on node 2.
    const signed = await fake.signedWebhook({
      event: 'participant_joined',
      room: `live-${a.id}-${cls.id}`,
      identity: `user-${u3.id}`,
    });
    const hook = await fetch(`${two.url}/api/v1/livekit/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/webhook+json', authorization: signed.authorization },
      body: signed.body,
    });
    expect(hook.status).toBe(200);
    const seen = await onOne;
    // Both changes happened on node 2; the socket on node 1 hears them through the Redis adapter.
    expect(seen.at(-1)).toMatchObject({ classId: cls.id, count: 3 });
    expect(
      seen
        .at(-1)
        .participants.map((p: any) => p.userId)
        .sort(),
    ).toEqual([u1.id, u2.id, u3.id].sort());
  });

  it('changes made on node 2 reach a delta follower on node 1 in order, ending at the list the route reads', async () => {
    const trainer = await createUser(one, a, 'trainer');
    const cls = await createLiveClass(one, a, { trainerId: trainer.trainerId });
    expect(
      (await client(one.url).post(`/live/classes/${cls.id}/start`, {}, { apiKey: a.apiKey, token: trainer.token }))
        .status,
    ).toBe(200);
    const users = await Promise.all(Array.from({ length: 12 }, () => createUser(one, a)));
    const follower = followPresence(
      await connectSocket(one.url, a.slug, { apiKey: a.apiKey, token: users[0]!.token }),
      cls.id,
    );
    await follower.join();
    // A burst of joins on both nodes, one leave, one disconnect: broadcasts coalesce, each slot's delta goes to both nodes.
    const sockets = await Promise.all(
      users
        .slice(1)
        .map((u, i) => connectSocket((i % 2 ? one : two).url, a.slug, { apiKey: a.apiKey, token: u.token })),
    );
    await Promise.all(sockets.map((s) => emitAck(s, 'live:join', { classId: cls.id, presence: 'delta' })));
    await emitAck(sockets[0]!, 'live:leave', { classId: cls.id });
    sockets[1]!.close();
    const route = async () =>
      (
        (
          await client(two.url).get(`/live/classes/${cls.id}/participants`, {
            apiKey: a.apiKey,
            token: users[0]!.token,
          })
        ).body.data.participants as Array<{ userId: number }>
      )
        .map((p) => p.userId)
        .sort((x, y) => x - y);
    const expected = [users[0]!, ...users.slice(3)].map((u) => u.id).sort((x, y) => x - y);
    // The closed socket leaves when its node has handled the disconnect: wait for the committed list first.
    await vi.waitFor(async () => expect(await route()).toEqual(expected), { timeout: 5000, interval: 100 });
    await vi.waitFor(() => expect(follower.ids()).toEqual(expected), { timeout: 5000, interval: 50 });
    expect(follower.state).toMatchObject({ fullLists: 0, gaps: 0, countMismatches: 0 });
    expect(follower.state.deltas).toBeGreaterThanOrEqual(1);
  });
});
