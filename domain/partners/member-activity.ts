import type { Ctx } from '../shared/context.ts';

/**
 * A partner's members (users who registered with one of its vouchers) and their activity, computed in one
 * statement from the tables usage lands in: viewing sessions, live attendance, bookings and group classes,
 * and the progress logs (only *when* something was logged, never what). Set-based: each aggregate joins the
 * member set once, so the cost does not grow by a query per member.
 *
 * Privacy by design: the only user columns read are id, name, e-mail and created_at. Profile, health and
 * plan data are never selected, so no partner answer or export can carry them.
 */

export const ACTIVE_DAYS = 30;
export type MemberSort = 'lastActive' | 'watchTime';

export interface MemberSelection {
  /** One member (the detail page); another partner's user is simply absent. */
  userId?: number;
  search?: string;
  active?: boolean;
  sort?: MemberSort;
  /** Either a page of the sorted list... */
  limit?: number;
  offset?: number;
  /** ...or a keyset slice of members by user id (exports), which bounds the aggregates to the slice too. */
  afterUserId?: number;
  sliceSize?: number;
}

export interface MemberActivityRow {
  id: number;
  name: string | null;
  email: string;
  joinedAt: Date;
  voucher: { id: number; code: string; redeemedAt: Date | null };
  lastActiveAt: Date | null;
  active: boolean;
  watchedSeconds: number;
  classesWatched: number;
  classesCompleted: number;
  liveClassesAttended: number;
  bookingsCount: number;
}

const ORDER: Record<MemberSort, string> = {
  lastActive: 'last_active_at desc nulls last, u.id',
  watchTime: 'watched_seconds desc, u.id',
};

