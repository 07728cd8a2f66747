import type { EntityManager } from '@mikro-orm/postgresql';
import type { Ctx, Tenant } from './context.ts';

/**
 * A fork of the entity manager bound to one tenant. Every tenant-owned entity carries the `tenant`
 * filter, which throws when no tenant id has been set, so forgetting this is loud, not a leak.
 */
export function tenantScope(root: EntityManager, tenantId: number): EntityManager {
  const em = root.fork({ clear: true, useContext: false });
  em.setFilterParams('tenant', { clientId: tenantId });
  return em;
}

/**
 * Unscoped access, named so it can be found and reviewed: resolving a tenant from a credential,
 * platform-wide uniqueness (voucher codes, staff e-mail), admin work and job fan-out.
 */
export function withoutTenantScope<T>(
  reason: string,
  root: EntityManager,
  fn: (em: EntityManager) => Promise<T>,
): Promise<T> {
  void reason; // the reason is for readers and reviewers; grep for withoutTenantScope to audit them
  const em = root.fork({ clear: true, useContext: false });
  em.setFilterParams('tenant', { unscoped: true });
  return fn(em);
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
