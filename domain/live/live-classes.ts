import type { Ctx } from '../shared/context.ts';
import { requireUser } from '../shared/context.ts';
import { AppError } from '../shared/errors.ts';
import type { LiveKitPort } from './livekit.port.ts';
import type { Publisher } from '../shared/events.ts';
import { runUseCase } from '../shared/use-case.ts';
import { liveRoomName, participantIdentity } from './live-rooms.ts';
import { leftClass, recordAttendance } from './live-presence.ts';
import { entitled } from '../content/playback-access.ts';

interface LiveClassRow {
  id: number;
  name: string;
  status: 'scheduled' | 'live' | 'ended';
  capacity: number | null;
  trainer_id: number | null;
  duration_seconds: number;
  is_premium: boolean;
  published: boolean;
}

const notFound = () => new AppError('not_found', 'LIVE_CLASS_NOT_FOUND', 'Live class not found');

/** A live class of this tenant (`forUpdate` serialises joins of one class, for capacity). */
export async function loadLiveClass(ctx: Ctx, classId: number, forUpdate = false): Promise<LiveClassRow> {
  const [row]: LiveClassRow[] = await ctx.em.execute(
    `select id, name, status, capacity, trainer_id, duration_seconds, is_premium, coalesce(published_at <= ?::timestamptz, false) as published
     from classes where client_id = ? and id = ? and kind = 'live'${forUpdate ? ' for update' : ''}`,
    [ctx.clock(), ctx.tenant.id, classId],
  );
  if (!row) throw notFound();
  return row;
}

/**
 * A live class as an attendee may reach it (REST join, socket `live:join`, the participant list): the rules of
 * playback. Unpublished is not found, like an unpublished video; premium needs the client's premium
 * entitlement (PREMIUM_REQUIRED). The class's own trainer always reaches it.
 */
export async function loadAttendableClass(ctx: Ctx, classId: number, forUpdate = false): Promise<LiveClassRow> {
  const { userId, role } = requireUser(ctx);
  const cls = await loadLiveClass(ctx, classId, forUpdate);
  if (role === 'trainer' && cls.trainer_id !== null) {
    const [host] = await ctx.em.execute(`select 1 from trainers where client_id = ? and id = ? and user_id = ?`, [
      ctx.tenant.id,
      cls.trainer_id,
      userId,
    ]);
    if (host) return cls;
  }
  if (!cls.published) throw notFound();
  if (cls.is_premium && !(await entitled(ctx, userId))) {
    throw new AppError('forbidden', 'PREMIUM_REQUIRED', 'This premium class needs a premium entitlement');
  }
  return cls;
}

/** Only the class's own trainer starts and ends it; another trainer of the tenant is refused. */
async function asHost(ctx: Ctx, classId: number, forUpdate: boolean) {
  const { userId } = requireUser(ctx);
  const cls = await loadLiveClass(ctx, classId, forUpdate);
  const [me]: Array<{ id: number; name: string }> = await ctx.em.execute(
    `select id, name from trainers where client_id = ? and user_id = ?`,
    [ctx.tenant.id, userId],
  );
  if (!me || cls.trainer_id !== me.id)
    throw new AppError('forbidden', 'NOT_YOUR_CLASS', 'Only the trainer of this class can start or end it');
  return { cls, userId, trainerName: me.name };
}

const tokenTtl = (cls: LiveClassRow) => Math.min(cls.duration_seconds + 3600, 6 * 3600);

/** What starting and ending a class need besides the context: the vendor and where committed events go. */
export interface LiveRoomDeps {
  livekit: LiveKitPort;
  publisher: Publisher;
}

/**
 * Opens the LiveKit room (idempotent) and marks the class live; the trainer gets a host token. The room is created
 * between two short transactions, so no row lock is held across the call to LiveKit: the host check first, then
 * the conditional move to live (an end that came in between wins, and the start answers LIVE_CLASS_ENDED).
 */
export async function startLiveClass(ctx: Ctx, deps: LiveRoomDeps, classId: number) {
  const { cls, userId, trainerName } = await runUseCase(ctx, deps.publisher, (tx) => asHost(tx, classId, false));
  if (cls.status === 'ended') throw new AppError('conflict', 'LIVE_CLASS_ENDED', 'This live class has ended');
  const room = liveRoomName(ctx.tenant.id, cls.id);
  // The trainer takes a place in the room besides the capacity.
  await deps.livekit.createRoom({
    name: room,
    maxParticipants: cls.capacity ? cls.capacity + 1 : 0,
    emptyTimeoutSeconds: 600,
    metadata: JSON.stringify({ classId: cls.id }),
  });
  await runUseCase(ctx, deps.publisher, async (tx) => {
    const moved: unknown[] = await tx.em.execute(
      `update classes set status = 'live', started_at = coalesce(started_at, ?::timestamptz), updated_at = now()
       where client_id = ? and id = ? and status in ('scheduled', 'live') returning id`,
      [tx.clock(), tx.tenant.id, cls.id],
    );
    if (!moved.length) throw new AppError('conflict', 'LIVE_CLASS_ENDED', 'This live class has ended');
    tx.events.push({ rooms: [`live:${cls.id}`], event: 'live:started', payload: { classId: cls.id } });
  });
  const host = await deps.livekit.joinToken({
    room,
    identity: participantIdentity(userId),
    name: trainerName,
    ttlSeconds: tokenTtl(cls),
    canPublish: true,
    roomAdmin: true,
  });
  return {
    classId: cls.id,
    status: 'live' as const,
    room,
    token: host.token,
    wsUrl: host.wsUrl,
    expiresAt: host.expiresAt.toISOString(),
  };
}

