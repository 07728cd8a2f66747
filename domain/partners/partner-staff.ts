import type { Ctx } from '../shared/context.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { offsetOf, pageOf, type PageQuery } from '../shared/pagination.ts';
import { createPartnerStaff, type NewStaff } from '../identity/partners.ts';
import { PartnerStaff, type IPartnerStaff } from '../identity/partner.entity.ts';
import { partnerCaller } from './partner-access.ts';

/** An owner manages the staff of their own partner; another partner's staff member is simply not found. */

export async function listStaff(ctx: Ctx, q: PageQuery) {
  const { partnerId } = await partnerCaller(ctx, 'write');
  const [items, total] = await ctx.em.findAndCount(PartnerStaff, { partnerId }, { orderBy: { id: 'asc' }, ...offsetOf(q) });
  return pageOf(items.map(presentPartnerStaff), total, q);
}

/** A new staff account of the caller's partner (e-mail unique platform-wide: 409 STAFF_EXISTS). */
export async function addStaff(ctx: Ctx, input: NewStaff): Promise<IPartnerStaff> {
  const { partnerId } = await partnerCaller(ctx, 'write');
  return createPartnerStaff(ctx, partnerId, input);
}

/**
 * Deactivates a staff member of the caller's partner: the row stays (who issued what remains readable),
 * sign-in and refresh are refused from now on, their refresh tokens are revoked in the same transaction,
 * and partner routes refuse their access tokens at the next request (partner-access.ts reads the row).
 * Nobody deactivates themselves, so a partner always keeps the owner who acts. Deactivating twice is harmless.
 */
export async function deactivateStaff(ctx: Ctx, staffId: number): Promise<IPartnerStaff> {
  const caller = await partnerCaller(ctx, 'write');
  if (staffId === caller.staffId) throw new AppError('conflict', 'CANNOT_DEACTIVATE_SELF', 'You cannot deactivate your own account');
  const now = ctx.clock();
  await ctx.em.nativeUpdate(PartnerStaff, { id: staffId, partnerId: caller.partnerId, deactivatedAt: null }, { deactivatedAt: now });
  const staff = await ctx.em.findOne(PartnerStaff, { id: staffId, partnerId: caller.partnerId }, { refresh: true });
  if (!staff) throw notFound('Staff member');
  await ctx.em.execute(
    `update refresh_tokens set revoked_at = ? where client_id = ? and partner_staff_id = ? and revoked_at is null`,
    [now, ctx.tenant.id, staff.id],
  );
  return staff;
}

export function presentPartnerStaff(s: IPartnerStaff) {
  return {
    id: s.id,
    email: s.email,
    name: s.name ?? null,
    role: s.role,
    active: s.deactivatedAt == null,
    deactivatedAt: s.deactivatedAt?.toISOString() ?? null,
    createdAt: s.createdAt.toISOString(),
  };
}
