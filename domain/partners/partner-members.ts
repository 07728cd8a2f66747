import type { Ctx } from '../shared/context.ts';
import { notFound } from '../shared/errors.ts';
import { offsetOf, pageOf, type PageQuery } from '../shared/pagination.ts';
import { partnerCaller } from './partner-access.ts';
import { memberActivity, presentMember, type MemberSort } from './member-activity.ts';

export interface MemberQuery extends PageQuery {
  /** A fragment of the name or e-mail. */
  search?: string;
  /** Watched, attended or logged something in the last 30 days (or not). */
  active?: boolean;
  sort?: MemberSort;
}

export async function listMembers(ctx: Ctx, q: MemberQuery) {
  const { partnerId } = await partnerCaller(ctx);
  const { rows, total } = await memberActivity(ctx, partnerId, {
    search: q.search,
    active: q.active,
    sort: q.sort,
    ...offsetOf(q),
  });
  return pageOf(rows.map(presentMember), total, q);
}

/** One member with their viewing history (class names and minutes, never health or plan data). */
export async function getMember(ctx: Ctx, userId: number) {
  const { partnerId } = await partnerCaller(ctx);
  const { rows } = await memberActivity(ctx, partnerId, { userId });
  const member = rows[0];
  if (!member) throw notFound('Member');
  const history: Array<Record<string, unknown>> = await ctx.em.execute(
    `select s.class_id, c.name as class_name, sum(s.watched_seconds)::bigint as watched_seconds,
            bool_or(s.status = 'completed') as completed, max(s.last_heartbeat_at) as last_watched_at
     from viewing_sessions s left join classes c on c.client_id = s.client_id and c.id = s.class_id
     where s.client_id = ? and s.user_id = ?
     group by s.class_id, c.name order by max(s.last_heartbeat_at) desc limit 20`,
    [ctx.tenant.id, member.id],
  );
  return {
    ...presentMember(member),
    recentClasses: history.map((h) => ({
      classId: h['class_id'] == null ? null : Number(h['class_id']),
      className: (h['class_name'] as string | null) ?? null,
      watchMinutes: Math.round(Number(h['watched_seconds']) / 60),
      completed: Boolean(h['completed']),
      lastWatchedAt: new Date(h['last_watched_at'] as string).toISOString(),
    })),
  };
}

export const MEMBER_CSV_COLUMNS = [
  'id',
  'name',
  'email',
  'joinedAt',
  'voucherCode',
  'lastActiveAt',
  'active',
  'watchMinutes',
  'classesWatched',
  'classesCompleted',
  'liveClassesAttended',
  'bookingsCount',
] as const;
export type MemberCsvRow = Record<(typeof MEMBER_CSV_COLUMNS)[number], string | number>;

const SLICE = 1000;

/** The members as CSV rows, computed a slice of 1,000 members at a time (keyset by user id) as the client reads. */
export async function exportMembers(
  ctx: Ctx,
  q: Pick<MemberQuery, 'search' | 'active'>,
): Promise<AsyncIterable<MemberCsvRow>> {
  const { partnerId } = await partnerCaller(ctx);
  return (async function* rows() {
    let after = 0;
    for (;;) {
      const { rows: slice } = await memberActivity(ctx, partnerId, { ...q, afterUserId: after, sliceSize: SLICE });
      for (const m of slice.map(presentMember)) {
        yield {
          id: m.id,
          name: m.name ?? '',
          email: m.email,
          joinedAt: m.joinedAt,
          voucherCode: m.voucher.code,
          lastActiveAt: m.lastActiveAt ?? '',
          active: String(m.active),
          watchMinutes: m.watchMinutes,
          classesWatched: m.classesWatched,
          classesCompleted: m.classesCompleted,
          liveClassesAttended: m.liveClassesAttended,
          bookingsCount: m.bookingsCount,
        };
      }
      const last = await lastMemberOfSlice(ctx, partnerId, after);
      if (last === null) return;
      after = last;
    }
  })();
}

/** Where the next slice starts: the slice is over members, while the rows yielded may be fewer (filters). */
async function lastMemberOfSlice(ctx: Ctx, partnerId: number, after: number): Promise<number | null> {
  const [row]: Array<{ last: number | null; n: string | number }> = await ctx.em.execute(
    `select max(user_id) as last, count(*) as n from (
       select distinct redeemed_by_user_id as user_id from vouchers
       where client_id = ? and partner_id = ? and status = 'redeemed' and redeemed_by_user_id > ?
       order by 1 limit ?) s`,
    [ctx.tenant.id, partnerId, after, SLICE],
  );
  return row && Number(row.n) === SLICE && row.last != null ? Number(row.last) : null;
}
