import type { Ctx } from '../../shared/context.ts';
import { notFound } from '../../shared/errors.ts';
import { offsetOf, pageOf, type PageQuery } from '../../shared/pagination.ts';
import { sql, type TrainerRow } from '../marketplace-rows.ts';
import { mySessions } from '../bookings/my-bookings.ts';

/** The trainer's clients: every user with a 1-on-1 booking or a group class place with them, counted in SQL. */
export async function trainerClients(ctx: Ctx, trainer: TrainerRow, q: PageQuery) {
  const { limit, offset } = offsetOf(q);
  const rows = await sql<{
    id: number;
    name: string | null;
    email: string;
    sessions: number;
    completed: number;
    upcoming: number;
    classes: number;
    last: Date | null;
    total: number;
  }>(
    ctx,
    `with people as (
       select user_id, count(*)::int as sessions, count(*) filter (where status = 'completed')::int as completed,
              count(*) filter (where status = 'confirmed' and starts_at > now())::int as upcoming, 0 as classes, max(starts_at) as last
         from bookings where client_id = ? and trainer_id = ? group by user_id
       union all
       select m.user_id, 0, 0, 0, count(*)::int, max(c.starts_at)
         from group_class_members m join group_classes c on c.client_id = m.client_id and c.id = m.class_id
         where m.client_id = ? and c.trainer_id = ? and m.status <> 'left' group by m.user_id
     ), per_user as (
       select user_id, sum(sessions)::int as sessions, sum(completed)::int as completed, sum(upcoming)::int as upcoming,
              sum(classes)::int as classes, max(last) as last from people group by user_id
     )
     select u.id, u.name, u.email, p.sessions, p.completed, p.upcoming, p.classes, p.last, count(*) over ()::int as total
       from per_user p join users u on u.client_id = ? and u.id = p.user_id
      order by p.last desc nulls last, u.id limit ? offset ?`,
    [ctx.tenant.id, trainer.id, ctx.tenant.id, trainer.id, ctx.tenant.id, limit, offset],
  );
  const items = rows.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    sessions: r.sessions,
    completedSessions: r.completed,
    upcomingSessions: r.upcoming,
    groupClasses: r.classes,
    lastSeenAt: r.last ? new Date(r.last).toISOString() : null,
  }));
  return pageOf(items, rows[0]?.total ?? 0, q);
}

/** One client's history with this trainer; a user who never booked with them is not theirs to see (404). */
export async function trainerClientHistory(ctx: Ctx, trainer: TrainerRow, userId: number, q: PageQuery) {
  const [known] = await sql(
    ctx,
    `select 1 from bookings where client_id = ? and trainer_id = ? and user_id = ?
     union all select 1 from group_class_members m join group_classes c on c.client_id = m.client_id and c.id = m.class_id
       where m.client_id = ? and c.trainer_id = ? and m.user_id = ? and m.status <> 'left' limit 1`,
    [ctx.tenant.id, trainer.id, userId, ctx.tenant.id, trainer.id, userId],
  );
  if (!known) throw notFound('Client');
  return mySessions(ctx, { ...q, upcoming: undefined }, { userId, trainerId: trainer.id });
}
