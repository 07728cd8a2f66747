import type { Ctx } from '../shared/context.ts';
import { notFound } from '../shared/errors.ts';

export const BILLING_BASES = ['active_member', 'redeemed_voucher'] as const;
export type BillingBasis = (typeof BILLING_BASES)[number];

export interface BillingPlanInput {
  basis: BillingBasis;
  /** Price per unit in the currency's minor unit (cents). */
  priceMinor: number;
  currency: string;
  /** The partner's reporting time zone (IANA); omitted = unchanged. */
  timeZone?: string | undefined;
}

interface PlanRow {
  partner_id: number;
  basis: BillingBasis;
  price_minor: number;
  currency: string;
  time_zone: string | null;
  updated_at: Date | string;
}

const present = (r: PlanRow) => ({
  partnerId: Number(r.partner_id),
  basis: r.basis,
  priceMinor: Number(r.price_minor),
  currency: r.currency,
  timeZone: r.time_zone,
  updatedAt: new Date(r.updated_at).toISOString(),
});

/** Sets (or replaces) a partner's plan in one upsert; takes effect from the next report. 404 for a partner not of this client. */
export async function setBillingPlan(ctx: Ctx, partnerId: number, input: BillingPlanInput) {
  const [partner]: Array<{ id: number }> = await ctx.em.execute(
    `update partners set time_zone = coalesce(?, time_zone) where client_id = ? and id = ? returning id`,
    [input.timeZone ?? null, ctx.tenant.id, partnerId],
  );
  if (!partner) throw notFound('Partner');
  await ctx.em.execute(
    `insert into partner_billing_plans (client_id, partner_id, basis, price_minor, currency) values (?, ?, ?, ?, ?)
     on conflict (client_id, partner_id) do update set basis = excluded.basis, price_minor = excluded.price_minor, currency = excluded.currency, updated_at = now()`,
    [ctx.tenant.id, partnerId, input.basis, input.priceMinor, input.currency],
  );
  return getBillingPlan(ctx, partnerId);
}

export async function getBillingPlan(ctx: Ctx, partnerId: number) {
  const [row]: PlanRow[] = await ctx.em.execute(
    `select pl.partner_id, pl.basis, pl.price_minor, pl.currency, p.time_zone, pl.updated_at
     from partner_billing_plans pl join partners p on p.client_id = pl.client_id and p.id = pl.partner_id
     where pl.client_id = ? and pl.partner_id = ?`,
    [ctx.tenant.id, partnerId],
  );
  if (!row) throw notFound('Billing plan');
  return present(row);
}

/** The partners of this client that have a plan, in id order (what the monthly job bills). */
export async function partnersWithPlans(ctx: Ctx): Promise<number[]> {
  const rows: Array<{ partner_id: number }> = await ctx.em.execute(
    `select partner_id from partner_billing_plans where client_id = ? order by partner_id`,
    [ctx.tenant.id],
  );
  return rows.map((r) => Number(r.partner_id));
}
