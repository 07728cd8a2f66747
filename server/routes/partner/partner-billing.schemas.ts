import { z } from 'zod';
import { billingMonth } from '../../../jobs/billing.job.ts';
import { pageSchema } from '../../../domain/shared/pagination.ts';

export const monthParams = z.object({ month: billingMonth });
export const revisionQuery = z.object({ revision: z.coerce.number().int().min(1).max(10_000).optional() });

const reportSummary = z.object({
  month: z.string(),
  revision: z.number(),
  issuedAt: z.string(),
  timeZone: z.string(),
  basis: z.string(),
  priceMinor: z.number(),
  currency: z.string(),
  members: z.number(),
  billableUnits: z.number(),
  totalMinor: z.number(),
  watchMinutes: z.number(),
  revisions: z.number().optional(),
});
export const reportListSchema = pageSchema(reportSummary);
export const reportDetailSchema = reportSummary.extend({
  lines: z.array(
    z.object({
      memberId: z.number(),
      name: z.string().nullable(),
      email: z.string(),
      joinedAt: z.string(),
      voucherCode: z.string(),
      active: z.boolean(),
      billable: z.boolean(),
      watchMinutes: z.number(),
      liveMinutes: z.number(),
      voiceMinutes: z.number(),
      amountMinor: z.number(),
    }),
  ),
});
