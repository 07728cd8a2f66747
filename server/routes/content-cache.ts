import type { Services } from '../services.ts';
import { createDiscoverCache, type DiscoverCache } from '../../domain/content/discover-cache.ts';
import type { TenantSections } from '../../domain/content/discover.ts';

/** How long a node serves the tenant-wide discover sections before reloading them (also bounds live status lag). */
export const DISCOVER_TTL_MS = 30_000;

const caches = new WeakMap<Services, DiscoverCache<TenantSections>>();

/** One discover cache per running node; with Redis its entries are checked against shared content versions. */
export function discoverCacheOf(services: Services): DiscoverCache<TenantSections> {
  let cache = caches.get(services);
  if (!cache) {
    cache = createDiscoverCache<TenantSections>({ ttlMs: DISCOVER_TTL_MS, store: services.redis });
    caches.set(services, cache);
  }
  return cache;
}

/** Call after a tenant's content changes have committed (admin edits, imports, live status changes). */
export function contentChanged(services: Services, tenantId: number): Promise<void> {
  return discoverCacheOf(services).invalidate(tenantId);
}
