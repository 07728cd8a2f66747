import type { Ctx } from '../shared/context.ts';
import { setBillingPlan } from '../partner-usage/billing-plans.ts';
import { issueMonthlyReport, previousMonth } from '../partner-usage/billing-report.ts';

/**
 * The demo partner's plan (per active member, 4.50 EUR a month) and last month's report, so the portal's
 * billing page is not empty on a fresh `npm start`. The demo members' watching last month is written to the
 * usage record first (a few classes each, on weekdays), then the report is issued like the job would.
 */
export async function seedDemoBilling(ctx: Ctx, partnerId: number): Promise<void> {
  await setBillingPlan(ctx, partnerId, {
    basis: 'active_member',
    priceMinor: 450,
    currency: 'EUR',
    timeZone: 'Europe/Berlin',
  });
  const month = previousMonth(ctx.clock());
  // The demo's members are seeded as having joined before last month, so last month bills them.
  await ctx.em.execute(
    `update vouchers set redeemed_at = (?::date - interval '20 days')::timestamptz
     where client_id = ? and partner_id = ? and status = 'redeemed' and redeemed_at >= ?::date`,
    [`${month}-01`, ctx.tenant.id, partnerId, `${month}-01`],
  );
  await ctx.em.execute(
    `insert into usage_records (client_id, user_id, kind, subject_id, bucket, seconds)
     select v.client_id, v.redeemed_by_user_id, 'watch', c.id,
       date_bin('15 minutes', (?::date + (d || ' days')::interval + interval '18 hours')::timestamptz, timestamptz '2000-01-01 00:00:00+00'),
       least(c.duration_seconds, 900 + 300 * ((v.id + d) % 6))
     from vouchers v
     cross join generate_series(0, 27, 3) d
     join lateral (select id, duration_seconds from classes where client_id = v.client_id and kind = 'on_demand' order by id offset (v.id + d) % 5 limit 1) c on true
     where v.client_id = ? and v.partner_id = ? and v.status = 'redeemed' and v.redeemed_by_user_id is not null and (v.id + d) % 4 <> 0
     on conflict do nothing`,
    [`${month}-01`, ctx.tenant.id, partnerId],
  );
  await issueMonthlyReport(ctx, partnerId, month);
}
