import type { Ctx } from '../shared/context.ts';
import { requireUser } from '../shared/context.ts';
import { AppError } from '../shared/errors.ts';
import { loadCurrentUser } from '../auth/current-account.ts';
import type { IUser, UserProfile, UserSettings } from '../identity/user.entity.ts';
import type { ITrainer } from '../identity/trainer.entity.ts';

export interface MeChanges {
  name?: string | null | undefined;
  profile?: UserProfile | undefined;
  settings?: UserSettings | undefined;
}

export function presentUser(user: IUser, coach: ITrainer | null) {
  return {
    id: user.id,
    email: user.email,
    name: user.name ?? null,
    role: user.role,
    profile: user.profile,
    settings: user.settings,
    coach: coach ? { id: coach.id, name: coach.name } : null,
    createdAt: user.createdAt.toISOString(),
  };
}
export type PresentedUser = ReturnType<typeof presentUser>;

export async function getMe(ctx: Ctx): Promise<PresentedUser> {
  const { user, coach } = await loadCurrentUser(ctx);
  return presentUser(user, coach);
}

/**
 * A partial update: the given profile and settings keys are merged over the stored ones, keys not sent
 * are kept. A key sent as null is removed (how an app clears, say, an injury list).
 */
export async function updateMe(ctx: Ctx, changes: MeChanges): Promise<PresentedUser> {
  const { user, coach } = await loadCurrentUser(ctx);
  if (changes.name !== undefined) user.name = changes.name;
  if (changes.profile) user.profile = merge(user.profile, changes.profile);
  if (changes.settings) user.settings = merge(user.settings, changes.settings);
  await ctx.em.flush();
  return presentUser(user, coach);
}

function merge<T extends Record<string, unknown>>(stored: T, changes: Record<string, unknown>): T {
  const next: Record<string, unknown> = { ...stored };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete next[key];
    else if (value !== undefined) next[key] = value;
  }
  return next as T;
}

/**
 * Erases the account. Every user-owned table cascades from `users` (a rule of the migrations), so one
 * delete removes all of it atomically; the caller runs this in a transaction so nothing is half-erased.
 * Rows that only mention the user (a redeemed voucher) keep their own history with the user set null.
 */
export async function eraseMe(ctx: Ctx): Promise<{ erased: true }> {
  const { userId } = requireUser(ctx);
  const rows: Array<{ id: number }> = await ctx.em.execute(
    `delete from users where client_id = ? and id = ? returning id`,
    [ctx.tenant.id, userId],
  );
  if (!rows[0]) throw new AppError('unauthenticated', 'INVALID_TOKEN', 'The account of this token no longer exists');
  return { erased: true };
}
