import { z } from 'zod';
import { defineJob } from './job.ts';
import { purgeExpiredOnboarding } from '../domain/personalisation/onboarding-sessions.ts';

/** Deletes onboarding sessions 24 h after their last write (the tick's time decides, so replays agree). */
export const purgeOnboardingJob = defineJob({
  name: 'purge-onboarding',
  schedule: '*/15 * * * *',
  payload: z.object({}),
  async runForTenant(ctx) {
    return { purged: await purgeExpiredOnboarding(ctx) };
  },
});
