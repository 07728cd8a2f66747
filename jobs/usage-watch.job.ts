import { z } from 'zod';
import { defineJob } from './job.ts';
import { recordWatchUsage } from '../domain/partner-usage/usage-record.ts';

/** Every minute, watched seconds of the sessions move into the usage record (exact, idempotent; see recordWatchUsage). */
export const usageWatchJob = defineJob({
  name: 'usage-watch',
  schedule: '* * * * *',
  payload: z.object({}),
  async runForTenant(ctx) {
    return { recorded: await recordWatchUsage(ctx) };
  },
});
