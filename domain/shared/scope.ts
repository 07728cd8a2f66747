import type { EntityManager } from '@mikro-orm/postgresql';
import type { Ctx, Tenant } from './context.ts';
import { bindEntityManager, tenantBinding, UNSCOPED } from '../../server/db/row-level-security.ts';

/**
 * A fork of the entity manager bound to one tenant, in the ORM and in the database alike: every tenant-owned entity
 * carries the `tenant` filter, which throws when no tenant id has been set, and every statement of the fork runs
 * with `app.client_id` bound (server/db/row-level-security.ts), so the row-level security policies show raw SQL only
 * this tenant's rows and refuse writes into another's.
 */
export function tenantScope(root: EntityManager, tenantId: number): EntityManager {
  const em = bindEntityManager(root.fork({ clear: true, useContext: false }), tenantBinding(tenantId));
  em.setFilterParams('tenant', { clientId: tenantId });
  return em;
}

/**
 * THE escape hatch from tenancy, named so every use can be found and reviewed (`grep -rn "unscoped("`): a fork that
 * sees every tenant's rows, through the ORM filter and the database policies alike. Only for work that has no tenant
 * yet or spans them: resolving a tenant from a credential, platform-wide uniqueness (voucher codes, staff e-mail),
 * platform admin, job fan-out, the mail outbox, seeding, benchmarks' and tests' fixtures.
 */
export function unscoped(root: EntityManager, reason: string): EntityManager {
  void reason; // for readers and reviewers
  const em = bindEntityManager(root.fork({ clear: true, useContext: false }), UNSCOPED);
  em.setFilterParams('tenant', { unscoped: true });
  return em;
}

/** `unscoped()` for a callback. */
export function withoutTenantScope<T>(
  reason: string,
  root: EntityManager,
  fn: (em: EntityManager) => Promise<T>,
): Promise<T> {
  return fn(unscoped(root, reason));
}

/** Runs `fn` in one transaction; the events it records are handed back only after a commit. */
export async function inTransaction<T>(
  ctx: Ctx,
  fn: (tx: Ctx) => Promise<T>,
): Promise<{ result: T; events: Ctx['events'] }> {
  const events: Ctx['events'] = [];
  const result = await ctx.em.transactional((em) => fn({ ...ctx, em: em as EntityManager, events }));
  return { result, events };
}

export function tenantOf(t: {
  id: number;
  slug: string;
  name: string;
  enabledFeatures: Tenant['enabledFeatures'];
}): Tenant {
  return { id: t.id, slug: t.slug, name: t.name, enabledFeatures: [...t.enabledFeatures] };
}
