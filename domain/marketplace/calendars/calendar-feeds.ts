import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { requireUser, type Ctx } from '../../shared/context.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { renderCalendar, type IcsEvent } from './ics.ts';
import { ownTrainer, sql } from '../marketplace-rows.ts';

/**
 * Calendar feed links. The secret in the link is 32 random bytes (base64url); only its SHA-256 is
 * stored, so a link is as strong as a signature and revoking it is one update. One live link per
 * account and scope: issuing a new one revokes the old.
 */

export type FeedScope = 'user' | 'trainer';

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');
export const FEED_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export async function issueCalendarFeed(ctx: Ctx, scope: FeedScope) {
  const { userId } = requireUser(ctx);
  if (scope === 'trainer') await ownTrainer(ctx);
  await revokeCalendarFeed(ctx, scope);
  const token = randomBytes(32).toString('base64url');
  await sql(ctx, `insert into calendar_feeds (client_id, user_id, scope, token_hash) values (?, ?, ?, ?)`, [
    ctx.tenant.id,
    userId,
    scope,
    hashOf(token),
  ]);
  return { scope, path: `/api/v1/calendar/${token}.ics` };
}

export async function revokeCalendarFeed(ctx: Ctx, scope: FeedScope): Promise<{ revoked: number }> {
  const rows = await sql(
    ctx,
    `update calendar_feeds set revoked_at = now() where client_id = ? and user_id = ? and scope = ? and revoked_at is null returning id`,
    [ctx.tenant.id, requireUser(ctx).userId, scope],
  );
  return { revoked: rows.length };
}

/** The link's owner, found before any tenant is known: the token itself is the credential. */
export async function resolveCalendarFeed(platformEm: EntityManager, token: string) {
  const rows: Array<{ client_id: number; user_id: number; scope: FeedScope }> = await platformEm.execute(
    `select client_id, user_id, scope from calendar_feeds where token_hash = ? and revoked_at is null`,
    [hashOf(token)],
  );
  const feed = rows[0];
  if (!feed) throw new AppError('not_found', 'NOT_FOUND', 'This calendar link does not exist or was revoked');
  return feed;
}

interface Row {
  kind: 'session' | 'class';
  id: number;
  starts_at: Date;
  ends_at: Date;
  status: string;
  title: string;
  other: string | null;
  updated_at: Date;
  revision: number;
}

/**
 * Sessions and class places from 30 days back on, for the owner account in its scope. A cancelled
 * session, a cancelled class and a class the user left stay in the feed as STATUS:CANCELLED (a calendar
 * that merely stops seeing an event may keep it); SEQUENCE and LAST-MODIFIED come from the rows'
 * revisions (migration 0105), so a subscribed calendar knows which copy is newer.
 */
export async function renderCalendarFeed(ctx: Ctx, feed: { user_id: number; scope: FeedScope }): Promise<string> {
  let trainerId: number | null = null;
  if (feed.scope === 'trainer') {
    const [t] = await sql<{ id: number }>(ctx, `select id from trainers where client_id = ? and user_id = ?`, [
      ctx.tenant.id,
      feed.user_id,
    ]);
    if (!t) throw notFound('Trainer');
    trainerId = t.id;
  }
  const asTrainer = feed.scope === 'trainer';
  const since = new Date(ctx.clock().getTime() - 30 * 86_400_000);
  const rows = await sql<Row>(
    ctx,
    `select 'session' as kind, b.id, b.starts_at, b.ends_at, b.status, s.name as title,
            case when ? then u.name else t.name end as other, b.updated_at, b.revision
       from bookings b join trainer_services s on s.client_id = b.client_id and s.id = b.service_id
       join trainers t on t.client_id = b.client_id and t.id = b.trainer_id
       join users u on u.client_id = b.client_id and u.id = b.user_id
      where b.client_id = ? and (b.user_id = ? and not ? or b.trainer_id = ?) and b.starts_at >= ?
     union all
     select 'class', c.id, c.starts_at, c.starts_at + make_interval(mins => c.duration_minutes),
            case when m.status = 'left' then 'cancelled' else c.status end, c.name, t.name,
            greatest(c.updated_at, m.updated_at), c.revision + coalesce(m.revision, 0)
       from group_classes c join trainers t on t.client_id = c.client_id and t.id = c.trainer_id
       left join group_class_members m on not ? and m.client_id = c.client_id and m.class_id = c.id and m.user_id = ? and m.status in ('joined', 'left')
      where c.client_id = ? and c.starts_at >= ? and (c.trainer_id = ? or m.id is not null)
     order by 3 limit 1000`,
    [
      asTrainer,
      ctx.tenant.id,
      feed.user_id,
      asTrainer,
      trainerId,
      since,
      asTrainer,
      feed.user_id,
      ctx.tenant.id,
      since,
      trainerId,
    ],
  );
  const events: IcsEvent[] = rows.map((r) => ({
    uid: `${r.kind}-${ctx.tenant.id}-${r.id}@stvos`,
    start: new Date(r.starts_at),
    end: new Date(r.ends_at),
    summary: r.other ? `${r.title} with ${r.other}` : r.title,
    status: r.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
    updated: new Date(r.updated_at),
    sequence: Number(r.revision),
  }));
  return renderCalendar(asTrainer ? 'Coaching sessions' : 'My sessions', events, ctx.clock());
}
