import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningNode } from '../server/node.ts';
import { startTestNode } from './support/node.ts';
import { createTenant, type TestTenant } from './support/tenant.ts';
import { closeSockets, connectSocket, createUser, nextEvent, refusal } from './support/realtime.ts';
import { emitAck } from './support/viewing.ts';

const CYCLES = 100;

/** Waits until `probe` stops changing (unsubscribe replies are asynchronous), then returns its value. */
async function settled<T>(probe: () => Promise<T>, ms = 4000): Promise<T> {
  let last = JSON.stringify(await probe());
  for (const until = Date.now() + ms; Date.now() < until;) {
    await new Promise((r) => setTimeout(r, 150));
    const now = JSON.stringify(await probe());
    if (now === last) return JSON.parse(now) as T;
    last = now;
  }
  return JSON.parse(last) as T;
}

describe.runIf(inject('redisUrl')).each(['streams', 'sharded', 'classic'])(
  'adapter state is flat in tenants and in time (SOCKET_REDIS_ADAPTER=%s)',
  (mode) => {
    let one: RunningNode;
    let two: RunningNode;
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    beforeAll(async () => {
      process.on('warning', onWarning);
      [one, two] = await Promise.all([
        startTestNode({ SOCKET_REDIS_ADAPTER: mode }),
        startTestNode({ SOCKET_REDIS_ADAPTER: mode }),
      ]);
    });
    afterEach(() => closeSockets());
    afterAll(async () => {
      process.off('warning', onWarning);
      await Promise.all([one.stop(), two.stop()]);
    });

    /** One tenant namespace's life on node one: a socket comes and goes, a publish with nobody there, a refusal. */
    async function cycle(t: TestTenant): Promise<void> {
      const user = await createUser(one, t);
      const socket = await connectSocket(one.url, t.slug, { apiKey: t.apiKey, token: user.token });
      expect(await emitAck(socket, 'presence:ping', {})).toMatchObject({ ok: true });
      const gone = nextEvent(socket, 'disconnect', 2000);
      socket.disconnect();
      await gone;
      one.services.publisher.publish(t.slug, [
        { rooms: [`user:${user.id}`], event: 'booking:created', payload: { id: 1 } },
      ]);
      expect((await refusal(one.url, `${t.slug}-nobody`, { apiKey: t.apiKey, token: user.token })).code).toBe(
        'UNKNOWN_CLIENT',
      );
    }

    it(`gives back every subscription and listener after ${CYCLES} tenant namespaces came and went`, async () => {
      const fanOut = one.gateway.fanOut!;
      const nsps = () => one.gateway.io._nsps.size;
      await cycle(await createTenant(one)); // the first use creates what lives as long as the node
      const baseline = await settled(() => fanOut.state());
      const baseNsps = nsps();

      const tenants = await Promise.all(Array.from({ length: CYCLES }, () => createTenant(one)));
      for (let i = 0; i < tenants.length; i += 10) await Promise.all(tenants.slice(i, i + 10).map(cycle));

      expect(await settled(() => fanOut.state())).toEqual(baseline);
      expect(nsps()).toBe(baseNsps);
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);

      // Still carrying events between nodes, into a namespace that was emptied and made again.
      const t = tenants[0]!;
      const user = await createUser(one, t);
      const socket = await connectSocket(two.url, t.slug, { apiKey: t.apiKey, token: user.token });
      await new Promise((r) => setTimeout(r, 200)); // pub/sub modes: node two's subscription is asynchronous
      const received = nextEvent(socket, 'booking:created', 3000);
      one.services.publisher.publish(t.slug, [
        { rooms: [`user:${user.id}`], event: 'booking:created', payload: { id: 2 } },
      ]);
      expect(await received).toEqual({ id: 2 });
    });
  },
);
