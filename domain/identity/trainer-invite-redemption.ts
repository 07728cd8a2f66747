import type { EntityManager } from '@mikro-orm/postgresql';
import type { Ctx } from '../shared/context.ts';
import { AppError } from '../shared/errors.ts';
import { Client, type IClient } from '../tenancy/client.entity.ts';
import { Trainer, TrainerInvite, type ITrainer } from './trainer.entity.ts';

const invalidInvite = () => new AppError('validation', 'INVALID_INVITE', 'This invite code is not valid');

/**
 * Uses up an invite of `ctx.tenant` in one atomic statement (never check-then-write): of concurrent
 * registrations with one code exactly one gets the row. Runs in the caller's transaction.
 */
export async function consumeTrainerInvite(ctx: Ctx, code: string): Promise<{ trainerId: number }> {
  const rows: Array<{ trainer_id: number }> = await ctx.em.execute(
    `update trainer_invites set status = 'used', used_at = now()
     where code = ? and client_id = ? and status = 'active' and (expires_at is null or expires_at > now())
     returning trainer_id`,
    [code, ctx.tenant.id],
  );
  if (rows[0]) return { trainerId: Number(rows[0].trainer_id) };
  const seen: Array<{ status: string }> = await ctx.em.execute(
    `select status from trainer_invites where code = ? and client_id = ?`,
    [code, ctx.tenant.id],
  );
  if (seen[0]?.status === 'used')
    throw new AppError('conflict', 'INVALID_INVITE', 'This invite code has already been used');
  throw invalidInvite();
}

/** Binds the trainer profile to its new account; a profile that already has one cannot be taken over. */
export async function linkTrainerAccount(ctx: Ctx, trainerId: number, userId: number): Promise<void> {
  const rows: unknown[] = await ctx.em.execute(
    `update trainers set user_id = ?, updated_at = now() where id = ? and client_id = ? and user_id is null and is_active returning id`,
    [userId, trainerId, ctx.tenant.id],
  );
  if (rows.length === 0) throw new AppError('conflict', 'INVALID_INVITE', 'This trainer already has an account');
}

export interface InviteCheck {
  valid: boolean;
  trainer: ITrainer | null;
  client: IClient | null;
}

/**
 * Checks a code without using it. Called without any credentials, so `unscoped` reaches every tenant
 * (invite codes are unique platform-wide) and an unusable code reveals nothing about its client.
 */
export async function checkTrainerInvite(
  unscoped: EntityManager,
  platform: EntityManager,
  code: string,
  now = new Date(),
): Promise<InviteCheck> {
  const none: InviteCheck = { valid: false, trainer: null, client: null };
  const invite = await unscoped.findOne(TrainerInvite, { code, status: 'active' });
  if (!invite || (invite.expiresAt && invite.expiresAt <= now)) return none;
  const trainer = await unscoped.findOne(Trainer, {
    id: invite.trainerId,
    clientId: invite.clientId,
    isActive: true,
    userId: null,
  });
  if (!trainer) return none;
  const client = await platform.findOne(Client, { id: invite.clientId });
  return { valid: client !== null, trainer, client };
}
