import type { MikroORM } from '@mikro-orm/postgresql';
import type { Tenant } from '../shared/context.ts';
import type { Publisher } from '../shared/events.ts';
import { buildContext } from '../shared/use-case.ts';
import type { Logger } from '../../server/logger.ts';
import { stageTimer } from '../../server/stage-timings.ts';
import { presenceOf, takePresenceChanges, type PresenceList, type TakenPresence } from './live-presence.ts';

export interface BroadcastHost {
  orm: MikroORM;
  publisher: Publisher;
  logger: Logger;
}

/** At most one presence broadcast (`live:presence:delta` and/or `live:presence`) per class every this many ms (≤ 10 a second), across nodes. */
export const PRESENCE_MIN_INTERVAL_MS = 100;

/**
 * When a room's slot opens while a change of this node is still on its way to commit (a join between its arrival
 * and its commit), the broadcast waits for it up to this long: under a steady stream of joins the slot then falls
 * just after a commit instead of just before one, which would keep that join waiting a whole interval.
 */
export const PRESENCE_HOLD_FOR_COMMIT_MS = 25;

/** What taking a room's slot gave: something to publish, or how long another broadcast still holds the slot. */
export type Took<T> = { value: T } | { heldMs: number };

export interface PresenceBroadcaster<T = TakenPresence> {
  /** A class's presence changed (after the change committed): sent at once if the slot is free, else at its end. */
  changed(tenant: Tenant, classId: number): void;
  /**
   * True when this node neither sent this class's presence within the interval nor is sending it now: a change may
   * then take the slot in its own transaction and hand what it took to `taken` after its commit, which saves the
   * broadcast's own round trips. False: leave it to `changed` (the slot is surely held; the burst is coalesced).
   */
  idle(tenant: Tenant, classId: number): boolean;
  /** What a change's own transaction took, after its commit: published now, or, when the slot was held, like `changed`. */
  taken(tenant: Tenant, classId: number, took: Took<T>): void;
  /** A change of this class is on its way (before its transaction); the function returned says it is over (after `changed`/`taken`, or on failure). */
  coming(tenant: Tenant, classId: number): () => void;
}

export interface BroadcasterParts<T> {
  /** Takes the room's slot and what goes out (the committed state), or says how long the slot is still held. */
  take(tenant: Tenant, classId: number, intervalMs: number): Promise<Took<T>>;
  publish(tenant: Tenant, what: T): void;
  onError(err: unknown, classId: number): void;
  intervalMs?: number;
  holdMs?: number;
  now?: () => number;
}

interface Room {
  tenant: Tenant;
  classId: number;
  /** A change not yet covered by a broadcast whose take started after it. */
  dirty: boolean;
  /** Taking or publishing right now. */
  busy: boolean;
  /** The grid point of the last broadcast of this node: the next slot opens one interval after it. */
  lastSentAt: number;
  /** The slot was held (by the database, or for a commit): the next broadcast starts a new grid at its take. */
  regrid: boolean;
  /** When this node's last 10 broadcasts of the room were taken: the 11th waits until 10 intervals after the 1st. */
  takes: number[];
  timer: NodeJS.Timeout | null;
  /** Changes of this node on their way to commit (`coming`). */
  coming: number;
  /** While the open slot waits for them: until when. */
  holdUntil: number | null;
  /** When the oldest change not yet broadcast arrived (stage timings). */
  dirtyAt?: number | undefined;
  /** How many times the database said "held" since the last broadcast (stage timings). */
  helds: number;
}

/**
 * Leading edge, then coalescing: the first change in a quiet room goes out at once; changes arriving within the
 * interval after a broadcast wait for its end and go out together, taken from the database at that moment, so the
 * list sent is the committed one and a burst of joins is at most 10 messages a second to each socket in the room.
 * The slot itself is in the database (`takePresenceChanges`), so the bound holds across nodes; the node's own
 * `lastSentAt` only saves asking when it knows the answer. A room's state is dropped one interval after its last
 * broadcast.
 *
 * Slots stay on a grid: a broadcast taken at most a tenth of an interval after its slot opened (a timer, the event
 * loop, a round trip) keeps the grid point, and the next slot opens one interval after that point, not after the
 * take (the database allows it: the last broadcast need only be 0.9 interval old, the 10th last 10 intervals).
 * Counted from each take, every slot fell a few ms later than the one before, so under a steady stream of joins the
 * slots swept across the joins' arrivals and the older join of each pair waited from half an interval to a whole
 * one; on a grid that starts at a commit (a quiet room's first change, or a slot held for a commit) the wait stays
 * near half an interval.
 */
