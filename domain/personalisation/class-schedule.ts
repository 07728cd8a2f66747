import type { Ctx } from '../shared/context.ts';
import type { Intensity } from '../plans/plan-vocabulary.ts';
import type { OnDemandClass, ScheduledClass } from './class-planner.ts';

/**
 * Reads of the client's class schedule for the class planner (tables of the content and marketplace
 * areas, read only): live classes still scheduled, trainers' group classes with room left, published
 * on-demand classes, and what the user already has in the window (bookings, joined group classes).
 */
export async function scheduleWindow(
  ctx: Ctx,
  from: Date,
  to: Date,
): Promise<{ scheduled: ScheduledClass[]; onDemand: OnDemandClass[] }> {
  const scheduledRows: Array<{
    id: number;
    source: 'live' | 'group';
    name: string;
    starts_at: Date | string;
    minutes: number;
    intensity: Intensity | null;
  }> = await ctx.em.execute(
    `select id, 'live' as source, name, scheduled_at as starts_at, ceil(duration_seconds / 60.0)::int as minutes, intensity
       from classes where client_id = ? and kind = 'live' and status = 'scheduled' and scheduled_at >= ?::timestamptz and scheduled_at < ?::timestamptz
     union all
     select id, 'group' as source, name, starts_at, duration_minutes as minutes, null as intensity
       from group_classes where client_id = ? and status = 'scheduled' and joined_count < capacity and starts_at >= ?::timestamptz and starts_at < ?::timestamptz
     order by starts_at, id
     limit 500`,
    [ctx.tenant.id, from, to, ctx.tenant.id, from, to],
  );
  const onDemandRows: Array<{ id: number; name: string; minutes: number; intensity: Intensity }> = await ctx.em.execute(
    `select id, name, ceil(duration_seconds / 60.0)::int as minutes, intensity from classes
     where client_id = ? and kind = 'on_demand' and published_at is not null and published_at <= ?::timestamptz
     order by id limit 500`,
    [ctx.tenant.id, from],
  );
  return {
    scheduled: scheduledRows.map((r) => ({
      id: Number(r.id),
      source: r.source,
      name: r.name,
      startsAt: new Date(r.starts_at),
      durationMinutes: Number(r.minutes),
      intensity: r.intensity,
    })),
    onDemand: onDemandRows.map((r) => ({
      id: Number(r.id),
      name: r.name,
      durationMinutes: Number(r.minutes),
      intensity: r.intensity,
    })),
  };
}

/** The user's own time already taken in the window: trainer bookings still on, group classes joined. */
export async function busyRanges(
  ctx: Ctx,
  userId: number,
  from: Date,
  to: Date,
): Promise<Array<{ start: Date; end: Date }>> {
  const rows: Array<{ start: Date | string; end: Date | string }> = await ctx.em.execute(
    `select starts_at as start, ends_at as "end" from bookings
       where client_id = ? and user_id = ? and status in ('confirmed', 'in_progress') and ends_at > ?::timestamptz and starts_at < ?::timestamptz
     union all
     select g.starts_at, g.starts_at + make_interval(mins => g.duration_minutes) from group_class_members m
       join group_classes g on g.client_id = m.client_id and g.id = m.class_id
       where m.client_id = ? and m.user_id = ? and m.status = 'joined' and g.status = 'scheduled' and g.starts_at < ?::timestamptz
         and g.starts_at + make_interval(mins => g.duration_minutes) > ?::timestamptz`,
    [ctx.tenant.id, userId, from, to, ctx.tenant.id, userId, to, from],
  );
  return rows.map((r) => ({ start: new Date(r.start), end: new Date(r.end) }));
}
