import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const FEATURES = [
  'classes',
  'live_classes',
  'workout_builder',
  'nutrition',
  'coach_connect',
  'ai_coach',
] as const;
export type Feature = (typeof FEATURES)[number];

export interface Branding {
  name?: string;
  logoUrl?: string;
  primaryColor?: string;
  secondaryColor?: string;
  accentColor?: string;
}

export interface ClientSettings {
  /** Extra fields the app's registration form shows (the API always needs email and password). */
  registrationFields?: string[];
  /** Hours before a booking's start after which a cancellation counts as late. */
  cancellationWindowHours?: number;
  timezone?: string;
  [key: string]: unknown;
}

/** The tenant. Not tenant-scoped itself: it is what scoping points at. */
export const Client = defineEntity({
  name: 'Client',
  tableName: 'clients',
  properties: {
    id: p.integer().primary().autoincrement(),
    slug: p.string(),
    name: p.string(),
    branding: p.json<Branding>(),
    enabledFeatures: p.array<Feature>().fieldName('enabled_features'),
    requiresVoucher: p.boolean().fieldName('requires_voucher'),
    isDefault: p.boolean().fieldName('is_default'),
    settings: p.json<ClientSettings>(),
    /** Aggregate requests per minute across all the client's callers; null = RATE_LIMIT_CLIENT_PER_MINUTE. */
    rateLimitPerMinute: p.integer().fieldName('rate_limit_per_minute').nullable(),
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
export type IClient = InferEntity<typeof Client>;
