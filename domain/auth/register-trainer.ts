import type { EntityManager } from '@mikro-orm/postgresql';
import type { Ctx } from '../shared/context.ts';
import type { IUser } from '../identity/user.entity.ts';
import { Trainer } from '../identity/trainer.entity.ts';
import { createUserAccount } from '../identity/create-user-account.ts';
import { consumeTrainerInvite, linkTrainerAccount } from '../identity/trainer-invite-redemption.ts';
import { hashPassword } from './passwords.ts';
import { startUserSession, type Session } from './auth-sessions.ts';
import type { TokenSettings } from './tokens.ts';

export interface TrainerRegistration {
  inviteCode: string;
  email: string;
  password: string;
  name?: string | undefined;
}

/**
 * A trainer created by an operator (with an invite) becomes a user with the trainer role: the invite is
 * used up, the account created and the profile linked to it in one transaction, so a failed step (a
 * taken e-mail, say) leaves the invite usable.
 */
export async function registerTrainer(
  ctx: Ctx,
  input: TrainerRegistration,
  tokens: TokenSettings,
): Promise<{ user: IUser; session: Session }> {
  const passwordHash = await hashPassword(input.password);
  return ctx.em.transactional(async (em) => {
    const tx: Ctx = { ...ctx, em: em as EntityManager };
    const { trainerId } = await consumeTrainerInvite(tx, input.inviteCode);
    const profile = await tx.em.findOne(Trainer, { id: trainerId }, { fields: ['name'] });
    const name = input.name ?? profile?.name ?? null;
    const user = await createUserAccount(tx, { email: input.email, passwordHash, name, role: 'trainer' });
    await linkTrainerAccount(tx, trainerId, user.id);
    const session = await startUserSession(tx.em, tokens, user);
    return { user, session };
  });
}