/** `:name` placeholders to positional ones (`::type` casts are left alone). */
function bind(sql: string, values: Record<string, unknown>): [string, unknown[]] {
  const params: unknown[] = [];
  const text = sql.replace(/(?<!:):([a-zA-Z]\w*)/g, (_m, name: string) => {
    if (!(name in values)) throw new Error(`unbound SQL parameter :${name}`);
    params.push(values[name]);
    return '?';
  });
  return [text, params];
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function memberActivity(
  ctx: Ctx,
  partnerId: number,
  sel: MemberSelection,
): Promise<{ rows: MemberActivityRow[]; total: number }> {
  const now = ctx.clock();
  const [sql, params] = bind(
    `with member as (
       select distinct on (v.redeemed_by_user_id) v.redeemed_by_user_id as user_id, v.id as voucher_id, v.code as voucher_code, v.redeemed_at
       from vouchers v
       where v.client_id = :cid and v.partner_id = :pid and v.status = 'redeemed' and v.redeemed_by_user_id is not null
         and (:userId::int is null or v.redeemed_by_user_id = :userId)
         and (:after::int is null or v.redeemed_by_user_id > :after)
       order by v.redeemed_by_user_id, v.redeemed_at
       limit :slice
     ),
     watch as (
       select s.user_id, sum(s.watched_seconds)::bigint as watched_seconds,
              count(distinct s.class_id) as classes_watched,
              count(distinct s.class_id) filter (where s.status = 'completed') as classes_completed,
              max(s.last_heartbeat_at) as last_at
       from viewing_sessions s join member m on m.user_id = s.user_id
       where s.client_id = :cid group by s.user_id
     ),
     logged as (
       select user_id, max(at) as last_at from (
         select w.user_id, max(w.logged_at) as at from progress_workouts w join member m on m.user_id = w.user_id where w.client_id = :cid group by w.user_id
         union all
         select n.user_id, max(n.logged_at) from progress_nutrition n join member m on m.user_id = n.user_id where n.client_id = :cid group by n.user_id
         union all
         select h.user_id, max(h.logged_at) from progress_water h join member m on m.user_id = h.user_id where h.client_id = :cid group by h.user_id
       ) l group by user_id
     ),
     live as (
       select a.user_id, count(*) as attended, max(coalesce(a.last_left_at, a.first_joined_at)) as last_at
       from live_attendance a join member m on m.user_id = a.user_id where a.client_id = :cid group by a.user_id
     ),
     booked as (
       select user_id, sum(n) as n from (
         select b.user_id, count(*) as n from bookings b join member m on m.user_id = b.user_id
         where b.client_id = :cid and b.status <> 'cancelled' group by b.user_id
         union all
         select g.user_id, count(*) from group_class_members g join member m on m.user_id = g.user_id
         where g.client_id = :cid and g.status = 'joined' group by g.user_id
       ) x group by user_id
     ),
     activity as (
       select u.id, u.name, u.email, u.created_at as joined_at, m.voucher_id, m.voucher_code, m.redeemed_at,
              coalesce(w.watched_seconds, 0) as watched_seconds, coalesce(w.classes_watched, 0) as classes_watched,
              coalesce(w.classes_completed, 0) as classes_completed, coalesce(lv.attended, 0) as live_attended,
              coalesce(bk.n, 0) as bookings, greatest(w.last_at, lg.last_at, lv.last_at) as last_active_at
       from member m
       join users u on u.client_id = :cid and u.id = m.user_id
       left join watch w on w.user_id = m.user_id
       left join logged lg on lg.user_id = m.user_id
       left join live lv on lv.user_id = m.user_id
       left join booked bk on bk.user_id = m.user_id
       where (:pattern::text is null or u.name ilike :pattern or u.email ilike :pattern)
     )
     select u.*, coalesce(u.last_active_at >= :since, false) as active, count(*) over () as total
     from activity u
     where (:active::boolean is null or coalesce(u.last_active_at >= :since, false) = :active)
     order by ${sel.afterUserId !== undefined || sel.sliceSize !== undefined ? 'u.id' : ORDER[sel.sort ?? 'lastActive']}
     limit :limit offset :offset`,
    {
      cid: ctx.tenant.id,
      pid: partnerId,
      userId: sel.userId ?? null,
      after: sel.afterUserId ?? null,
      slice: sel.sliceSize ?? null,
      pattern: sel.search ? `%${escapeLike(sel.search)}%` : null,
      since: new Date(now.getTime() - ACTIVE_DAYS * 86_400_000),
      active: sel.active ?? null,
      limit: sel.limit ?? null,
      offset: sel.offset ?? 0,
    },
  );
  const raw: Array<Record<string, unknown>> = await ctx.em.execute(sql, params);
  return { rows: raw.map(rowOf), total: raw.length ? Number(raw[0]!['total']) : 0 };
}

const date = (v: unknown) => (v == null ? null : new Date(v as string | Date));

function rowOf(r: Record<string, unknown>): MemberActivityRow {
  return {
    id: Number(r['id']),
    name: (r['name'] as string | null) ?? null,
    email: String(r['email']),
    joinedAt: date(r['joined_at'])!,
    voucher: { id: Number(r['voucher_id']), code: String(r['voucher_code']), redeemedAt: date(r['redeemed_at']) },
    lastActiveAt: date(r['last_active_at']),
    active: Boolean(r['active']),
    watchedSeconds: Number(r['watched_seconds']),
    classesWatched: Number(r['classes_watched']),
    classesCompleted: Number(r['classes_completed']),
    liveClassesAttended: Number(r['live_attended']),
    bookingsCount: Number(r['bookings']),
  };
}

export function presentMember(m: MemberActivityRow) {
  return {
    id: m.id,
    name: m.name,
    email: m.email,
    joinedAt: m.joinedAt.toISOString(),
    voucher: { id: m.voucher.id, code: m.voucher.code, redeemedAt: m.voucher.redeemedAt?.toISOString() ?? null },
    lastActiveAt: m.lastActiveAt?.toISOString() ?? null,
    active: m.active,
    watchMinutes: Math.round(m.watchedSeconds / 60),
    classesWatched: m.classesWatched,
    classesCompleted: m.classesCompleted,
    liveClassesAttended: m.liveClassesAttended,
    bookingsCount: m.bookingsCount,
  };
}