/** Marks the class ended and records attendance (one transaction), then closes the room, after the commit. Ending twice is answered like once. */
export async function endLiveClass(ctx: Ctx, deps: LiveRoomDeps, classId: number) {
  const ended = await runUseCase(ctx, deps.publisher, async (tx) => {
    const { cls } = await asHost(tx, classId, true);
    return { classId: cls.id, status: 'ended' as const, attendees: await finishClass(tx, cls.id) };
  });
  await deps.livekit.deleteRoom(liveRoomName(ctx.tenant.id, ended.classId));
  return ended;
}

/** Shared by the end route and the job: one conditional UPDATE decides, attendance is recorded, rooms hear it. */
export async function finishClass(ctx: Ctx, classId: number): Promise<number> {
  const ended: unknown[] = await ctx.em.execute(
    `update classes set status = 'ended', ended_at = ?::timestamptz, updated_at = now() where client_id = ? and id = ? and status in ('scheduled', 'live') returning id`,
    [ctx.clock(), ctx.tenant.id, classId],
  );
  const attendees = await recordAttendance(ctx, classId);
  if (ended.length)
    ctx.events.push({ rooms: [`live:${classId}`], event: 'live:ended', payload: { classId, attendees } });
  return attendees;
}

/**
 * Moves the tenant's live classes along by the clock: scheduled → live at their start time (LiveKit creates the room
 * when the first token holder connects, if the trainer has not started it), and live (or never started) → ended once
 * their length plus `graceMinutes` has passed, recording attendance as the end route does.
 */
export async function advanceLiveClasses(ctx: Ctx, graceMinutes: number) {
  const now = ctx.clock();
  const started: unknown[] = await ctx.em.execute(
    `update classes set status = 'live', started_at = coalesce(started_at, scheduled_at), updated_at = now()
     where client_id = ? and kind = 'live' and status = 'scheduled' and scheduled_at <= ?::timestamptz
       and scheduled_at + make_interval(secs => duration_seconds) + make_interval(mins => ?) > ?::timestamptz
     returning id`,
    [ctx.tenant.id, now, graceMinutes, now],
  );
  const over: Array<{ id: number }> = await ctx.em.execute(
    `select id from classes
     where client_id = ? and kind = 'live' and status in ('scheduled', 'live')
       and coalesce(started_at, scheduled_at) + make_interval(secs => duration_seconds) + make_interval(mins => ?) <= ?::timestamptz
     order by id`,
    [ctx.tenant.id, graceMinutes, now],
  );
  let attendees = 0;
  for (const { id } of over) attendees += await finishClass(ctx, id);
  return { started: started.length, ended: over.length, attendees };
}

/**
 * A seat in a started class: capacity is checked under the class row's lock (joins of one class queue there),
 * a user who already holds a seat keeps it, and the answer is a room-scoped LiveKit token to watch with.
 */
export async function joinLiveClass(ctx: Ctx, livekit: LiveKitPort, classId: number) {
  const { userId } = requireUser(ctx);
  const cls = await loadAttendableClass(ctx, classId, true);
  if (cls.status === 'ended') throw new AppError('conflict', 'LIVE_CLASS_ENDED', 'This live class has ended');
  if (cls.status !== 'live')
    throw new AppError('conflict', 'LIVE_CLASS_NOT_STARTED', 'This live class has not started yet');
  if (cls.capacity !== null) {
    const [seats]: Array<{ taken: string | number; mine: boolean }> = await ctx.em.execute(
      `select count(*) filter (where user_id <> ?) as taken, bool_or(user_id = ?) as mine
       from live_participants where client_id = ? and class_id = ? and admitted_at is not null`,
      [userId, userId, ctx.tenant.id, classId],
    );
    if (!seats?.mine && Number(seats?.taken ?? 0) >= cls.capacity)
      throw new AppError('conflict', 'LIVE_CLASS_FULL', 'This live class is full');
  }
  const [me]: Array<{ name: string | null }> = await ctx.em.execute(
    `insert into live_participants (client_id, class_id, user_id, display_name, admitted_at)
     select u.client_id, ?, u.id, coalesce(u.name, ''), ?::timestamptz from users u where u.client_id = ? and u.id = ?
     on conflict (client_id, class_id, user_id) do update set admitted_at = coalesce(live_participants.admitted_at, excluded.admitted_at), updated_at = now()
     returning display_name as name`,
    [classId, ctx.clock(), ctx.tenant.id, userId],
  );
  const token = await livekit.joinToken({
    room: liveRoomName(ctx.tenant.id, classId),
    identity: participantIdentity(userId),
    name: me?.name ?? '',
    ttlSeconds: tokenTtl(cls),
    canPublish: false,
  });
  return {
    classId,
    room: liveRoomName(ctx.tenant.id, classId),
    identity: participantIdentity(userId),
    token: token.token,
    wsUrl: token.wsUrl,
    expiresAt: token.expiresAt.toISOString(),
  };
}

export async function leaveLiveClass(ctx: Ctx, classId: number) {
  const { userId } = requireUser(ctx);
  await loadLiveClass(ctx, classId);
  await leftClass(ctx, classId, userId);
  return { classId, left: true };
}
