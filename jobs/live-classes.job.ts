import { z } from 'zod';
import { defineJob } from './job.ts';
import { finishClass } from '../domain/live/live-classes.ts';

/**
 * Moves live classes along by the clock: scheduled → live at their start time (LiveKit creates the room when
 * the first token holder connects, if the trainer has not started it), and live (or never started) → ended
 * once their length plus `graceMinutes` has passed, recording attendance as the end route does.
 */
export const liveClassesJob = defineJob({
  name: 'live-classes',
  schedule: '* * * * *',
  payload: z.object({ graceMinutes: z.number().int().min(0).max(24 * 60).default(30) }),
  async runForTenant(ctx, { graceMinutes }) {
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
  },
});