export function createPresenceBroadcaster<T>(parts: BroadcasterParts<T>): PresenceBroadcaster<T> {
  const interval = parts.intervalMs ?? PRESENCE_MIN_INTERVAL_MS;
  const hold = parts.holdMs ?? PRESENCE_HOLD_FOR_COMMIT_MS;
  const gridSlack = interval / 10;
  const ringMargin = interval / 100;
  const now = parts.now ?? Date.now;
  const rooms = new Map<string, Room>();
  const keyOf = (tenant: Tenant, classId: number) => `${tenant.id}:${classId}`;

  const later = (key: string, r: Room, ms: number) => {
    if (r.timer) clearTimeout(r.timer);
    r.timer = setTimeout(
      () => {
        r.timer = null;
        if (r.dirty) void attempt(key, r);
        else if (!r.coming) rooms.delete(key);
      },
      Math.max(0, ms),
    );
    r.timer.unref();
  };

  const roomOf = (tenant: Tenant, classId: number): [string, Room] => {
    const key = keyOf(tenant, classId);
    let r = rooms.get(key);
    if (!r)
      rooms.set(
        key,
        (r = {
          tenant,
          classId,
          dirty: false,
          busy: false,
          lastSentAt: -Infinity,
          regrid: false,
          takes: [],
          timer: null,
          coming: 0,
          holdUntil: null,
          helds: 0,
        }),
      );
    return [key, r];
  };

  function publish(key: string, r: Room, what: T, slotAt: number, takenAt: number): void {
    r.lastSentAt = slotAt;
    r.takes.push(takenAt);
    if (r.takes.length > 10) r.takes.shift();
    // With STAGE_TIMINGS=1, when (epoch ms, this host's clock) each emit left: bench/presence.ts counts the emits of
    // both nodes in any 1 s, the bound itself, apart from what an observer sees after delivery's jitter.
    const e = stageTimer('emit');
    e.note('at', performance.timeOrigin + performance.now());
    e.done();
    try {
      parts.publish(r.tenant, what);
    } catch (err) {
      parts.onError(err, r.classId);
    }
    // Changes meanwhile go out at the next slot; with none, the room is forgotten then.
    if (!r.timer) later(key, r, r.lastSentAt + interval - now());
  }

  async function attempt(key: string, r: Room): Promise<void> {
    // The database's rule, mirrored so as not to ask before it would answer yes (each "held" costs a round trip,
    // and the slot after it is later by that much): the 10th last take 10 intervals old, with a margin for the
    // varying time a statement takes to reach the database.
    const due = Math.max(r.lastSentAt + interval, (r.takes.at(-10) ?? -Infinity) + 10 * interval + ringMargin);
    const wait = due - now();
    if (wait > 0) return later(key, r, wait);
    if (r.coming > 0) {
      r.holdUntil ??= now() + hold;
      if (r.holdUntil > now()) return later(key, r, r.holdUntil - now());
    }
    if (r.holdUntil !== null) r.regrid = true;
    r.holdUntil = null;
    r.busy = true;
    r.dirty = false;
    const dirtyAt = r.dirtyAt;
    const t = stageTimer('broadcast', dirtyAt);
    t.mark('wait');
    r.dirtyAt = undefined;
    let took: Took<T> | null = null;
    const startedAt = now();
    try {
      took = await parts.take(r.tenant, r.classId, interval);
    } catch (err) {
      parts.onError(err, r.classId);
    } finally {
      r.busy = false;
    }
    t.mark('take');
    // Failed (the database is down): not retried; the next change sends all since the last broadcast.
    if (!took) return void (r.timer ?? later(key, r, interval));
    if ('heldMs' in took) {
      r.dirty = true;
      r.regrid = true;
      // The oldest change still waits: its wait is counted from its arrival, not from this retry.
      r.dirtyAt = dirtyAt ?? r.dirtyAt;
      r.helds++;
      return later(key, r, took.heldMs);
    }
    t.note('held', r.helds);
    r.helds = 0;
    if (Number.isFinite(due)) t.note('late', startedAt - due);
    // On time: the grid stays. A quiet room's first change, or a slot that was held, starts a new grid here.
    const onGrid = !r.regrid && startedAt - due <= gridSlack;
    r.regrid = false;
    publish(key, r, took.value, onGrid ? due : startedAt, startedAt);
    t.mark('publish');
    t.done();
  }

  return {
    changed(tenant, classId) {
      const [key, r] = roomOf(tenant, classId);
      r.dirty = true;
      r.dirtyAt ??= performance.now();
      if (!r.busy && !r.timer) void attempt(key, r);
    },
    idle(tenant, classId) {
      const r = rooms.get(keyOf(tenant, classId));
      return !r || (!r.busy && !r.timer && r.lastSentAt + interval <= now());
    },
    taken(tenant, classId, took) {
      if ('heldMs' in took) {
        const [key, r] = roomOf(tenant, classId);
        r.dirty = true;
        r.dirtyAt ??= performance.now();
        if (!r.busy && !r.timer) later(key, r, took.heldMs);
        return;
      }
      const [key, r] = roomOf(tenant, classId);
      r.regrid = false;
      publish(key, r, took.value, now(), now());
    },
    coming(tenant, classId) {
      const [key, r] = roomOf(tenant, classId);
      r.coming++;
      let over = false;
      return () => {
        if (over) return;
        over = true;
        r.coming--;
        if (r.coming > 0 || rooms.get(key) !== r) return;
        // The slot was waiting for this change: it goes now.
        if (r.holdUntil !== null && r.timer && !r.busy) {
          clearTimeout(r.timer);
          r.timer = null;
          void attempt(key, r);
        } else if (!r.dirty && !r.busy && !r.timer) rooms.delete(key);
      };
    },
  };
}

