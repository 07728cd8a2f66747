import type { Ctx } from '../../shared/context.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { appendToFeeds } from '../bookings/booking-feed.ts';
import { pageOf, pageRows, type PageQuery } from '../../shared/pagination.ts';
import { sql } from '../marketplace-rows.ts';
import { CLASS_COLUMNS, fillFreePlaces, findClass, presentGroupClass, type ClassRow } from './group-classes.ts';

/** The trainer's side of group classes: schedule, list, resize, cancel. */

export interface NewGroupClass {
  name: string;
  description?: string | undefined;
  startsAt: Date;
  duration: number;
  capacity: number;
}

export async function createGroupClass(ctx: Ctx, trainerId: number, input: NewGroupClass) {
  if (input.startsAt.getTime() <= ctx.clock().getTime())
    throw new AppError('rule', 'IN_THE_PAST', 'A class must start in the future');
  // A read, not a constraint: classes and bookings live in different tables, so a booking racing this
  // insert is not caught by the database (see README). Bookings do see classes as busy time.
  const [clash] = await sql(
    ctx,
    `select 1 from bookings where client_id = ? and trainer_id = ? and status in ('confirmed', 'in_progress')
       and blocked_range && tstzrange(?::timestamptz, ?::timestamptz + make_interval(mins => ?))
     union all
     select 1 from group_classes where client_id = ? and trainer_id = ? and status = 'scheduled'
       and tstzrange(starts_at, starts_at + make_interval(mins => duration_minutes)) && tstzrange(?::timestamptz, ?::timestamptz + make_interval(mins => ?))
     limit 1`,
    [
      ctx.tenant.id,
      trainerId,
      input.startsAt,
      input.startsAt,
      input.duration,
      ctx.tenant.id,
      trainerId,
      input.startsAt,
      input.startsAt,
      input.duration,
    ],
  );
  if (clash) throw new AppError('conflict', 'TIME_TAKEN', 'The trainer has a session or class at this time');
  const [row] = await sql<ClassRow>(
    ctx,
    `insert into group_classes (client_id, trainer_id, name, description, starts_at, duration_minutes, capacity)
     values (?, ?, ?, ?, ?, ?, ?) returning ${CLASS_COLUMNS}`,
    [ctx.tenant.id, trainerId, input.name, input.description ?? '', input.startsAt, input.duration, input.capacity],
  );
  if (!row) throw new Error('insert returned nothing');
  return presentGroupClass(row);
}

export async function trainerGroupClasses(ctx: Ctx, trainerId: number, q: PageQuery) {
  const { rows, total } = await pageRows<ClassRow>(
    ctx.em,
    `select ${CLASS_COLUMNS} from group_classes where client_id = ? and trainer_id = ? order by starts_at desc, id`,
    [ctx.tenant.id, trainerId],
    q,
  );
  return pageOf(
    rows.map((r) => presentGroupClass(r)),
    total,
    q,
  );
}

export async function cancelGroupClass(ctx: Ctx, trainerId: number, classId: number) {
  const [row] = await sql<ClassRow>(
    ctx,
    `update group_classes set status = 'cancelled' where client_id = ? and id = ? and trainer_id = ? and status = 'scheduled' returning ${CLASS_COLUMNS}`,
    [ctx.tenant.id, classId, trainerId],
  );
  if (row) {
    // Everyone on the roster or its waitlist is told, in the same transaction that cancels the class.
    const members = await sql<{ user_id: number }>(
      ctx,
      `select user_id from group_class_members where client_id = ? and class_id = ? and status <> 'left' order by user_id`,
      [ctx.tenant.id, classId],
    );
    for (const m of members) {
      await appendToFeeds(ctx, [{ userId: m.user_id, room: `user:${m.user_id}` }], 'booking:cancelled', {
        groupClass: { ...presentGroupClass(row), outcome: 'class_cancelled' },
      });
    }
    return presentGroupClass(row);
  }
  const [exists] = await sql(ctx, `select 1 from group_classes where client_id = ? and id = ? and trainer_id = ?`, [
    ctx.tenant.id,
    classId,
    trainerId,
  ]);
  if (!exists) throw notFound('Group class');
  throw new AppError('rule', 'CLASS_NOT_OPEN', 'Only a scheduled class can be cancelled');
}

/** Growing a class moves the waitlist up; shrinking below who already holds a place is refused. */
export async function resizeGroupClass(ctx: Ctx, trainerId: number, classId: number, capacity: number) {
  const c = await findClass(ctx, classId, true);
  if (c.trainer_id !== trainerId) throw notFound('Group class');
  if (c.status !== 'scheduled') throw new AppError('rule', 'CLASS_NOT_OPEN', 'Only a scheduled class can be resized');
  if (capacity < c.joined_count)
    throw new AppError('conflict', 'CAPACITY_BELOW_JOINED', 'More people have joined than the new capacity allows');
  await sql(ctx, `update group_classes set capacity = ? where client_id = ? and id = ?`, [
    capacity,
    ctx.tenant.id,
    classId,
  ]);
  const promoted = await fillFreePlaces(ctx, classId);
  return { ...presentGroupClass(await findClass(ctx, classId)), promotedUserIds: promoted };
}
