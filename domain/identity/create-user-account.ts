import type { EntityManager } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Ctx } from '../shared/context.ts';
import { AppError } from '../shared/errors.ts';
import { Trainer } from './trainer.entity.ts';
import { User, type IUser, type UserProfile, type UserRole, type UserSettings } from './user.entity.ts';

export interface NewAccount {
  email: string;
  passwordHash: string;
  name: string | null;
  role: UserRole;
  profile?: UserProfile;
  settings?: UserSettings;
  coachId?: number | null;
}

/**
 * Inserts a user of `ctx.tenant` (inside the caller's transaction). Uniqueness of the e-mail per client
 * is the database's job: the unique violation becomes USER_EXISTS, so two concurrent registrations of
 * one address cannot both pass a check and both insert.
 */
export async function createUserAccount(ctx: Ctx, input: NewAccount): Promise<IUser> {
  const user = ctx.em.create(User, {
    clientId: ctx.tenant.id,
    email: input.email,
    passwordHash: input.passwordHash,
    name: input.name,
    role: input.role,
    profile: input.profile ?? {},
    settings: input.settings ?? {},
    coachId: input.coachId ?? null,
  });
  try {
    await ctx.em.flush();
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException && /users_client_id_email/.test(err.message)) {
      throw new AppError('conflict', 'USER_EXISTS', 'An account with this e-mail already exists');
    }
    throw err;
  }
  return user;
}

/** A coach chosen at registration must be an active trainer of this client (the filter scopes the lookup). */
export async function assertActiveCoach(em: EntityManager, coachId: number): Promise<void> {
  const coach = await em.findOne(Trainer, { id: coachId, isActive: true }, { fields: ['id'] });
  if (!coach)
    throw new AppError('validation', 'INVALID_COACH', 'coachId is not an active trainer of this client', [
      { field: 'coachId', message: 'unknown coach' },
    ]);
}
