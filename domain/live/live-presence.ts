import type { Ctx } from '../shared/context.ts';

export interface Participant {
  userId: number;
  name: string;
  joinedAt: string | null;
  socket: boolean;
  media: boolean;
}

export interface PresenceList {
  classId: number;
  /** The class's presence version this list is at (0 before the first change): deltas apply on top of it. */
  version: number;
  count: number;
  participants: Participant[];
}

/**
 * `live:presence:delta`: what changed after `since` up to `version`. `joined` are participants added or changed
 * (replace the entry with the same userId), `left` the userIds no longer present; `count` the list's size after.
 */
export interface PresenceDelta {
  classId: number;
  since: number;
  version: number;
  count: number;
  joined: Participant[];
  left: number[];
}

interface ParticipantRow {
  user_id: number;
  display_name: string;
  first_joined_at: Date | string | null;
  socket_count: number;
  media_present: boolean;
}

const participant = (r: ParticipantRow): Participant => ({
  userId: r.user_id,
  name: r.display_name,
  joinedAt: r.first_joined_at ? new Date(r.first_joined_at).toISOString() : null,
  socket: r.socket_count > 0,
  media: r.media_present,
});

/** How a socket follows presence: `full` (the whole list after each change, as before deltas) or `delta`. */
export type PresenceMode = 'full' | 'delta';

/** The last list read per class on this node, by version: a later read fetches only the rows changed since. */
interface HeldList {
  version: number;
  byUser: Map<number, Participant>;
}
const held = new Map<string, HeldList>();
/** Classes whose list a node keeps (least recently read dropped first); ~70 KB each at 500 participants. */
const HELD_MAX = 200;

const byArrival = (x: Participant, y: Participant) =>
  x.joinedAt === y.joinedAt
    ? x.userId - y.userId
    : x.joinedAt === null
      ? 1
      : y.joinedAt === null
        ? -1
        : x.joinedAt < y.joinedAt
          ? -1
          : 1;

/**
 * The one participant list: users with a socket in the class or in LiveKit's room, first arrivals first, with the
 * version it is at. Every join answers it (the snapshot deltas apply to), so at 500 participants re-reading and
 * parsing every row 20 times a second was most of a join's cost: the node keeps the last list it read per class
 * and reads only the rows whose version is newer, in the same statement as the class's version (one snapshot).
 * A reset (a deleted row, which no version can show) makes it read the whole list again.
 */
export async function presenceOf(ctx: Ctx, classId: number): Promise<PresenceList> {
  const key = `${ctx.tenant.id}:${classId}`;
  const base = held.get(key);
  const read = async (after: number) => {
    const rows: Array<Partial<ParticipantRow> & { version: string | number; reset_version: string | number }> =
      await ctx.em.execute(
        `select coalesce(v.version, 0) as version, coalesce(v.reset_version, 0) as reset_version,
              p.user_id, p.display_name, p.first_joined_at, p.socket_count, p.media_present
       from (select 1) one
       left join live_presence_versions v on v.client_id = ? and v.class_id = ?
       left join live_participants p on p.client_id = ? and p.class_id = ? and p.version > ? and (? or p.socket_count > 0 or p.media_present)`,
        [ctx.tenant.id, classId, ctx.tenant.id, classId, after, after >= 0],
      );
    return {
      version: Number(rows[0]?.version ?? 0),
      reset: Number(rows[0]?.reset_version ?? 0),
      rows: rows.filter((r) => r.user_id != null) as ParticipantRow[],
    };
  };
  let got = await read(base?.version ?? -1);
  let byUser: Map<number, Participant>;
  if (base && got.reset <= base.version) {
    byUser = new Map(base.byUser);
    for (const r of got.rows) {
      if (r.socket_count > 0 || r.media_present) byUser.set(r.user_id, participant(r));
      else byUser.delete(r.user_id);
    }
  } else {
    if (base) got = await read(-1);
    byUser = new Map(got.rows.map((r) => [r.user_id, participant(r)]));
  }
  // Another read of the same class may have finished first with a newer version: keep the newest.
  if ((held.get(key)?.version ?? -1) < got.version) {
    held.delete(key);
    held.set(key, { version: got.version, byUser });
    if (held.size > HELD_MAX) held.delete(held.keys().next().value!);
  }
  const participants = [...byUser.values()].sort(byArrival);
  return { classId, version: got.version, count: participants.length, participants };
}

/** What one broadcast slot took: the changes to send (if any), and whether some socket still wants the whole list. */
export interface TakenPresence {
  delta: PresenceDelta | null;
  fullSockets: number;
}

/**
 * Takes the class's broadcast slot and what changed since the last broadcast, or says how long another broadcast
 * (from any node) still holds the slot: `{ heldMs }`. The slot, on the database's clock: the 10th last broadcast at
 * least 10 intervals old (`sent_window`, migration 0155: ≤ 10 a second, exactly) and the last one (`sent_at`) at
 * least 0.9 interval old (no burst credit). So a broadcast a few ms late does not push back the next one, which
 * stays on the sender's 100 ms grid (presence-broadcaster.ts). One statement: the slot, the version, the count and
 * the changed rows are one snapshot, and the mark writes the version of that snapshot (a change committing meanwhile
 * stays after it, for the next broadcast) and, when there is something to send, the slot's time. The rule is
 * written twice on purpose: `v` reads it from the statement's snapshot to say how long the slot is held, and the
 * update checks it again against the row as committed (another node's take may have committed meanwhile). Run by
 * the broadcaster, or by a join in its own transaction (the counter row is then already locked by the join:
 * nothing can commit between its change and the take). Marked before the emit:
 * an emit lost on the way (Redis down) shows as a gap, and the client asks for a snapshot.
 */
