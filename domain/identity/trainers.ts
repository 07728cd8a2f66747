import type { Ctx } from '../shared/context.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { offsetOf, pageOf, type PageQuery } from '../shared/pagination.ts';
import { prefixedCode } from './codes.ts';
import { Trainer, TrainerInvite, type ITrainer, type ITrainerInvite } from './trainer.entity.ts';

export interface NewTrainer {
  name: string;
  email?: string | null;
  bio?: string;
  imageUrl?: string | null;
  specialisations?: string[];
}

/** A trainer profile made by an operator; the trainer later registers with an invite code. */
export async function createTrainer(ctx: Ctx, input: NewTrainer): Promise<ITrainer> {
  const trainer = ctx.em.create(Trainer, {
    clientId: ctx.tenant.id,
    userId: null,
    name: input.name,
    email: input.email?.toLowerCase() ?? null,
    bio: input.bio ?? '',
    imageUrl: input.imageUrl ?? null,
    specialisations: input.specialisations ?? [],
    isActive: true,
  });
  await ctx.em.flush();
  return trainer;
}

export async function listTrainers(ctx: Ctx, q: PageQuery) {
  const [items, total] = await ctx.em.findAndCount(Trainer, {}, { orderBy: { id: 'asc' }, ...offsetOf(q) });
  return pageOf(items.map(presentTrainer), total, q);
}

export async function getTrainer(ctx: Ctx, trainerId: number): Promise<ITrainer> {
  const trainer = await ctx.em.findOne(Trainer, { id: trainerId });
  if (!trainer) throw notFound('Trainer');
  return trainer;
}

/**
 * An invite code for a trainer profile, unique platform-wide (the code alone finds the trainer at
 * `/trainer-auth/register`). Inserted with `on conflict do nothing` and redrawn on the rare clash.
 */
export async function issueTrainerInvite(
  ctx: Ctx,
  trainerId: number,
  input: { expiresAt: Date | null },
): Promise<ITrainerInvite> {
  const trainer = await getTrainer(ctx, trainerId);
  if (trainer.userId !== null)
    throw new AppError('conflict', 'TRAINER_REGISTERED', 'This trainer has already registered');
  for (let round = 0; round < 5; round++) {
    const rows: Array<{ id: number }> = await ctx.em.execute(
      `insert into trainer_invites (client_id, trainer_id, code, expires_at) values (?, ?, ?, ?::timestamptz)
       on conflict (code) do nothing returning id`,
      [ctx.tenant.id, trainer.id, prefixedCode('TR', 3), input.expiresAt],
    );
    if (rows[0]) return ctx.em.findOneOrFail(TrainerInvite, { id: Number(rows[0].id) });
  }
  throw new AppError('unavailable', 'CODE_SPACE_EXHAUSTED', 'Could not draw a unique invite code');
}

export function presentTrainer(t: ITrainer) {
  return {
    id: t.id,
    name: t.name,
    email: t.email,
    bio: t.bio,
    imageUrl: t.imageUrl,
    specialisations: [...t.specialisations],
    isActive: t.isActive,
    registered: t.userId !== null,
    createdAt: t.createdAt.toISOString(),
  };
}

export function presentInvite(i: ITrainerInvite) {
  return {
    id: i.id,
    trainerId: i.trainerId,
    code: i.code,
    status: i.status,
    expiresAt: i.expiresAt?.toISOString() ?? null,
  };
}
