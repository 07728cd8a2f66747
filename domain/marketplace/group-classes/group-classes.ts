import { requireUser, type Ctx } from '../../shared/context.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { appendToFeeds } from '../bookings/booking-feed.ts';
import { sql } from '../marketplace-rows.ts';
import { MINUTE_MS } from '../wall-clock.ts';

/** How many may wait beyond capacity, when joining closes, and when a leave counts as late. */
export const DEFAULT_ROSTER_POLICY = { waitlistLimit: 20, joinCutoffMinutes: 0, lateLeaveMinutes: 12 * 60 } as const;

/**
 * Group class rosters: the rules live here, in the statements (there is no second model of them in TypeScript),
 * and test/marketplace-group-classes.test.ts drives them over HTTP. They apply in single statements:
 * a place is taken by a conditional increment (`joined_count < capacity`, checked again by a
 * constraint), never by counting first; leaving locks the class row, frees the place and promotes the
 * head of the waitlist in the same transaction.
 */

export interface ClassRow {
  id: number;
  trainer_id: number;
  name: string;
  description: string;
  starts_at: Date;
  duration_minutes: number;
  capacity: number;
  joined_count: number;
  status: 'scheduled' | 'cancelled' | 'completed';
}

export const CLASS_COLUMNS =
  'id, trainer_id, name, description, starts_at, duration_minutes, capacity, joined_count, status';

export function presentGroupClass(c: ClassRow, myStatus: 'joined' | 'waitlisted' | null = null) {
  return {
    id: c.id,
    trainerId: c.trainer_id,
    name: c.name,
    description: c.description,
    scheduledDate: new Date(c.starts_at).toISOString(),
    duration: c.duration_minutes,
    capacity: c.capacity,
    spotsLeft: c.capacity - c.joined_count,
    status: c.status,
    myStatus,
  };
}

export async function findClass(ctx: Ctx, classId: number, lock = false): Promise<ClassRow> {
  const [row] = await sql<ClassRow>(
    ctx,
    `select ${CLASS_COLUMNS} from group_classes where client_id = ? and id = ? ${lock ? 'for update' : ''}`,
    [ctx.tenant.id, classId],
  );
  if (!row) throw notFound('Group class');
  return row;
}

async function membership(
  ctx: Ctx,
  classId: number,
  userId: number,
): Promise<{ id: number; status: 'joined' | 'waitlisted' } | null> {
  const [row] = await sql<{ id: number; status: 'joined' | 'waitlisted' }>(
    ctx,
    `select id, status from group_class_members where client_id = ? and class_id = ? and user_id = ? and status <> 'left'`,
    [ctx.tenant.id, classId, userId],
  );
  return row ?? null;
}

async function waitlistPosition(ctx: Ctx, classId: number, memberId: number): Promise<number> {
  const [row] = await sql<{ n: number }>(
    ctx,
    `select count(*)::int as n from group_class_members where client_id = ? and class_id = ? and status = 'waitlisted' and id <= ?`,
    [ctx.tenant.id, classId, memberId],
  );
  return row?.n ?? 0;
}

function assertOpen(c: ClassRow, now: Date): void {
  if (c.status !== 'scheduled') throw new AppError('rule', 'CLASS_NOT_OPEN', 'This class is not open for changes');
  if (new Date(c.starts_at).getTime() - DEFAULT_ROSTER_POLICY.joinCutoffMinutes * MINUTE_MS <= now.getTime()) {
    throw new AppError('rule', 'CLASS_STARTED', 'This class has started or is about to');
  }
}

export async function getGroupClass(ctx: Ctx, classId: number) {
  const c = await findClass(ctx, classId);
  const mine = await membership(ctx, classId, requireUser(ctx).userId);
  return presentGroupClass(c, mine?.status ?? null);
}

/** Joining twice answers what already holds. Nobody jumps the queue: a place is taken directly only when nobody waits. */
export async function joinGroupClass(ctx: Ctx, classId: number) {
  const { userId } = requireUser(ctx);
  const c = await findClass(ctx, classId);
  const existing = await membership(ctx, classId, userId);
  if (existing) {
    const position = existing.status === 'waitlisted' ? await waitlistPosition(ctx, classId, existing.id) : null;
    return {
      ...presentGroupClass(c, existing.status),
      outcome: `already_${existing.status}`,
      waitlistPosition: position,
    };
  }
  assertOpen(c, ctx.clock());
  const [taken] = await sql<ClassRow>(
    ctx,
    `update group_classes set joined_count = joined_count + 1
     where client_id = ? and id = ? and status = 'scheduled' and joined_count < capacity
       and not exists (select 1 from group_class_members where client_id = ? and class_id = ? and status = 'waitlisted')
     returning ${CLASS_COLUMNS}`,
    [ctx.tenant.id, classId, ctx.tenant.id, classId],
  );
  if (taken) {
    await insertMember(ctx, classId, userId, 'joined');
    return { ...presentGroupClass(taken, 'joined'), outcome: 'joined', waitlistPosition: null };
  }
  // Full, or places freed without a promotion (an erased account): under the class row lock, the
  // waitlist first takes any free place, then this user waits (the limit holds under concurrency).
  const full = await findClass(ctx, classId, true);
  // Only when a place is free (rare: a released place nobody was promoted into) is there work before waiting.
  if (full.joined_count < full.capacity && (await fillFreePlaces(ctx, classId)).length === 0) {
    const [late] = await sql<ClassRow>(
      ctx,
      `update group_classes set joined_count = joined_count + 1 where client_id = ? and id = ? and joined_count < capacity
         and not exists (select 1 from group_class_members where client_id = ? and class_id = ? and status = 'waitlisted')
       returning ${CLASS_COLUMNS}`,
      [ctx.tenant.id, classId, ctx.tenant.id, classId],
    );
    if (late) {
      await insertMember(ctx, classId, userId, 'joined');
      return { ...presentGroupClass(late, 'joined'), outcome: 'joined', waitlistPosition: null };
    }
  }
  const locked = full.joined_count < full.capacity ? await findClass(ctx, classId) : full;
  const [waiting] = await sql<{ n: number }>(
    ctx,
    `select count(*)::int as n from group_class_members where client_id = ? and class_id = ? and status = 'waitlisted'`,
    [ctx.tenant.id, classId],
  );
  if ((waiting?.n ?? 0) >= DEFAULT_ROSTER_POLICY.waitlistLimit)
    throw new AppError('conflict', 'CLASS_FULL', 'This class and its waitlist are full');
  const memberId = await insertMember(ctx, classId, userId, 'waitlisted');
  return {
    ...presentGroupClass(locked, 'waitlisted'),
    outcome: 'waitlisted',
    waitlistPosition: await waitlistPosition(ctx, classId, memberId),
  };
}

