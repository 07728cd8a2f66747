import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningNode } from '../server/node.ts';
import { startTestNode } from './support/node.ts';
import { createTenant, type TestTenant } from './support/tenant.ts';
import { closeSockets, connectSocket, createUser, nextEvent } from './support/realtime.ts';

/**
 * Two deployments on one Redis, told apart only by REDIS_KEY_PREFIX: two pairs of nodes on the same database (so the
 * very same tenant slug and user room exist in both), each pair with its own prefix. An event published on one
 * node of a pair reaches the pair's other node, and never a socket of the other pair: the adapter's stream,
 * channels and keys carry the prefix (realtime/redis-adapter.ts), in every adapter mode.
 */
describe.runIf(inject('redisUrl')).each(['streams', 'sharded', 'classic'])(
  'socket fan-out of two deployments sharing one Redis (SOCKET_REDIS_ADAPTER=%s)',
  (mode) => {
    const first = `prefix-a-${process.pid}-${mode}:`;
    const second = `prefix-b-${process.pid}-${mode}:`;
    let nodes: RunningNode[] = [];
    let t: TestTenant;
    beforeAll(async () => {
      nodes = await Promise.all(
        [first, first, second, second].map((p) => startTestNode({ SOCKET_REDIS_ADAPTER: mode, REDIS_KEY_PREFIX: p })),
      );
      t = await createTenant(nodes[0]!);
    });
    afterEach(() => closeSockets());
    afterAll(() => Promise.all(nodes.map((n) => n.stop())));

    it("delivers within a deployment across its nodes, and nothing to the other deployment's sockets", async () => {
      const [a1, a2, b1, b2] = nodes as [RunningNode, RunningNode, RunningNode, RunningNode];
      const user = await createUser(a1, t);
      const auth = { apiKey: t.apiKey, token: user.token };
      const [onA, onB] = await Promise.all([connectSocket(a2.url, t.slug, auth), connectSocket(b2.url, t.slug, auth)]);
      const room = [`user:${user.id}`];

      const gotA = nextEvent(onA, 'booking:created', 3000);
      const leakB = nextEvent(onB, 'booking:created', 1000);
      a1.services.publisher.publish(t.slug, [{ rooms: room, event: 'booking:created', payload: { id: 1 } }]);
      expect(await gotA).toEqual({ id: 1 });
      expect(await leakB).toBeNull();

      const gotB = nextEvent(onB, 'booking:created', 3000);
      const leakA = nextEvent(onA, 'booking:created', 1000);
      b1.services.publisher.publish(t.slug, [{ rooms: room, event: 'booking:created', payload: { id: 2 } }]);
      expect(await gotB).toEqual({ id: 2 });
      expect(await leakA).toBeNull();
    });
  },
);
