import { z } from 'zod';
import { defineJob } from './job.ts';
import { partnersWithPlans } from '../domain/partner-usage/billing-plans.ts';
import { issueMonthlyReport, previousMonth } from '../domain/partner-usage/billing-report.ts';

export const billingMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM');

/**
 * Monthly partner billing: on the 1st, the previous month's report for every partner with a plan. 12:30 UTC,
 * because by then the month has ended in every time zone (UTC+14 to UTC-12) a partner may count in. One node
 * per tick (the scheduler's lock and tick claim); each partner in its own savepoint, so one partner's failure
 * is recorded and the others are still billed. `--month` reruns a month: unchanged data issue nothing new.
 */
export const billingJob = defineJob({
  name: 'billing',
  schedule: '30 12 1 * *',
  payload: z.object({ month: billingMonth.optional() }),
  async runForTenant(ctx, payload) {
    const month = payload.month ?? previousMonth(ctx.clock());
    let issued = 0;
    let unchanged = 0;
    const failures: Array<{ partnerId: number; error: string }> = [];
    for (const partnerId of await partnersWithPlans(ctx)) {
      await ctx.em.execute('savepoint billing_partner');
      try {
        const outcome = await issueMonthlyReport(ctx, partnerId, month);
        await ctx.em.execute('release savepoint billing_partner');
        if (outcome.status === 'issued') issued++;
        else if (outcome.status === 'unchanged') unchanged++;
      } catch (err) {
        await ctx.em.execute('rollback to savepoint billing_partner');
        failures.push({ partnerId, error: (err as Error).message ?? String(err) });
      }
    }
    return { issued, unchanged, failed: failures.length, ...(failures.length ? { failures } : {}) };
  },
});