async function insertMember(
  ctx: Ctx,
  classId: number,
  userId: number,
  status: 'joined' | 'waitlisted',
): Promise<number> {
  try {
    // Coming back after leaving: the 'left' row gives way to a new one at the back of the queue, whose
    // revision continues the old one's, so calendar clients see a newer SEQUENCE.
    const [gone] = await sql<{ revision: number }>(
      ctx,
      `delete from group_class_members where client_id = ? and class_id = ? and user_id = ? and status = 'left' returning revision`,
      [ctx.tenant.id, classId, userId],
    );
    const [row] = await sql<{ id: number }>(
      ctx,
      `insert into group_class_members (client_id, class_id, user_id, status, revision) values (?, ?, ?, ?, ?) returning id`,
      [ctx.tenant.id, classId, userId, status, gone ? gone.revision + 1 : 0],
    );
    return Number(row?.id);
  } catch (err) {
    // The same user joining twice at once: the second attempt's transaction (and its increment) rolls back.
    if ((err as { code?: unknown }).code === '23505')
      throw new AppError('conflict', 'ALREADY_ENROLLED', 'You are already on this class');
    throw err;
  }
}

/** Leaves a place or the waitlist; a freed place goes to the head of the waitlist, who is told. */
export async function leaveGroupClass(ctx: Ctx, classId: number) {
  const { userId } = requireUser(ctx);
  const c = await findClass(ctx, classId, true);
  const mine = await membership(ctx, classId, userId);
  if (!mine) throw new AppError('not_found', 'NOT_ENROLLED', 'You are not on this class');
  assertOpen(c, ctx.clock());
  // The row stays, as 'left', so the user's calendar shows the class cancelled; the status trigger
  // (migration 0105) releases a held place, and the head of the waitlist then takes it.
  await sql(ctx, `update group_class_members set status = 'left' where client_id = ? and id = ?`, [
    ctx.tenant.id,
    mine.id,
  ]);
  const promoted = mine.status === 'joined' ? await fillFreePlaces(ctx, classId) : [];
  const after = await findClass(ctx, classId);
  const untilStart = new Date(c.starts_at).getTime() - ctx.clock().getTime();
  return {
    ...presentGroupClass(after, null),
    left: mine.status === 'joined' ? ('place' as const) : ('waitlist' as const),
    late: mine.status === 'joined' && untilStart < DEFAULT_ROSTER_POLICY.lateLeaveMinutes * MINUTE_MS,
    promotedUserId: promoted[0] ?? null,
  };
}

/**
 * Moves waitlist heads into free places (capacity - joined_count), oldest first, and tells each promoted
 * user. The caller holds the class row lock. Returns the promoted user ids.
 */
export async function fillFreePlaces(ctx: Ctx, classId: number): Promise<number[]> {
  const rows = await sql<{ user_id: number }>(
    ctx,
    `with heads as (
       select id from group_class_members where client_id = ? and class_id = ? and status = 'waitlisted' order by id
       limit (select capacity - joined_count from group_classes where client_id = ? and id = ? and status = 'scheduled')
     )
     update group_class_members m set status = 'joined' from heads where m.id = heads.id returning m.user_id`,
    [ctx.tenant.id, classId, ctx.tenant.id, classId],
  );
  if (!rows.length) return [];
  await sql(ctx, `update group_classes set joined_count = joined_count + ? where client_id = ? and id = ?`, [
    rows.length,
    ctx.tenant.id,
    classId,
  ]);
  const after = await findClass(ctx, classId);
  const promoted = rows.map((r) => r.user_id).sort((a, b) => a - b);
  for (const userId of promoted) {
    await appendToFeeds(ctx, [{ userId, room: `user:${userId}` }], 'booking:updated', {
      groupClass: { ...presentGroupClass(after, 'joined'), outcome: 'promoted' },
    });
  }
  return rows.map((r) => r.user_id);
}
