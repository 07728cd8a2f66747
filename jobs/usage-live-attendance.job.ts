import { z } from 'zod';
import { defineJob } from './job.ts';
import { recordLiveAttendance } from '../domain/partner-usage/usage-record.ts';

/** Copies live-class attendance into the usage record every ten minutes (idempotent: rows are set, not added to). */
export const usageLiveAttendanceJob = defineJob({
  name: 'usage-live-attendance',
  schedule: '*/10 * * * *',
  payload: z.object({}),
  async runForTenant(ctx) {
    return { recorded: await recordLiveAttendance(ctx) };
  },
});
