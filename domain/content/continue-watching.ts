import type { Ctx } from '../shared/context.ts';
import { presentUnfinished, unfinishedSessionsSql, type UnfinishedRow } from '../viewing/unfinished-sessions.ts';
import { visibleNow, type Catalogue } from './catalogue.ts';
import {
  CLASS_COLUMNS,
  CLASS_FROM,
  presentClass,
  visibleTo,
  type ClassRow,
  type PresentedClass,
} from './class-rows.ts';

export type ContinueWatchingItem = PresentedClass & {
  sessionId: number;
  progressSeconds: number;
  positionSeconds: number;
  progressPercent: number;
  lastWatchedAt: string;
};

const LIMIT = 10;

/** The user's latest unfinished sessions (twice the row's length, so classes hidden since can drop out): one statement. */
export async function latestUnfinished(ctx: Ctx, userId: number): Promise<UnfinishedRow[]> {
  const q = unfinishedSessionsSql(ctx, userId, LIMIT * 2);
  return ctx.em.execute(q.sql, q.params);
}

/** `continueWatching` with its classes from the tenant's held catalogue: the same rows as the SQL join below. */
export function continueWatchingFrom(
  ctx: Ctx,
  catalogue: Catalogue,
  sessions: UnfinishedRow[],
): ContinueWatchingItem[] {
  const visible = visibleNow(ctx, ctx.clock().getTime());
  const items: ContinueWatchingItem[] = [];
  for (const row of sessions) {
    const entry = catalogue.byId.get(Number(row.class_id));
    if (!entry || !visible(entry)) continue;
    const s = presentUnfinished(row);
    items.push({
      ...entry.presented,
      sessionId: s.sessionId,
      progressSeconds: s.progressSeconds,
      positionSeconds: s.positionSeconds,
      progressPercent: s.progressPercent,
      lastWatchedAt: s.lastWatchedAt,
    });
    if (items.length === LIMIT) break;
  }
  return items;
}

/**
 * The user's unfinished viewing (latest session per class, most recent first, from domain/viewing), limited to
 * classes the app may still show: a class unpublished or deleted since drops out of the row.
 */
export async function continueWatching(ctx: Ctx, userId: number, limit = LIMIT): Promise<ContinueWatchingItem[]> {
  // One statement (issue 12: discover's own section is one round trip): the latest sessions joined to the classes
  // the app may see; twice the limit is read before the join, as when these were two queries.
  const sessions = unfinishedSessionsSql(ctx, userId, limit * 2);
  const visible = visibleTo(ctx);
  const rows: Array<
    ClassRow & {
      s_id: number;
      s_class_id: number;
      s_progress: number;
      s_position: number;
      s_total: number;
      s_last: Date | string;
    }
  > = await ctx.em.execute(
    `select ${CLASS_COLUMNS}, s.id as s_id, s.class_id as s_class_id, s.progress_seconds as s_progress, s.position_seconds as s_position,
              s.total_duration_seconds as s_total, s.last_heartbeat_at as s_last
       from ${CLASS_FROM} join (${sessions.sql}) s on s.class_id = c.id
       where ${visible.sql}
       order by s.last_heartbeat_at desc, s.id desc
       limit ?`,
    [...sessions.params, ...visible.params, limit],
  );
  return rows.map((r) => {
    const s = presentUnfinished({
      id: r.s_id,
      class_id: r.s_class_id,
      progress_seconds: r.s_progress,
      position_seconds: r.s_position,
      total_duration_seconds: r.s_total,
      last_heartbeat_at: r.s_last,
    });
    return {
      ...presentClass(r),
      sessionId: s.sessionId,
      progressSeconds: s.progressSeconds,
      positionSeconds: s.positionSeconds,
      progressPercent: s.progressPercent,
      lastWatchedAt: s.lastWatchedAt,
    };
  });
}
