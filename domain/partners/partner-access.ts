import type { Ctx } from '../shared/context.ts';
import { AppError, forbidden } from '../shared/errors.ts';
import { PartnerStaff, type PartnerRole } from '../identity/partner.entity.ts';

/** Who is calling a partner route: every partner query is scoped by this `partnerId`, never by input. */
export interface PartnerCaller {
  staffId: number;
  partnerId: number;
  role: PartnerRole;
}

/**
 * The calling staff member as the database has them now, so a deactivation or a role change applies to
 * the very next request (not only at the next token refresh). `write` routes need the `owner` role;
 * a `viewer` reads only. One indexed read per request.
 */
export async function partnerCaller(ctx: Ctx, need: 'read' | 'write' = 'read'): Promise<PartnerCaller> {
  if (ctx.actor.kind !== 'partner_staff')
    throw new AppError('unauthenticated', 'INVALID_TOKEN', 'A partner token is required');
  const staff = await ctx.em.findOne(
    PartnerStaff,
    { id: ctx.actor.staffId, partnerId: ctx.actor.partnerId, deactivatedAt: null },
    { fields: ['id', 'partnerId', 'role'] },
  );
  if (!staff) throw new AppError('unauthenticated', 'INVALID_TOKEN', 'The account of this token is no longer active');
  if (need === 'write' && staff.role !== 'owner')
    throw forbidden('Viewers can read the partner portal but not change it', 'OWNER_ROLE_REQUIRED');
  return { staffId: staff.id, partnerId: staff.partnerId, role: staff.role };
}
