import { z } from 'zod';
import { route } from '../../http/route.ts';
import { BILLING_BASES, getBillingPlan, setBillingPlan } from '../../../domain/partner-usage/billing-plans.ts';
import { isTimeZone } from '../../../domain/partner-usage/usage-partner.ts';
import { adminContext } from './admin-context.ts';
import { partnerParams } from './admin.schemas.ts';

export const billingPlanBody = z.strictObject({
  basis: z.enum(BILLING_BASES),
  priceMinor: z.number().int().min(0).max(100_000_000),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR'),
  timeZone: z.string().max(64).refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin').optional(),
});
const planSchema = z.object({
  partnerId: z.number(),
  basis: z.enum(BILLING_BASES),
  priceMinor: z.number(),
  currency: z.string(),
  timeZone: z.string().nullable(),
  updatedAt: z.string(),
});

/** A partner's billing plan (and reporting time zone), set by a platform admin; the monthly job bills by it. */
export const adminPartnerBillingRoutes = [
  route({
    method: 'put',
    path: '/admin/clients/:clientId/partners/:partnerId/billing-plan',
    tag: 'admin',
    auth: 'admin',
    summary:
      "Set a partner's plan: per active member per month or per redeemed voucher, price in minor units + currency",
    params: partnerParams,
    body: billingPlanBody,
    response: planSchema,
    handler: async ({ params, body }, call) => {
      const ctx = await adminContext(call, params.clientId);
      return call.transact(ctx, (tx) => setBillingPlan(tx, params.partnerId, body));
    },
  }),
  route({
    method: 'get',
    path: '/admin/clients/:clientId/partners/:partnerId/billing-plan',
    tag: 'admin',
    auth: 'admin',
    summary: "A partner's billing plan",
    params: partnerParams,
    response: planSchema,
    handler: async ({ params }, call) => getBillingPlan(await adminContext(call, params.clientId), params.partnerId),
  }),
];
