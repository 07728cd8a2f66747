import type { Ctx } from '../shared/context.ts';
import { progressPercent } from './heartbeat-merge.ts';

export interface UnfinishedSession {
  sessionId: number;
  classId: number;
  progressSeconds: number;
  /** Where the player stopped: resume here. */
  positionSeconds: number;
  totalDurationSeconds: number;
  progressPercent: number;
  lastWatchedAt: string;
}

/**
 * The user's unfinished viewing, one entry per class (its latest session), most recently watched first; for
 * "continue watching". A class whose latest session completed is finished; sessions that never moved are left out.
 * Callers join the class ids to what the user may see.
 */
export async function unfinishedSessions(ctx: Ctx, userId: number, limit = 10): Promise<UnfinishedSession[]> {
  const q = unfinishedSessionsSql(ctx, userId, limit);
  const rows: UnfinishedRow[] = await ctx.em.execute(q.sql, q.params);
  return rows.map(presentUnfinished);
}

export interface UnfinishedRow {
  id: number;
  class_id: number;
  progress_seconds: number;
  position_seconds: number;
  total_duration_seconds: number;
  last_heartbeat_at: Date | string;
}

/** The same selection as a subquery (the columns of `UnfinishedRow`), for a caller that joins it in one statement. */
export function unfinishedSessionsSql(ctx: Ctx, userId: number, limit: number): { sql: string; params: unknown[] } {
  return {
    sql: `select * from (
         select distinct on (class_id) id, class_id, status, progress_seconds, position_seconds, total_duration_seconds, last_heartbeat_at
         from viewing_sessions
         where client_id = ? and user_id = ? and class_id is not null and progress_seconds > 0
         order by class_id, last_heartbeat_at desc, id desc) latest
       where status <> 'completed'
       order by last_heartbeat_at desc, id desc
       limit ?`,
    params: [ctx.tenant.id, userId, limit],
  };
}

export function presentUnfinished(r: UnfinishedRow): UnfinishedSession {
  return {
    sessionId: r.id,
    classId: r.class_id,
    progressSeconds: r.progress_seconds,
    positionSeconds: r.position_seconds,
    totalDurationSeconds: r.total_duration_seconds,
    progressPercent: progressPercent(r.progress_seconds, r.total_duration_seconds),
    lastWatchedAt: new Date(r.last_heartbeat_at).toISOString(),
  };
}
