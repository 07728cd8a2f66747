import { z } from 'zod';
import { defineJob } from './job.ts';
import { advanceLiveClasses } from '../domain/live/live-classes.ts';

/** Starts live classes at their time and ends them after their length plus `graceMinutes` (domain/live/live-classes.ts). */
export const liveClassesJob = defineJob({
  name: 'live-classes',
  schedule: '* * * * *',
  payload: z.object({
    graceMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .default(30),
  }),
  runForTenant: (ctx, { graceMinutes }) => advanceLiveClasses(ctx, graceMinutes),
});
