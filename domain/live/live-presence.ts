import type { Ctx } from '../shared/context.ts';

export interface PresenceList {
  classId: number;
  count: number;
  participants: Array<{ userId: number; name: string; joinedAt: string | null; socket: boolean; media: boolean }>;
}

/** The one participant list: users with a socket in the class or in LiveKit's room, first arrivals first. */
export async function presenceOf(ctx: Ctx, classId: number): Promise<PresenceList> {
  const rows: Array<{ user_id: number; display_name: string; first_joined_at: Date | string | null; socket_count: number; media_present: boolean }> = await ctx.em.execute(
    `select user_id, display_name, first_joined_at, socket_count, media_present from live_participants
     where client_id = ? and class_id = ? and (socket_count > 0 or media_present)
     order by first_joined_at nulls last, user_id`,
    [ctx.tenant.id, classId],
  );
  const participants = rows.map((r) => ({
    userId: r.user_id, name: r.display_name, joinedAt: r.first_joined_at ? new Date(r.first_joined_at).toISOString() : null, socket: r.socket_count > 0, media: r.media_present,
  }));
  return { classId, count: participants.length, participants };
}

/** Upserts the user's row (only for a user of this tenant: the insert selects from users) and applies `set`. */
async function upsert(ctx: Ctx, classId: number, userId: number, insertCols: Record<string, string>, set: string, where = 'true', params: unknown[] = []): Promise<number> {
  const cols = Object.keys(insertCols);
  const res = await ctx.em.execute(
    `insert into live_participants (client_id, class_id, user_id, display_name, first_joined_at${cols.map((c) => `, ${c}`).join('')})
     select u.client_id, ?, u.id, coalesce(u.name, ''), ?::timestamptz${cols.map((c) => `, ${insertCols[c]}`).join('')}
     from users u where u.client_id = ? and u.id = ?
     on conflict (client_id, class_id, user_id) do update set ${set}, updated_at = now() where ${where}`,
    [classId, ctx.clock(), ctx.tenant.id, userId, ...params],
    'run',
  );
  return (res as { affectedRows?: number }).affectedRows ?? 0;
}

/** A socket sent `live:join` (several devices count separately). */
export function socketJoined(ctx: Ctx, classId: number, userId: number) {
  return upsert(ctx, classId, userId, { socket_count: '1' },
    `socket_count = live_participants.socket_count + 1, first_joined_at = coalesce(live_participants.first_joined_at, excluded.first_joined_at)`);
}

/** A socket sent `live:leave` or disconnected. */
export async function socketLeft(ctx: Ctx, classId: number, userId: number) {
  await ctx.em.execute(
    `update live_participants set socket_count = greatest(socket_count - 1, 0), updated_at = now(),
       last_left_at = case when socket_count <= 1 and not media_present then ?::timestamptz else last_left_at end
     where client_id = ? and class_id = ? and user_id = ?`,
    [ctx.clock(), ctx.tenant.id, classId, userId],
  );
}

/**
 * LiveKit says the user joined or left the room at `at` (its own clock, unix seconds). Applied only when newer
 * than the last applied media event; on a tie "left" wins, since a join and a leave in the same second most
 * likely happened in that order. A leave frees the seat.
 */
export function mediaEvent(ctx: Ctx, classId: number, userId: number, joined: boolean, at: number) {
  return upsert(ctx, classId, userId, { media_present: String(joined), media_event_at: String(Math.trunc(at)) },
    `media_present = excluded.media_present, media_event_at = excluded.media_event_at,
     first_joined_at = coalesce(live_participants.first_joined_at, excluded.first_joined_at),
     admitted_at = case when excluded.media_present then live_participants.admitted_at end,
     last_left_at = case when excluded.media_present then live_participants.last_left_at else ?::timestamptz end`,
    `live_participants.media_event_at < excluded.media_event_at or (live_participants.media_event_at = excluded.media_event_at and not excluded.media_present)`,
    [ctx.clock()],
  );
}

/** LiveKit closed the room: nobody is in it any more (events older than `at` cannot bring anyone back). */
export async function roomFinished(ctx: Ctx, classId: number, at: number) {
  await ctx.em.execute(
    `update live_participants set media_present = false, admitted_at = null, media_event_at = greatest(media_event_at, ?), updated_at = now(),
       last_left_at = case when media_present then ?::timestamptz else last_left_at end
     where client_id = ? and class_id = ?`,
    [Math.trunc(at), ctx.clock(), ctx.tenant.id, classId],
  );
}

/** The user left through the app: off the list and out of their seat until they join again. */
export async function leftClass(ctx: Ctx, classId: number, userId: number) {
  await ctx.em.execute(
    `update live_participants set socket_count = 0, media_present = false, admitted_at = null, last_left_at = ?::timestamptz, updated_at = now()
     where client_id = ? and class_id = ? and user_id = ?`,
    [ctx.clock(), ctx.tenant.id, classId, userId],
  );
}

/** Copies everyone who was ever in the class into attendance, then empties the participant list. */
export async function recordAttendance(ctx: Ctx, classId: number): Promise<number> {
  const now = ctx.clock();
  const rows: unknown[] = await ctx.em.execute(
    `insert into live_attendance (client_id, class_id, user_id, first_joined_at, last_left_at, recorded_at)
     select client_id, class_id, user_id, first_joined_at, coalesce(last_left_at, ?::timestamptz), ?::timestamptz
     from live_participants where client_id = ? and class_id = ? and first_joined_at is not null
     on conflict (client_id, class_id, user_id) do update set last_left_at = excluded.last_left_at
     returning user_id`,
    [now, now, ctx.tenant.id, classId],
  );
  await ctx.em.execute(
    `update live_participants set socket_count = 0, media_present = false, admitted_at = null, updated_at = now(),
       last_left_at = coalesce(last_left_at, ?::timestamptz)
     where client_id = ? and class_id = ?`,
    [now, ctx.tenant.id, classId],
  );
  return rows.length;
}