export async function takePresenceChanges(
  ctx: Ctx,
  classId: number,
  intervalMs: number,
): Promise<TakenPresence | { heldMs: number }> {
  const rows: Array<
    Partial<ParticipantRow> & {
      version: string | number;
      since: string | number;
      reset: boolean;
      full_sockets: number;
      count: number;
      held_ms: number;
      marked: number;
    }
  > = await ctx.em.execute(
    `with v as (
       select version, greatest(sent_version, reset_version) as since, reset_version > sent_version as reset, full_sockets,
              coalesce(ceil(extract(epoch from greatest(sent_at + ? * interval '0.9 millisecond',
                sent_window[cardinality(sent_window) - 9] + ? * interval '10 millisecond') - clock_timestamp()) * 1000), 0)::int as held_ms
       from live_presence_versions where client_id = ? and class_id = ?
     ), mark as (
       update live_presence_versions t set sent_version = greatest(t.sent_version, v.version),
         (sent_at, sent_window) = (select case when s then clock_timestamp() else t.sent_at end,
                                          case when s then (t.sent_window || clock_timestamp())[greatest(cardinality(t.sent_window) - 8, 1):]
                                               else t.sent_window end
                                   from (select v.reset or exists (select 1 from live_participants q where q.client_id = t.client_id
                                           and q.class_id = t.class_id and q.version > v.since) as s) send)
       from v where t.client_id = ? and t.class_id = ? and t.sent_version < v.version and v.held_ms <= 0
         and (t.sent_at is null or t.sent_at <= clock_timestamp() - ? * interval '0.9 millisecond')
         and (cardinality(t.sent_window) < 10 or t.sent_window[cardinality(t.sent_window) - 9] <= clock_timestamp() - ? * interval '10 millisecond')
       returning 1
     )
     select v.version, v.since, v.reset, v.full_sockets, v.held_ms, c.count, (select count(*)::int from mark) as marked,
            p.user_id, p.display_name, p.first_joined_at, p.socket_count, p.media_present
     from v
     cross join lateral (select count(*)::int as count from live_participants q
                         where v.held_ms <= 0 and q.client_id = ? and q.class_id = ? and (q.socket_count > 0 or q.media_present)) c
     left join live_participants p on v.held_ms <= 0 and p.client_id = ? and p.class_id = ? and p.version > v.since
     order by p.first_joined_at nulls last, p.user_id`,
    [
      intervalMs,
      intervalMs,
      ctx.tenant.id,
      classId,
      ctx.tenant.id,
      classId,
      intervalMs,
      intervalMs,
      ctx.tenant.id,
      classId,
      ctx.tenant.id,
      classId,
    ],
  );
  const head = rows[0];
  if (!head) return { delta: null, fullSockets: 0 };
  if (head.held_ms > 0) return { heldMs: head.held_ms };
  const version = Number(head.version);
  const since = Number(head.since);
  // Changes to take, but the mark did not happen: a take on another connection got the slot while this one waited
  // for the counter row (its update is re-checked against the row as committed): that one sends them.
  if (version > since && !head.marked) return { heldMs: intervalMs };
  const changed = rows.filter((r) => r.user_id != null) as ParticipantRow[];
  // Nothing visible (the insert half of an upsert that updated instead also takes a number): nothing to send. A
  // reset is always sent, even empty: its `since` is what tells older clients to take a snapshot.
  if (!head.reset && (version <= since || !changed.length)) return { delta: null, fullSockets: head.full_sockets };
  return {
    delta: {
      classId,
      since,
      version,
      count: head.count,
      joined: changed.filter((r) => r.socket_count > 0 || r.media_present).map(participant),
      left: changed.filter((r) => !(r.socket_count > 0 || r.media_present)).map((r) => r.user_id),
    },
    fullSockets: head.full_sockets,
  };
}

/** Counts the sockets that follow the whole list (`full`), so broadcasts can skip reading it when none does. */
async function countFullSocket(ctx: Ctx, classId: number, step: 1 | -1) {
  await ctx.em.execute(
    `update live_presence_versions set full_sockets = greatest(full_sockets + ?, 0) where client_id = ? and class_id = ?`,
    [step, ctx.tenant.id, classId],
  );
}

/** Upserts the user's row (only for a user of this tenant: the insert selects from users) and applies `set`. */
async function upsert(
  ctx: Ctx,
  classId: number,
  userId: number,
  insertCols: Record<string, string>,
  set: string,
  where = 'true',
  params: unknown[] = [],
): Promise<number> {
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

/** A socket sent `live:join` (several devices count separately). Run in a transaction. */
export async function socketJoined(ctx: Ctx, classId: number, userId: number, mode: PresenceMode = 'full') {
  const n = await upsert(
    ctx,
    classId,
    userId,
    { socket_count: '1' },
    `socket_count = live_participants.socket_count + 1, first_joined_at = coalesce(live_participants.first_joined_at, excluded.first_joined_at)`,
  );
  // The trigger made the class's counter row with the (visible) change.
  if (mode === 'full') await countFullSocket(ctx, classId, 1);
  return n;
}

/** A socket sent `live:leave` or disconnected. Run in a transaction. */
export async function socketLeft(ctx: Ctx, classId: number, userId: number, mode: PresenceMode = 'full') {
  if (mode === 'full') await countFullSocket(ctx, classId, -1);
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
  return upsert(
    ctx,
    classId,
    userId,
    { media_present: String(joined), media_event_at: String(Math.trunc(at)) },
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
