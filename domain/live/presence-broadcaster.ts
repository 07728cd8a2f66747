import type { MikroORM } from '@mikro-orm/postgresql';
import type { Redis } from 'ioredis';
import type { Tenant } from '../shared/context.ts';
import type { Publisher } from '../shared/events.ts';
import { buildContext } from '../shared/use-case.ts';
import type { Logger } from '../../server/logger.ts';
import { stageTimer } from '../../server/stage-timings.ts';
import { presenceOf, takePresenceChanges, type PresenceDelta, type PresenceList } from './live-presence.ts';

export interface BroadcastHost {
  orm: MikroORM;
  publisher: Publisher;
  logger: Logger;
  /** With Redis the interval holds for the room across nodes; without it, per node. */
  redis?: Redis | null;
}

/** At most one presence broadcast (`live:presence:delta` and/or `live:presence`) per class every this many ms (≤ 10 a second), across nodes when Redis is there. */
export const PRESENCE_MIN_INTERVAL_MS = 100;
/** A Redis claim that takes longer than this is skipped: presence goes out on this node's interval alone. */
const CLAIM_TIMEOUT_MS = 50;

export interface PresenceBroadcaster {
  /** A class's presence changed (after the change committed). */
  changed(tenant: Tenant, classId: number): void;
}

export interface BroadcasterParts<T> {
  /** What goes out (the committed state), read when a broadcast goes out. */
  read(tenant: Tenant, classId: number): Promise<T>;
  publish(tenant: Tenant, what: T): void;
  /** Claims the room's next slot: 0 when this node may send now, else the ms until the slot another node holds ends. */
  claim(tenant: Tenant, classId: number, intervalMs: number): Promise<number>;
  onError(err: unknown, classId: number): void;
  intervalMs?: number;
  now?: () => number;
}

interface Room {
  tenant: Tenant;
  classId: number;
  /** A change not yet covered by a broadcast whose read started after it. */
  dirty: boolean;
  /** Claiming, reading or publishing right now. */
  busy: boolean;
  lastSentAt: number;
  timer: NodeJS.Timeout | null;
  /** When the oldest change not yet broadcast arrived (stage timings). */
  dirtyAt?: number | undefined;
}

/**
 * Leading edge, then coalescing: the first change in a quiet room goes out at once; changes arriving within the
 * interval after a broadcast wait for its end and go out together, read from the database at that moment, so the
 * list sent is the committed one and a burst of joins is at most 10 messages a second to each socket in the room.
 * A room's state is dropped one interval after its last broadcast.
 */
export function createPresenceBroadcaster<T>(parts: BroadcasterParts<T>): PresenceBroadcaster {
  const interval = parts.intervalMs ?? PRESENCE_MIN_INTERVAL_MS;
  const now = parts.now ?? Date.now;
  const rooms = new Map<string, Room>();

  const later = (key: string, r: Room, ms: number) => {
    r.timer = setTimeout(
      () => {
        r.timer = null;
        if (r.dirty) void attempt(key, r);
        else rooms.delete(key);
      },
      Math.max(0, ms),
    );
    r.timer.unref();
  };

  async function attempt(key: string, r: Room): Promise<void> {
    const wait = r.lastSentAt + interval - now();
    if (wait > 0) return later(key, r, wait);
    r.busy = true;
    const t = stageTimer('broadcast', r.dirtyAt);
    t.mark('wait');
    try {
      const held = await parts.claim(r.tenant, r.classId, interval);
      t.mark('claim');
      if (held > 0) return later(key, r, held);
      r.dirty = false;
      r.dirtyAt = undefined;
      r.lastSentAt = now();
      const what = await parts.read(r.tenant, r.classId);
      t.mark('read');
      parts.publish(r.tenant, what);
      t.mark('publish');
      t.done();
    } catch (err) {
      parts.onError(err, r.classId);
    } finally {
      r.busy = false;
    }
    // Changes during the read go out at the next slot; with none, the room is forgotten then.
    if (!r.timer) later(key, r, r.lastSentAt + interval - now());
  }

  return {
    changed(tenant, classId) {
      const key = `${tenant.id}:${classId}`;
      let r = rooms.get(key);
      if (!r) rooms.set(key, (r = { tenant, classId, dirty: false, busy: false, lastSentAt: -Infinity, timer: null }));
      r.dirty = true;
      r.dirtyAt ??= performance.now();
      if (!r.busy && !r.timer) void attempt(key, r);
    },
  };
}

/** One atomic step: take the slot for `ms`, or tell how long the holder keeps it. */
const CLAIM_SCRIPT = `if redis.call('SET', KEYS[1], '1', 'PX', ARGV[1], 'NX') then return 0 end return redis.call('PTTL', KEYS[1])`;

async function claimSlot(
  redis: Redis | null | undefined,
  tenant: Tenant,
  classId: number,
  ms: number,
): Promise<number> {
  // Redis down or slow: each node keeps its own interval rather than holding presence back.
  if (!redis || redis.status !== 'ready') return 0;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<number>((resolve) => (timer = setTimeout(() => resolve(0), CLAIM_TIMEOUT_MS)));
  const claimed = (redis.eval(CLAIM_SCRIPT, 1, `stvos:presence:${tenant.id}:${classId}`, ms) as Promise<number>).then(
    (n) => Math.max(0, Number(n)),
    () => 0,
  );
  try {
    return await Promise.race([claimed, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A room's sockets that asked for changes (`live:join { presence: 'delta' }`) are also in this room. */
export const liveDeltaRoom = (classId: number) => `live:${classId}:delta`;

/** One slot's broadcast: the changes since the last one, and the whole list while some socket still wants it. */
interface PresenceBroadcast {
  delta: PresenceDelta | null;
  full: PresenceList | null;
}

/** Takes what changed since the last broadcast (on any node), and reads the whole list only if some socket wants it. */
async function readBroadcast(host: BroadcastHost, tenant: Tenant, classId: number): Promise<PresenceBroadcast> {
  const ctx = buildContext(host.orm.em, { tenant, actor: { kind: 'system', job: 'live-presence' } });
  const { delta, fullSockets } = await takePresenceChanges(ctx, classId);
  if (!delta) return { delta: null, full: null };
  return { delta, full: fullSockets > 0 ? await presenceOf(ctx, classId) : null };
}

/**
 * The node's broadcaster (built once with the node's services, server/node-parts.ts): reads `live_participants`,
 * publishes on every node through the adapter: the delta to
 * the sockets that follow changes, the whole list (`live:presence`, as documented before deltas) to the others.
 */
export function createNodePresenceBroadcaster(host: BroadcastHost): PresenceBroadcaster {
  return createPresenceBroadcaster<PresenceBroadcast>({
    read: (tenant, classId) => readBroadcast(host, tenant, classId),
    publish: (tenant, { delta, full }) => {
      const events = [];
      if (delta)
        events.push({ rooms: [liveDeltaRoom(delta.classId)], event: 'live:presence:delta', payload: { ...delta } });
      if (full)
        events.push({
          rooms: [`live:${full.classId}`],
          except: [liveDeltaRoom(full.classId)],
          event: 'live:presence',
          payload: { ...full },
        });
      if (events.length) host.publisher.publish(tenant.slug, events);
    },
    claim: (tenant, classId, ms) => claimSlot(host.redis, tenant, classId, ms),
    onError: (err, classId) => host.logger.warn({ err, classId }, 'live presence broadcast failed'),
  });
}
