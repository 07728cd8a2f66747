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

interface PartnerKey { clientId: number; slug: string; partnerId: number; timeZone: string }
interface Pending extends PartnerKey { watchSeconds: number; sessions: Set<string> }

/**
 * The live partner dashboard feed (`usage:update` to room `partner:<id>`). Heartbeat batches report what they
 * committed (`record`): this node adds it up per partner in memory. Once a second it hands the sums to the shared
 * counters (Redis with several nodes: `INCRBY` per partner and day, a sorted set of sessions for active viewers),
 * and for each partner with activity one node per second wins `SET NX` and emits. The emitter reads voucher
 * figures (members, redemptions and registrations today) for all partners it won in one statement. Keys name
 * the tenant by slug (stable and unique, unlike ids across databases sharing one Redis). So the
 * database sees at most one statement per node per second, whatever the number of viewers or heartbeats.
 *
 * The day's watch counter starts from the usage record (the first update of a partner's day, in its time zone,
 * reads it once) and then adds each batch's committed increments. Increments arriving while that first read runs
 * can be counted twice or not at all; the exact figure is always `GET /partner/analytics`.
 */
export function createUsageFeed(deps: UsageFeedDeps): UsageFeed {
  const interval = deps.intervalMs ?? 1000;
  const windowMs = deps.viewerWindowMs ?? 60_000;
  const store: UsageCounterStore = deps.redis ? redisUsageStore(deps.redis) : memoryUsageStore();
  let pending = new Map<string, Pending>();
  /** Partners this node saw lately: kept until their active viewers have fallen to zero and that was sent. */
  const recent = new Map<string, PartnerKey & { lastViewers: number }>();
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (!running) running = tick().catch((err: unknown) => deps.logger.warn({ err }, 'usage:update tick failed')).finally(() => (running = null));
  }, interval);
  timer.unref();

  async function tick(): Promise<void> {
    const batch = pending;
    pending = new Map();
    for (const [key, p] of batch) recent.set(key, { clientId: p.clientId, slug: p.slug, partnerId: p.partnerId, timeZone: p.timeZone, lastViewers: recent.get(key)?.lastViewers ?? -1 });
    if (!recent.size) return;
    const now = Date.now();
    const second = Math.floor(now / 1000);
    const won: Array<PartnerKey & { key: string; day: string; watchKey: string; viewers: number; watch: number | null }> = [];
    for (const [key, p] of recent) {
      const fresh = batch.get(key);
      const day = localDate(new Date(now), p.timeZone);
      const watchKey = `stvos:usage:watch:${p.slug}:${p.partnerId}:${day}`;
      if (fresh?.watchSeconds) await store.addWatch(watchKey, fresh.watchSeconds);
      const viewers = await store.touchViewers(`stvos:usage:viewers:${p.slug}:${p.partnerId}`, fresh ? [...fresh.sessions] : [], now, windowMs);
      if (!fresh && viewers === p.lastViewers) {
        if (viewers === 0) recent.delete(key);
        continue;
      }
      p.lastViewers = viewers;
      if (!(await store.claim(`stvos:usage:emit:${p.slug}:${p.partnerId}:${second}`, 5))) continue;
      won.push({ ...p, key, day, watchKey, viewers, watch: await store.getWatch(watchKey) });
    }
    if (!won.length) return;
    const figures = await voucherFigures(won);
    for (const w of won) {
      const f = figures.get(`${w.clientId}:${w.partnerId}`);
      let watch = w.watch;
      if (watch === null) {
        await store.setBaseline(w.watchKey, f?.watchBase ?? 0);
        watch = (await store.getWatch(w.watchKey)) ?? 0;
      }
      deps.publisher.publish(w.slug, [{
        rooms: [`partner:${w.partnerId}`], event: 'usage:update',
        payload: {
          partnerId: w.partnerId, at: new Date(now).toISOString(), activeViewers: w.viewers, watchMinutesToday: Math.round((watch / 60) * 10) / 10,
          redemptionsToday: f?.redemptions ?? 0, registrationsToday: f?.registrations ?? 0, totalMembers: f?.members ?? 0,
        },
      }]);
    }
  }

  /** One statement for every partner this node emits for this second. */
  async function voucherFigures(won: Array<PartnerKey & { day: string; watch: number | null }>) {
    const input = JSON.stringify(won.map((w) => ({ client_id: w.clientId, partner_id: w.partnerId, day: w.day, tz: w.timeZone, need_base: w.watch === null })));
    const rows: Array<{ client_id: number; partner_id: number; members: string; redemptions: string; registrations: string; watch_base: string | null }> =
      await withoutTenantScope('live partner counters span tenants; every row is matched on client_id', deps.orm.em, (em) => em.execute(
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
             end as watch_base
         from jsonb_to_recordset(?::jsonb) as x(client_id int, partner_id int, day date, tz text, need_base boolean),
           lateral (select x.day::timestamp at time zone x.tz as start_at) d`,
        [input],
      ));
    return new Map(rows.map((r) => [`${r.client_id}:${r.partner_id}`, {
      members: Number(r.members), redemptions: Number(r.redemptions), registrations: Number(r.registrations), watchBase: r.watch_base === null ? 0 : Number(r.watch_base),
    }]));
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
        if (!p) pending.set(key, (p = { clientId: s.clientId, slug: slugs.get(s.clientId) ?? '', partnerId, timeZone: s.usage!.timeZone, watchSeconds: 0, sessions: new Set() }));
        p.watchSeconds += s.usage!.watchIncrement;
        p.sessions.add(`${s.clientId}:${s.sessionId}`);
      }
    },
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
