import type { Redis } from 'ioredis';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Publisher } from '../domain/shared/events.ts';
import type { Logger } from '../server/logger.ts';
import { withoutTenantScope } from '../domain/shared/scope.ts';
import { localDate } from '../domain/partner-usage/usage-partner.ts';
import type { BatchRow, StoredSession } from '../domain/viewing/heartbeat-writer.ts';
import { memoryUsageStore, redisUsageStore, type UsageCounterStore } from './usage-store.ts';

export interface UsageFeedDeps {
  orm: MikroORM;
  redis?: Redis | null;
  publisher: Publisher;
  logger: Logger;
  intervalMs?: number;
  /** A session counts as an active viewer this long after its last heartbeat. */
  viewerWindowMs?: number;
}

export interface UsageFeed {
  /** Called with each committed heartbeat batch: in-memory arithmetic only, no I/O. */
  record(rows: readonly BatchRow[], stored: readonly StoredSession[]): void;
  stop(): Promise<void>;
}

interface PartnerKey {
  clientId: number;
  slug: string;
  partnerId: number;
  timeZone: string;
}
/** Watch seconds by the transaction id of the batch that committed them. */
type Increments = Map<string, number>;
interface Pending extends PartnerKey {
  increments: Increments;
  sessions: Set<string>;
}

/**
 * Whether a committed transaction's effects are in a snapshot (`pg_current_snapshot()` text, `xmin:xmax:xip,...`):
 * ids below xmin are, ids from xmax on are not, and in between all but the ones listed as running are.
 */
export function visibleIn(snapshot: string, xid: string): boolean {
  const [xmin, xmax, running = ''] = snapshot.split(':');
  const x = BigInt(xid);
  if (x < BigInt(xmin!)) return true;
  if (x >= BigInt(xmax!)) return false;
  return !running.split(',').includes(xid);
}

const add = (into: Increments, from: Increments) => {
  for (const [xid, seconds] of from) into.set(xid, (into.get(xid) ?? 0) + seconds);
};
/** Increments waiting for their day's baseline, per day key: one entry per batch, so bounded by this. */
const MAX_WAITING = 10_000;

/**
 * The live partner dashboard feed (`usage:update` to room `partner:<id>`). Heartbeat batches report what they
 * committed (`record`): this node adds it up per partner in memory. Once a second it hands the sums to the shared
 * counters (Redis with several nodes: `INCRBY` per partner and day, a sorted set of sessions for active viewers),
 * and for each partner with activity one node per second wins `SET NX` and emits. The emitter reads voucher
 * figures (members, redemptions and registrations today) for all partners it won in one statement. Keys name
 * the tenant by slug (stable and unique, unlike ids across databases sharing one Redis). So the
 * database sees at most one statement per node per second, whatever the number of viewers or heartbeats.
 *
 * The day's watch counter starts from the database (usage record plus what the sessions hold that the usage-watch
 * job has not moved yet), read once per partner and day with the snapshot it was read in, and then adds each
 * batch's committed increments. Each increment carries its batch's transaction id: one the baseline's snapshot
 * already saw is not added again, one it did not see is added, and one that arrives before the day has a baseline
 * waits for it. So the counter is exact from its first read, on any number of nodes.
 */
