import type { Ctx } from '../shared/context.ts';
import { PARTNER_MEMBERS } from './usage-record.sql.ts';
import type { UsagePartner } from './usage-partner.ts';

export type Granularity = 'hour' | 'day' | 'week' | 'month';

/** Local dates [from, to] (inclusive days) of the partner, as the instants [START, END). Params: date, time zone. */
const START = `(?::date)::timestamp at time zone ?`;
const END = `((?::date) + 1)::timestamp at time zone ?`;

const num = (v: unknown) => Number(v ?? 0);
const minutes = (seconds: unknown) => Math.round(num(seconds) / 60);

/**
 * The partner's usage between two local dates (inclusive): a series per period, active members, completion rate
 * and the ten most watched classes. Every figure is one SQL aggregate over the usage record of the partner's
 * members; periods are cut in the partner's time zone.
 */
export async function partnerAnalytics(
  ctx: Ctx,
  p: UsagePartner,
  q: { from: string; to: string; granularity: Granularity },
) {
  const tz = p.timeZone;
  const members = [ctx.tenant.id, p.partnerId];
  const range = [q.from, tz, q.to, tz];
  const usage = `
    members as (${PARTNER_MEMBERS}),
    bounds as (select ${START} as start_at, ${END} as end_at),
    usage as (
      select r.user_id, r.kind, r.subject_id, r.bucket, r.seconds from usage_records r
      join members m on m.user_id = r.user_id, bounds b
      where r.client_id = ? and r.bucket >= b.start_at and r.bucket < b.end_at)`;
  const head = [...members, ...range, ctx.tenant.id];

  const series: Array<{ period: string; watch_seconds: unknown; live_seconds: unknown; active: unknown }> =
    await ctx.em.execute(
      `with ${usage},
     periods as (
       select generate_series(date_trunc(?, (?::date)::timestamp), (?::date)::timestamp + interval '1 day' - interval '1 second', ('1 ' || ?)::interval) as period)
     select to_char(p.period, case when ? = 'hour' then 'YYYY-MM-DD"T"HH24:00' else 'YYYY-MM-DD' end) as period,
       coalesce(sum(u.seconds) filter (where u.kind = 'watch'), 0) as watch_seconds,
       coalesce(sum(u.seconds) filter (where u.kind = 'live'), 0) as live_seconds,
       count(distinct u.user_id) as active
     from periods p left join usage u on date_trunc(?, u.bucket at time zone ?) = p.period
     group by p.period order by p.period`,
      [...head, q.granularity, q.from, q.to, q.granularity, q.granularity, q.granularity, tz],
    );

  const [totals]: Array<{ active: unknown; watch_seconds: unknown; live_seconds: unknown; voice_seconds: unknown }> =
    await ctx.em.execute(
      `with ${usage}
     select count(distinct user_id) as active,
       coalesce(sum(seconds) filter (where kind = 'watch'), 0) as watch_seconds,
       coalesce(sum(seconds) filter (where kind = 'live'), 0) as live_seconds,
       coalesce(sum(seconds) filter (where kind = 'voice'), 0) as voice_seconds
     from usage`,
      head,
    );

  const popular: Array<{ class_id: number; name: string | null; watch_seconds: unknown; viewers: unknown }> =
    await ctx.em.execute(
      `with ${usage}
     select u.subject_id as class_id, c.name, sum(u.seconds) as watch_seconds, count(distinct u.user_id) as viewers
     from usage u left join classes c on c.client_id = ? and c.id = u.subject_id
     where u.kind = 'watch' and u.subject_id > 0
     group by u.subject_id, c.name order by sum(u.seconds) desc, u.subject_id limit 10`,
      [...head, ctx.tenant.id],
    );

  // Completion: of the sessions members started in the range, the share that reached completion.
  const [completion]: Array<{ started: unknown; completed: unknown }> = await ctx.em.execute(
    `with members as (${PARTNER_MEMBERS}), bounds as (select ${START} as start_at, ${END} as end_at)
     select count(*) as started, count(*) filter (where s.status = 'completed') as completed
     from viewing_sessions s join members m on m.user_id = s.user_id, bounds b
     where s.client_id = ? and s.started_at >= b.start_at and s.started_at < b.end_at`,
    head,
  );
  const started = num(completion?.started);

  return {
    timeZone: tz,
    from: q.from,
    to: q.to,
    granularity: q.granularity,
    series: series.map((r) => ({
      period: r.period,
      watchMinutes: minutes(r.watch_seconds),
      liveMinutes: minutes(r.live_seconds),
      activeMembers: num(r.active),
    })),
    totals: {
      activeMembers: num(totals?.active),
      watchMinutes: minutes(totals?.watch_seconds),
      liveMinutes: minutes(totals?.live_seconds),
      voiceMinutes: minutes(totals?.voice_seconds),
      sessionsStarted: started,
      sessionsCompleted: num(completion?.completed),
    },
    completionRate: started ? Math.round((num(completion?.completed) / started) * 1000) / 10 : 0,
    popularContent: popular.map((r) => ({
      classId: Number(r.class_id),
      name: r.name ?? '(deleted class)',
      watchMinutes: minutes(r.watch_seconds),
      viewers: num(r.viewers),
    })),
  };
}

const change = (current: number, previous: number) =>
  previous === 0 ? (current > 0 ? 100 : 0) : Math.round(((current - previous) / previous) * 1000) / 10;

/**
 * The dashboard: members, active members, watch minutes and classes watched over the last `days` days, with
 * trends as percent change against the `days` before (active members and watch minutes).
 */
export async function partnerDashboard(ctx: Ctx, p: UsagePartner, days: number) {
  const now = ctx.clock();
  const [row]: Array<Record<string, unknown>> = await ctx.em.execute(
    `with members as (${PARTNER_MEMBERS}),
     bounds as (select ?::timestamptz as now_at, ?::timestamptz - make_interval(days => ?) as start_at, ?::timestamptz - make_interval(days => ? * 2) as prev_at),
     usage as (
       select r.user_id, r.kind, r.subject_id, r.bucket, r.seconds, r.bucket >= b.start_at as current
       from usage_records r join members m on m.user_id = r.user_id, bounds b
       where r.client_id = ? and r.bucket >= b.prev_at and r.bucket < b.now_at)
     select (select count(*) from members m, bounds b where m.joined_at < b.now_at) as total_members,
       (select count(distinct user_id) from usage where current) as active,
       (select count(distinct user_id) from usage where not current) as prev_active,
       (select coalesce(sum(seconds), 0) from usage where current and kind = 'watch') as watch_seconds,
       (select coalesce(sum(seconds), 0) from usage where not current and kind = 'watch') as prev_watch_seconds,
       (select count(distinct (user_id, subject_id)) from usage where current and kind = 'watch' and subject_id > 0) as classes_watched`,
    [ctx.tenant.id, p.partnerId, now, now, days, now, days, ctx.tenant.id],
  );
  const active = num(row?.['active']);
  const watch = minutes(row?.['watch_seconds']);
  return {
    totalMembers: num(row?.['total_members']),
    activeMembers: active,
    totalWatchTimeMinutes: watch,
    totalClassesWatched: num(row?.['classes_watched']),
    trends: {
      membersChange: change(active, num(row?.['prev_active'])),
      watchTimeChange: change(watch, minutes(row?.['prev_watch_seconds'])),
    },
    periodDays: days,
  };
}
