import type { Ctx } from '../shared/context.ts';
import { bucketOf } from './usage-record.sql.ts';

export const USAGE_KINDS = ['watch', 'live', 'voice'] as const;
export type UsageKind = (typeof USAGE_KINDS)[number];

/**
 * Adds seconds of usage to the record (the bucket of `at`). For usage that is not a heartbeat: voice minutes
 * (the voice area calls this once per finished voice session, so its own idempotency decides "once").
 * Watch seconds never come through here: `recordWatchUsage` moves them from the sessions.
 */
export async function addUsageSeconds(
  ctx: Ctx,
  input: { userId: number; kind: Exclude<UsageKind, 'watch'>; subjectId?: number; at: Date; seconds: number },
): Promise<void> {
  const seconds = Math.max(0, Math.round(input.seconds));
  if (!seconds) return;
  await ctx.em.execute(
    `insert into usage_records as r (client_id, user_id, kind, subject_id, bucket, seconds)
     values (?, ?, ?, ?, ${bucketOf('?::timestamptz')}, ?)
     on conflict (client_id, user_id, kind, subject_id, bucket) do update set seconds = r.seconds + excluded.seconds`,
    [ctx.tenant.id, input.userId, input.kind, input.subjectId ?? 0, input.at, seconds],
  );
}

/**
 * Live-class attendance into the record: one row per attendee and class, in the bucket they first joined,
 * with the seconds between first join and last leave (capped at 12 h). The row is set, not added to, so
 * running this again (or on a later tick over the same window) changes nothing. Only attendance recorded
 * within `sinceHours` of the clock is looked at, so a tick stays bounded.
 */
export async function recordLiveAttendance(ctx: Ctx, sinceHours = 48): Promise<number> {
  const rows: unknown[] = await ctx.em.execute(
    `insert into usage_records as r (client_id, user_id, kind, subject_id, bucket, seconds)
     select a.client_id, a.user_id, 'live', a.class_id, ${bucketOf('a.first_joined_at')},
       least(greatest(extract(epoch from (a.last_left_at - a.first_joined_at)), 0), 43200)::int
     from live_attendance a
     where a.client_id = ? and a.last_left_at is not null and a.recorded_at > ?::timestamptz - make_interval(hours => ?)
     on conflict (client_id, user_id, kind, subject_id, bucket) do update set seconds = excluded.seconds
       where r.seconds is distinct from excluded.seconds
     returning r.id`,
    [ctx.tenant.id, ctx.clock(), sinceHours],
  );
  return rows.length;
}

/**
 * Moves watched seconds into the record (the bucket of the clock): for each session of the tenant whose
 * `watched_seconds` grew past `usage_recorded_seconds`, the difference, read under the session's row lock and
 * marked recorded in the same statement. So it is exact and idempotent: a heartbeat replayed or handled by two
 * nodes only ever raised `watched_seconds` once, and a second run finds nothing to move. Rows are locked in id
 * order; a heartbeat batch that crosses it waits, or retries on a deadlock. The update names the rows by id
 * (`any(array(...))`): the planner guesses a third of a tenant's sessions have moved, and would otherwise hash-join
 * over all of them (bench/usage-watch.ts: 902 → 332 ms with 20 moved sessions among 500,000).
 */
export async function recordWatchUsage(ctx: Ctx): Promise<number> {
  const rows: unknown[] = await ctx.em.execute(
    `with o as (
       select id, usage_recorded_seconds as recorded from viewing_sessions
       where client_id = ? and watched_seconds > usage_recorded_seconds order by id for update),
     moved as (
       update viewing_sessions s set usage_recorded_seconds = s.watched_seconds from o
       where s.client_id = ? and s.id = any(array(select id from o)) and s.id = o.id
       returning s.user_id, coalesce(s.class_id, 0) as subject_id, s.watched_seconds - o.recorded as seconds)
     insert into usage_records as r (client_id, user_id, kind, subject_id, bucket, seconds)
     select ?, user_id, 'watch', subject_id, ${bucketOf('?::timestamptz')}, sum(seconds) from moved
     group by user_id, subject_id order by user_id, subject_id
     on conflict (client_id, user_id, kind, subject_id, bucket) do update set seconds = r.seconds + excluded.seconds
     returning r.id`,
    [ctx.tenant.id, ctx.tenant.id, ctx.tenant.id, ctx.clock()],
  );
  return rows.length;
}
