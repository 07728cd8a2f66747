import { z } from 'zod';
import { defineJob } from './job.ts';
import { COMPLETION_RATIO } from '../domain/viewing/heartbeat-merge.ts';
import { completedEvent } from '../domain/viewing/heartbeat-writer.ts';
import { toStored } from '../domain/viewing/heartbeat-store.ts';

/**
 * Ends viewing sessions that stopped sending heartbeats: past the completion threshold they complete (and the
 * user hears `session:completed`), otherwise they are abandoned (a later heartbeat makes them active again).
 * One set-based UPDATE per tenant; `status = 'active'` in its WHERE keeps it from racing a heartbeat's completion.
 * `staleAfterMinutes` is the job's payload (default 30), so an operator can run it with another value.
 */
export const staleSessionsJob = defineJob({
  name: 'stale-sessions',
  schedule: '*/2 * * * *',
  payload: z.object({ staleAfterMinutes: z.number().int().min(1).max(7 * 24 * 60).default(30) }),
  async runForTenant(ctx, { staleAfterMinutes }) {
    const now = ctx.clock();
    const cutoff = new Date(now.getTime() - staleAfterMinutes * 60_000);
    const rows: Array<Parameters<typeof toStored>[0]> = await ctx.em.execute(
      `update viewing_sessions s set
         status = case when s.progress_seconds >= ${COMPLETION_RATIO} * s.total_duration_seconds then 'completed' else 'abandoned' end,
         completed_at = case when s.progress_seconds >= ${COMPLETION_RATIO} * s.total_duration_seconds then ?::timestamptz end,
         ended_at = s.last_heartbeat_at
       where s.client_id = ? and s.status = 'active' and s.last_heartbeat_at < ?::timestamptz
       returning s.client_id, s.id, s.user_id, s.class_id, s.status, s.progress_seconds, s.total_duration_seconds, s.watched_seconds, s.completed_at`,
      [now, ctx.tenant.id, cutoff],
    );
    const completed = rows.filter((r) => r.status === 'completed');
    for (const r of completed) ctx.events.push(completedEvent(toStored(r, true), 'job'));
    return { completed: completed.length, abandoned: rows.length - completed.length };
  },
});
