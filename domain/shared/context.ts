import type { EntityManager } from '@mikro-orm/postgresql';
import type { Feature } from '../tenancy/client.entity.ts';
import { AppError } from './errors.ts';
import type { DomainEvent } from './events.ts';

/** The tenant a request, socket or job acts within; resolved from an API key, a token or a job fan-out. */
export interface Tenant {
  id: number;
  slug: string;
  name: string;
  enabledFeatures: readonly Feature[];
}

export type Actor =
  | { kind: 'anonymous' }
  | { kind: 'user'; userId: number; role: 'user' | 'trainer' }
  | { kind: 'partner_staff'; staffId: number; partnerId: number }
  | { kind: 'admin'; adminId: number | null }
  | { kind: 'system'; job: string };

/**
 * What every domain function receives first. `em` is a fork whose tenant filter is bound to
 * `tenant.id`; `events` collects what to publish once the surrounding transaction has committed.
 */
export interface Ctx {
  tenant: Tenant;
  actor: Actor;
  em: EntityManager;
  clock: () => Date;
  events: DomainEvent[];
}

export function requireUser(ctx: Ctx): Extract<Actor, { kind: 'user' }> {
  if (ctx.actor.kind !== 'user') throw new AppError('unauthenticated', 'UNAUTHORIZED', 'A user token is required');
  return ctx.actor;
}

export function requireFeature(ctx: Ctx, feature: Feature): void {
  if (!ctx.tenant.enabledFeatures.includes(feature)) {
    throw new AppError('forbidden', 'FEATURE_DISABLED', `The ${feature} feature is not enabled for this client`);
  }
}
