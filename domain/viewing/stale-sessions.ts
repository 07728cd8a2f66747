import type { Ctx } from '../shared/context.ts';
import { COMPLETION_RATIO } from './heartbeat-merge.ts';
import { completeSessions } from './heartbeat-store.ts';
import { completedEvent } from './heartbeat-writer.ts';

/**
 * Ends the tenant's viewing sessions silent since before `cutoff`: past the completion threshold they complete through
 * the heartbeat store's one completion statement (so a heartbeat finishing the same session at the same moment cannot
 * publish a second `session:completed`), the others are abandoned at their last heartbeat (a later heartbeat makes
 * them active again). `status = 'active'` in both WHEREs keeps this from racing a heartbeat's own completion.
 */
export async function endStaleSessions(ctx: Ctx, cutoff: Date): Promise<{ completed: number; abandoned: number }> {
  // One statement when nothing is due (the common tick): abandon the ones below the threshold, name the ones past it.
  const rows: Array<{ id: number; abandoned: boolean }> = await ctx.em.execute(
    `with abandoned as (
       update viewing_sessions set status = 'abandoned', ended_at = last_heartbeat_at
       where client_id = ? and status = 'active' and last_heartbeat_at < ?::timestamptz
         and progress_seconds < ${COMPLETION_RATIO} * total_duration_seconds
       returning id)
     select id, true as abandoned from abandoned
     union all
     select id, false from viewing_sessions
     where client_id = ? and status = 'active' and last_heartbeat_at < ?::timestamptz
       and progress_seconds >= ${COMPLETION_RATIO} * total_duration_seconds`,
    [ctx.tenant.id, cutoff, ctx.tenant.id, cutoff],
  );
  const due = rows
    .filter((r) => !r.abandoned)
    .map((r) => ({ clientId: ctx.tenant.id, sessionId: r.id, threshold: true, staleBefore: cutoff }));
  const completed = await completeSessions(ctx.em, due, ctx.clock());
  for (const s of completed) ctx.events.push(completedEvent(s, 'job'));
  return { completed: completed.length, abandoned: rows.length - due.length };
}
