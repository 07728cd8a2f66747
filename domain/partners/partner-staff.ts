import type { Ctx } from '../shared/context.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { offsetOf, pageOf, type PageQuery } from '../shared/pagination.ts';
import { createPartnerStaff, type NewStaff } from '../identity/partners.ts';
import { PartnerStaff, type IPartnerStaff } from '../identity/partner.entity.ts';
import { revokeAllOfStaff } from '../auth/refresh-tokens.ts';
import { revokeAccountTokens, type RevokeDeps } from '../auth/revoke-access.ts';
import { partnerCaller } from './partner-access.ts';

/** An owner manages the staff of their own partner; another partner's staff member is simply not found. */

export async function listStaff(ctx: Ctx, q: PageQuery) {
  const { partnerId } = await partnerCaller(ctx, 'write');
  const [items, total] = await ctx.em.findAndCount(
    PartnerStaff,
    { partnerId },
    { orderBy: { id: 'asc' }, ...offsetOf(q) },
  );
  return pageOf(items.map(presentPartnerStaff), total, q);
}

/** A new staff account of the caller's partner (e-mail unique platform-wide: 409 STAFF_EXISTS). */
export async function addStaff(ctx: Ctx, input: NewStaff): Promise<IPartnerStaff> {
  const { partnerId } = await partnerCaller(ctx, 'write');
  return createPartnerStaff(ctx, partnerId, input);
}

/**
 * Deactivates a staff member of the caller's partner: the row stays (who issued what remains readable),
 * sign-in and refresh are refused from now on, and their refresh tokens are revoked in one transaction;
 * after the commit their access tokens are revoked on every node (domain/auth/revoke-access.ts), which also
 * closes their sockets. Partner routes would refuse them anyway at the next request (partner-access.ts reads
 * the row). Nobody deactivates themselves, so a partner keeps the owner who acts. Twice is harmless.
 */
export async function deactivateStaff(ctx: Ctx, deps: RevokeDeps, staffId: number): Promise<IPartnerStaff> {
  const staff = await ctx.em.transactional(async (em) => {
    const tx = { ...ctx, em: em as Ctx['em'] };
    const caller = await partnerCaller(tx, 'write');
    if (staffId === caller.staffId)
      throw new AppError('conflict', 'CANNOT_DEACTIVATE_SELF', 'You cannot deactivate your own account');
    await tx.em.nativeUpdate(
      PartnerStaff,
      { id: staffId, partnerId: caller.partnerId, deactivatedAt: null },
      { deactivatedAt: ctx.clock() },
    );
    const found = await tx.em.findOne(PartnerStaff, { id: staffId, partnerId: caller.partnerId }, { refresh: true });
    if (!found) throw notFound('Staff member');
    await revokeAllOfStaff(tx.em, ctx.tenant.id, found.id);
    return found;
  });
  await revokeAccountTokens(deps, `staff:${staff.id}`);
  return staff;
}

/** Lets a deactivated staff member of the caller's partner sign in again (their old tokens stay revoked). */
export async function reactivateStaff(ctx: Ctx, staffId: number): Promise<IPartnerStaff> {
  const { partnerId } = await partnerCaller(ctx, 'write');
  await ctx.em.nativeUpdate(PartnerStaff, { id: staffId, partnerId }, { deactivatedAt: null });
  const staff = await ctx.em.findOne(PartnerStaff, { id: staffId, partnerId }, { refresh: true });
  if (!staff) throw notFound('Staff member');
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
