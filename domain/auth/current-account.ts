import type { Ctx } from '../shared/context.ts';
import { AppError } from '../shared/errors.ts';
import { User, type IUser } from '../identity/user.entity.ts';
import { Trainer, type ITrainer } from '../identity/trainer.entity.ts';
import { Partner, PartnerStaff, type IPartner, type IPartnerStaff } from '../identity/partner.entity.ts';

const gone = () => new AppError('unauthenticated', 'INVALID_TOKEN', 'The account of this token no longer exists');

/** The signed-in user and their coach, read through the tenant filter of `ctx`. */
export async function loadCurrentUser(ctx: Ctx): Promise<{ user: IUser; coach: ITrainer | null }> {
  if (ctx.actor.kind !== 'user') throw gone();
  const user = await ctx.em.findOne(User, { id: ctx.actor.userId });
  if (!user) throw gone();
  const coach = user.coachId == null ? null : await ctx.em.findOne(Trainer, { id: user.coachId });
  return { user, coach };
}

export async function loadCurrentStaff(ctx: Ctx): Promise<{ staff: IPartnerStaff; partner: IPartner }> {
  if (ctx.actor.kind !== 'partner_staff') throw gone();
  const staff = await ctx.em.findOne(PartnerStaff, {
    id: ctx.actor.staffId,
    partnerId: ctx.actor.partnerId,
    deactivatedAt: null,
  });
  const partner = staff && (await ctx.em.findOne(Partner, { id: staff.partnerId }));
  if (!staff || !partner) throw gone();
  return { staff, partner };
}
