import { z } from 'zod';
import { defineJob } from './job.ts';
import { issueMonthlyReports, previousMonth } from '../domain/partner-usage/billing-report.ts';

export const billingMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM');

/**
 * Monthly partner billing: on the 1st, the previous month's report for every partner with a plan. 12:30 UTC,
 * because by then the month has ended in every time zone (UTC+14 to UTC-12) a partner may count in. One node
 * per tick (the scheduler's lock and tick claim); each partner in its own savepoint (domain/partner-usage/
 * billing-report.ts), so one partner's failure is recorded and the others are still billed. `--month` reruns a
 * month: unchanged data issue nothing new.
 */
export const billingJob = defineJob({
  name: 'billing',
  schedule: '30 12 1 * *',
  payload: z.object({ month: billingMonth.optional() }),
  runForTenant: (ctx, payload) => issueMonthlyReports(ctx, payload.month ?? previousMonth(ctx.clock())),
});
