import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export type UserRole = 'user' | 'trainer';

export interface UserProfile {
  age?: number;
  gender?: string;
  height?: number;
  weight?: number;
  fitnessLevel?: string;
  fitnessGoal?: string;
  workoutsPerWeek?: number;
  timezone?: string;
  [key: string]: unknown;
}

export interface UserSettings {
  notifications?: boolean;
  [key: string]: unknown;
}

export const User = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: {
    id: p.integer().primary().autoincrement(),
    clientId: p.integer().fieldName('client_id'),
    email: p.string(),
    passwordHash: p.string().fieldName('password_hash').hidden(),
    name: p.string().nullable(),
    role: p.string().$type<UserRole>().default('user'),
    profile: p.json<UserProfile>(),
    settings: p.json<UserSettings>(),
    coachId: p.integer().fieldName('coach_id').nullable(),
    /** Set while a partner owner has suspended this member's access (sign-in and refresh refused; nothing deleted). */
    suspendedAt: p.datetime().fieldName('suspended_at').nullable(),
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
export type IUser = InferEntity<typeof User>;