/** A room's sockets that asked for changes (`live:join { presence: 'delta' }`) are also in this room. */
export const liveDeltaRoom = (classId: number) => `live:${classId}:delta`;

/**
 * The node's broadcaster (built once with the node's services, server/node-parts.ts): takes the changes from
 * `live_participants` and publishes on every node through the adapter: the delta at once to the sockets that follow
 * changes, then, while some socket still wants it, the whole list (`live:presence`, as documented before deltas)
 * to the others, read after the delta went out.
 */
export function createNodePresenceBroadcaster(host: BroadcastHost): PresenceBroadcaster {
  const contextOf = (tenant: Tenant) =>
    buildContext(host.orm.em, { tenant, actor: { kind: 'system', job: 'live-presence' } });
  const warn = (err: unknown, classId: number) => host.logger.warn({ err, classId }, 'live presence broadcast failed');
  // The whole list is read after the delta went out: a slower read of an older list is not sent after a newer one.
  const fullVersions = new Map<string, number>();
  const sendFull = (tenant: Tenant, full: PresenceList) => {
    const key = `${tenant.id}:${full.classId}`;
    if ((fullVersions.get(key) ?? -1) > full.version) return;
    fullVersions.delete(key);
    fullVersions.set(key, full.version);
    if (fullVersions.size > 1000) fullVersions.delete(fullVersions.keys().next().value!);
    host.publisher.publish(tenant.slug, [
      {
        rooms: [`live:${full.classId}`],
        except: [liveDeltaRoom(full.classId)],
        event: 'live:presence',
        payload: { ...full },
      },
    ]);
  };
  return createPresenceBroadcaster<TakenPresence>({
    take: async (tenant, classId, ms) => {
      const took = await takePresenceChanges(contextOf(tenant), classId, ms);
      return 'heldMs' in took ? took : { value: took };
    },
    publish: (tenant, { delta, fullSockets }) => {
      if (!delta) return;
      const { classId } = delta;
      host.publisher.publish(tenant.slug, [
        { rooms: [liveDeltaRoom(classId)], event: 'live:presence:delta', payload: { ...delta } },
      ]);
      if (fullSockets > 0)
        presenceOf(contextOf(tenant), classId).then(
          (full) => sendFull(tenant, full),
          (err: unknown) => warn(err, classId),
        );
    },
    onError: warn,
  });
}
