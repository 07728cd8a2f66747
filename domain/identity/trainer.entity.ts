import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A trainer's public profile. `userId` is set once the trainer has registered with an invite code. */
export const Trainer = defineEntity({
  name: 'Trainer',
  tableName: 'trainers',
  properties: {
    id: p.integer().primary().autoincrement(),
    clientId: p.integer().fieldName('client_id'),
    userId: p.integer().fieldName('user_id').nullable(),
    name: p.string(),
    email: p.string().nullable(),
    bio: p.text(),
    imageUrl: p.string().fieldName('image_url').nullable(),
    specialisations: p.array<string>(),
    isActive: p.boolean().fieldName('is_active'),
    createdAt: p
      .datetime()
      .fieldName('created_at')
      .onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .fieldName('updated_at')
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type ITrainer = InferEntity<typeof Trainer>;

export const TrainerInvite = defineEntity({
  name: 'TrainerInvite',
  tableName: 'trainer_invites',
  properties: {
    id: p.integer().primary().autoincrement(),
    clientId: p.integer().fieldName('client_id'),
    trainerId: p.integer().fieldName('trainer_id'),
    code: p.string(),
    status: p.string().$type<'active' | 'used' | 'revoked' | 'expired'>(),
    expiresAt: p.datetime().fieldName('expires_at').nullable(),
    usedAt: p.datetime().fieldName('used_at').nullable(),
    createdAt: p
      .datetime()
      .fieldName('created_at')
      .onCreate(() => new Date()),
  },
});
export type ITrainerInvite = InferEntity<typeof TrainerInvite>;
