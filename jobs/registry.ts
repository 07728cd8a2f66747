import type { JobDefinition } from './job.ts';
import { expireVouchersJob } from './expire-vouchers.job.ts';
import { staleSessionsJob } from './stale-sessions.job.ts';
import { liveClassesJob } from './live-classes.job.ts';
import { purgeOnboardingJob } from './purge-onboarding.job.ts';
import { purgeIdempotencyJob } from './purge-idempotency.job.ts';
import { usageLiveAttendanceJob } from './usage-live-attendance.job.ts';
import { billingJob } from './billing.job.ts';
import { usageWatchJob } from './usage-watch.job.ts';

/** Every scheduled job. A new job is one file and one line here. */
export const allJobs: JobDefinition<any>[] = [
  expireVouchersJob,
  staleSessionsJob,
  purgeOnboardingJob,
  liveClassesJob,
  purgeIdempotencyJob,
  usageLiveAttendanceJob,
  usageWatchJob,
  billingJob,
];

export function findJob(name: string): JobDefinition<any> | undefined {
  return allJobs.find((j) => j.name === name);
}
