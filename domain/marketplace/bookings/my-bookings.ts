import { requireUser, type Ctx } from '../../shared/context.ts';
import { offsetOf, pageOf, type PageQuery } from '../../shared/pagination.ts';
import { BOOKING_COLUMNS, BOOKING_FROM, presentBooking, type BookingRow } from './booking-rows.ts';
import { sql } from '../marketplace-rows.ts';

/**
 * The signed-in user's bookings of every kind, counted in SQL: 1-on-1 sessions by status, group class
 * places by roster status (`joined`, `waitlisted`, `left`; `cancelled` once the trainer cancelled the
 * class, whatever the place was), programme subscriptions by status.
 */
export async function myBookingSummary(ctx: Ctx) {
  const { userId } = requireUser(ctx);
  const rows = await sql<{ kind: string; status: string; n: number; upcoming: number }>(
    ctx,
    `select 'one_on_one' as kind, status, count(*)::int as n, count(*) filter (where starts_at > now() and status = 'confirmed')::int as upcoming
       from bookings where client_id = ? and user_id = ? group by status
     union all
     select 'group_class', g.status, count(*)::int, count(*) filter (where g.starts_at > now() and g.status in ('joined', 'waitlisted'))::int
       from (select case when c.status = 'cancelled' then 'cancelled' else m.status end as status, c.starts_at
               from group_class_members m join group_classes c on c.client_id = m.client_id and c.id = m.class_id
              where m.client_id = ? and m.user_id = ?) g
       group by g.status
     union all
     select 'programme', status, count(*)::int, 0 from programme_subscriptions where client_id = ? and user_id = ? group by status`,
    [ctx.tenant.id, userId, ctx.tenant.id, userId, ctx.tenant.id, userId],
  );
  const byKind: Record<string, Record<string, number>> = { one_on_one: {}, group_class: {}, programme: {} };
  let total = 0;
  let upcoming = 0;
  for (const r of rows) {
    (byKind[r.kind] ??= {})[r.status] = r.n;
    total += r.n;
    upcoming += r.upcoming;
  }
  return { total, upcoming, byKind };
}

export interface SessionFilters extends PageQuery {
  status?: BookingRow['status'] | undefined;
  trainerId?: number | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  upcoming?: boolean | undefined;
}

export async function mySessions(
  ctx: Ctx,
  q: SessionFilters,
  owner: { userId?: number; trainerId?: number } = { userId: requireUser(ctx).userId },
) {
  const where = ['b.client_id = ?'];
  const params: unknown[] = [ctx.tenant.id];
  const add = (clause: string, value: unknown) => {
    where.push(clause);
    params.push(value);
  };
  if (owner.userId !== undefined) add('b.user_id = ?', owner.userId);
  if (owner.trainerId !== undefined) add('b.trainer_id = ?', owner.trainerId);
  if (q.status) add('b.status = ?', q.status);
  if (q.trainerId) add('b.trainer_id = ?', q.trainerId);
  if (q.from) add('b.starts_at >= ?', q.from);
  if (q.to) add('b.starts_at < ?', q.to);
  if (q.upcoming !== undefined) add(q.upcoming ? 'b.starts_at > ?' : 'b.starts_at <= ?', ctx.clock());
  const { limit, offset } = offsetOf(q);
  const filter = where.join(' and ');
  const [count] = await sql<{ n: number }>(ctx, `select count(*)::int as n from bookings b where ${filter}`, params);
  const rows = await sql<BookingRow>(
    ctx,
    `select ${BOOKING_COLUMNS} from ${BOOKING_FROM} where ${filter} order by b.starts_at ${q.upcoming === false ? 'desc' : 'asc'}, b.id limit ? offset ?`,
    [...params, limit, offset],
  );
  return pageOf(rows.map(presentBooking), count?.n ?? 0, q);
}
