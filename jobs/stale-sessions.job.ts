import { z } from 'zod';
import { defineJob } from './job.ts';
import { endStaleSessions } from '../domain/viewing/stale-sessions.ts';

/**
 * Ends viewing sessions that stopped sending heartbeats (domain/viewing/stale-sessions.ts): past the completion
 * threshold they complete, otherwise they are abandoned. `staleAfterMinutes` is the job's payload (default 30).
 */
export const staleSessionsJob = defineJob({
  name: 'stale-sessions',
  schedule: '*/2 * * * *',
  payload: z.object({
    staleAfterMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .default(30),
  }),
  runForTenant: (ctx, { staleAfterMinutes }) =>
    endStaleSessions(ctx, new Date(ctx.clock().getTime() - staleAfterMinutes * 60_000)),
});