export function createUsageFeed(deps: UsageFeedDeps): UsageFeed {
  const interval = deps.intervalMs ?? 1000;
  const windowMs = deps.viewerWindowMs ?? 60_000;
  const store: UsageCounterStore = deps.redis ? redisUsageStore(deps.redis) : memoryUsageStore();
  let pending = new Map<string, Pending>();
  /** Per day key: increments that arrived before the day had a baseline, and the baseline's snapshot once known. */
  const unbased = new Map<string, Increments>();
  const snapshots = new Map<string, string>();
  async function snapshotOf(watchKey: string): Promise<string | null> {
    let snap = snapshots.get(watchKey) ?? null;
    if (snap === null && (snap = await store.getSnapshot(watchKey)) !== null) remember(watchKey, snap);
    return snap;
  }
  function remember(watchKey: string, snap: string) {
    snapshots.set(watchKey, snap);
    if (snapshots.size > 10_000) snapshots.delete(snapshots.keys().next().value!);
  }
  /** Adds the increments the baseline's snapshot did not include. */
  async function addUnseen(watchKey: string, increments: Increments, snap: string) {
    let seconds = 0;
    for (const [xid, s] of increments) if (!visibleIn(snap, xid)) seconds += s;
    if (seconds) await store.addWatch(watchKey, seconds);
  }
  /** Partners this node saw lately: kept until their active viewers have fallen to zero and that was sent. */
  const recent = new Map<string, PartnerKey & { lastViewers: number; owed?: number }>();
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (!running)
      running = tick()
        .catch((err: unknown) => deps.logger.warn({ err }, 'usage:update tick failed'))
        .finally(() => (running = null));
  }, interval);
  timer.unref();

  async function tick(): Promise<void> {
    const batch = pending;
    pending = new Map();
    for (const [key, p] of batch) {
      const known = recent.get(key);
      recent.set(key, {
        clientId: p.clientId,
        slug: p.slug,
        partnerId: p.partnerId,
        timeZone: p.timeZone,
        lastViewers: known?.lastViewers ?? -1,
        ...(known?.owed === undefined ? {} : { owed: known.owed }),
      });
    }
    if (!recent.size) return;
    const now = Date.now();
    const second = Math.floor(now / 1000);
    const due: Array<
      PartnerKey & { key: string; day: string; watchKey: string; viewers: number; emit: boolean; needBase: boolean }
    > = [];
    for (const [key, p] of recent) {
      const fresh = batch.get(key);
      const day = localDate(new Date(now), p.timeZone);
      const watchKey = `stvos:usage:watch:${p.slug}:${p.partnerId}:${day}`;
      if (fresh?.increments.size) {
        const snap = await snapshotOf(watchKey);
        if (snap !== null) await addUnseen(watchKey, fresh.increments, snap);
        else {
          const waiting = unbased.get(watchKey) ?? new Map<string, number>();
          if (waiting.size < MAX_WAITING) add(waiting, fresh.increments);
          unbased.set(watchKey, waiting);
        }
      }
      const viewers = await store.touchViewers(
        `stvos:usage:viewers:${p.slug}:${p.partnerId}`,
        fresh ? [...fresh.sessions] : [],
        now,
        windowMs,
      );
      const waiting = unbased.has(watchKey);
      // Owed: this node added increments in a second another node emitted for, maybe after that emit; the next
      // second's update (from whichever node) carries them.
      if (!fresh && viewers === p.lastViewers && !waiting && !(p.owed !== undefined && p.owed < second)) {
        if (viewers === 0) recent.delete(key);
        continue;
      }
      p.lastViewers = viewers;
      const emit = await store.claim(`stvos:usage:emit:${p.slug}:${p.partnerId}:${second}`, 5);
      if (emit || (p.owed !== undefined && p.owed < second)) delete p.owed;
      if (!emit && fresh?.increments.size) p.owed = second;
      if (!emit && !waiting) continue;
      due.push({ ...p, key, day, watchKey, viewers, emit, needBase: waiting || (await snapshotOf(watchKey)) === null });
    }
    if (!due.length) return;
    const figures = await voucherFigures(due);
    for (const w of due) {
      const f = figures.get(`${w.clientId}:${w.partnerId}`);
      if (w.needBase && f?.snapshot) {
        const snap = await store.setBaseline(w.watchKey, f.watchBase, f.snapshot);
        remember(w.watchKey, snap);
        const waiting = unbased.get(w.watchKey);
        unbased.delete(w.watchKey);
        if (waiting) await addUnseen(w.watchKey, waiting, snap);
      }
      if (!w.emit) continue;
      const watch = (await store.getWatch(w.watchKey)) ?? 0;
      deps.publisher.publish(w.slug, [
        {
          rooms: [`partner:${w.partnerId}`],
          event: 'usage:update',
          payload: {
            partnerId: w.partnerId,
            at: new Date(now).toISOString(),
            activeViewers: w.viewers,
            watchMinutesToday: Math.round((watch / 60) * 10) / 10,
            redemptionsToday: f?.redemptions ?? 0,
            registrationsToday: f?.registrations ?? 0,
            totalMembers: f?.members ?? 0,
          },
        },
      ]);
    }
  }

  /** One statement for every partner this node emits for (or needs a day's baseline for) this second. */
  async function voucherFigures(won: Array<PartnerKey & { day: string; needBase: boolean }>) {
    const input = JSON.stringify(
      won.map((w) => ({
        client_id: w.clientId,
        partner_id: w.partnerId,
        day: w.day,
        tz: w.timeZone,
        need_base: w.needBase,
      })),
    );
    const rows: Array<{
      client_id: number;
      partner_id: number;
      members: string;
      redemptions: string;
      registrations: string;
      watch_base: string | null;
      snapshot: string;
    }> = await withoutTenantScope(
      'live partner counters span tenants; every row is matched on client_id',
      deps.orm.em,
      (em) =>
        em.execute(
          `select x.client_id, x.partner_id,
           (select count(distinct v.redeemed_by_user_id) from vouchers v
             where v.client_id = x.client_id and v.partner_id = x.partner_id and v.status = 'redeemed') as members,
           (select count(*) from vouchers v
             where v.client_id = x.client_id and v.partner_id = x.partner_id and v.status = 'redeemed' and v.redeemed_at >= d.start_at) as redemptions,
           (select count(*) from vouchers v join users u on u.client_id = v.client_id and u.id = v.redeemed_by_user_id
             where v.client_id = x.client_id and v.partner_id = x.partner_id and v.status = 'redeemed' and v.redeemed_at >= d.start_at
               and u.created_at >= d.start_at) as registrations,
           case when x.need_base then (
             select coalesce(sum(r.seconds), 0) from usage_records r
             where r.client_id = x.client_id and r.kind = 'watch' and r.bucket >= d.start_at
               and r.user_id in (select v.redeemed_by_user_id from vouchers v where v.client_id = x.client_id and v.partner_id = x.partner_id and v.status = 'redeemed'))
             -- plus what the usage-watch job has not moved into the record yet
             + (select coalesce(sum(s.watched_seconds - s.usage_recorded_seconds), 0) from viewing_sessions s
             where s.client_id = x.client_id and s.last_heartbeat_at >= d.start_at and s.watched_seconds > s.usage_recorded_seconds
               and s.user_id in (select v.redeemed_by_user_id from vouchers v where v.client_id = x.client_id and v.partner_id = x.partner_id and v.status = 'redeemed'))
             end as watch_base,
           pg_current_snapshot()::text as snapshot
         from jsonb_to_recordset(?::jsonb) as x(client_id int, partner_id int, day date, tz text, need_base boolean),
           lateral (select x.day::timestamp at time zone x.tz as start_at) d`,
          [input],
        ),
    );
    return new Map(
      rows.map((r) => [
        `${r.client_id}:${r.partner_id}`,
        {
          members: Number(r.members),
          redemptions: Number(r.redemptions),
          registrations: Number(r.registrations),
          watchBase: r.watch_base === null ? 0 : Number(r.watch_base),
          snapshot: r.watch_base === null ? null : r.snapshot,
        },
      ]),
    );
  }

  return {
    record(rows, stored) {
      let slugs: Map<number, string> | null = null;
      for (const s of stored) {
        const partnerId = s.usage?.partnerId;
        if (!partnerId) continue;
        slugs ??= new Map(rows.map((r) => [r.clientId, r.tenantSlug]));
        const key = `${s.clientId}:${partnerId}`;
        let p = pending.get(key);
        if (!p)
          pending.set(
            key,
            (p = {
              clientId: s.clientId,
              slug: slugs.get(s.clientId) ?? '',
              partnerId,
              timeZone: s.usage!.timeZone,
              increments: new Map(),
              sessions: new Set(),
            }),
          );
        if (s.usage!.watchIncrement)
          p.increments.set(s.usage!.xid, (p.increments.get(s.usage!.xid) ?? 0) + s.usage!.watchIncrement);
        p.sessions.add(`${s.clientId}:${s.sessionId}`);
      }
    },
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
