import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningNode } from '../server/node.ts';
import { startTestNode } from './support/node.ts';
import { spawnNode, type SpawnedNode } from './support/spawn-node.ts';
import { createTenant, type TestTenant } from './support/tenant.ts';
import { closeSockets, connectSocket, createUser, nextEvent } from './support/realtime.ts';

// Streams (the default), and the two pub/sub adapters that stay selectable.
describe.runIf(inject('redisUrl')).each(['streams', 'sharded', 'classic'])(
  'realtime across two nodes on Redis (SOCKET_REDIS_ADAPTER=%s)',
  (mode) => {
    let one: RunningNode;
    let two: RunningNode;
    let a: TestTenant;
    let b: TestTenant;
    beforeAll(async () => {
      [one, two] = await Promise.all([
        startTestNode({ SOCKET_REDIS_ADAPTER: mode }),
        startTestNode({ SOCKET_REDIS_ADAPTER: mode }),
      ]);
      [a, b] = await Promise.all([createTenant(one), createTenant(one)]);
    });
    afterEach(() => closeSockets());
    afterAll(() => Promise.all([one.stop(), two.stop()]));

    it('delivers an event published on node 1 to a socket connected to node 2', async () => {
      const user = await createUser(one, a);
      const socket = await connectSocket(two.url, a.slug, { apiKey: a.apiKey, token: user.token });
      const received = nextEvent(socket, 'booking:created', 3000);
      // Node 1 has no socket in this tenant's namespace: its adapter exists just long enough to publish.
      one.services.publisher.publish(a.slug, [
        { rooms: [`user:${user.id}`], event: 'booking:created', payload: { id: 7 } },
      ]);
      expect(await received).toEqual({ id: 7 });
      expect(one.gateway.io._nsps.has(`/clients/${a.slug}`)).toBe(false);
    });

    it("keeps tenants apart across nodes: B's room of the same name does not reach A's socket", async () => {
      const user = await createUser(one, a);
      const socket = await connectSocket(two.url, a.slug, { apiKey: a.apiKey, token: user.token });
      one.services.publisher.publish(b.slug, [
        { rooms: [`user:${user.id}`], event: 'booking:created', payload: { id: 8 } },
      ]);
      expect(await nextEvent(socket, 'booking:created', 700)).toBeNull();
    });
  },
);

describe('SIGTERM with sockets connected', () => {
  let helper: RunningNode;
  let node: SpawnedNode | null = null;
  beforeAll(async () => {
    helper = await startTestNode();
  });
  afterEach(() => closeSockets());
  afterAll(async () => {
    node?.child.kill('SIGKILL');
    await helper.stop();
  });

  it('disconnects the sockets, logs "shutdown complete" and exits 0', async () => {
    node = await spawnNode();
    const t = await createTenant(helper);
    const users = await Promise.all(Array.from({ length: 5 }, () => createUser(helper, t)));
    const sockets = await Promise.all(
      users.map((u) => connectSocket(node!.url, t.slug, { apiKey: t.apiKey, token: u.token })),
    );
    const disconnects = sockets.map((s) => nextEvent<string>(s, 'disconnect', 10_000));
    const started = Date.now();
    node.child.kill('SIGTERM');
    const code = await node.exited;
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await Promise.all(disconnects)).toEqual(Array(5).fill('transport close'));
    expect(node.output()).toContain('"msg":"sockets closed"');
    expect(node.output()).toContain('"msg":"shutdown complete"');
  });
});
