/** Where the cross-node part of the cache lives: a counter per tenant (and one for platform-wide changes). */
export interface VersionStore {
  mget(...keys: string[]): Promise<Array<string | null>>;
  incr(key: string): Promise<number>;
}

export interface DiscoverCache<T> {
  get(tenantId: number, load: () => Promise<T>): Promise<T>;
  /** After a tenant's content changed (and committed). */
  invalidate(tenantId: number): Promise<void>;
  /** After a platform-wide change (a category renamed or deleted) that any tenant may show. */
  invalidateAll(): Promise<void>;
}

const GLOBAL = 'stvos:content-version:all';
const keyOf = (tenantId: number) => `stvos:content-version:${tenantId}`;

/**
 * The tenant-wide discover sections, kept in process for `ttlMs`. With a version store (Redis), every read
 * first fetches the tenant's content version (one round trip, much cheaper than the five queries it saves)
 * and an entry built under an older version is reloaded, so an admin change on one node is seen by every node
 * on its next request. Without one, invalidation is local and other nodes catch up within `ttlMs`. The
 * version is read before loading, so a change that lands during a load makes the next read reload again.
 */
export function createDiscoverCache<T>(opts: {
  ttlMs: number;
  store: VersionStore | null;
  now?: () => number;
}): DiscoverCache<T> {
  const entries = new Map<number, { expires: number; version: string; value: T }>();
  const now = opts.now ?? Date.now;
  let localVersion = 0;

  async function versionOf(tenantId: number): Promise<string | null> {
    if (!opts.store) return `local:${localVersion}`;
    try {
      const [all, one] = await opts.store.mget(GLOBAL, keyOf(tenantId));
      return `${all ?? 0}:${one ?? 0}`;
    } catch {
      return null; // the store is down: do not serve what may be stale, do not fail the request either
    }
  }

  function prune(t: number): void {
    if (entries.size < 1000) return;
    for (const [id, e] of entries) if (e.expires <= t) entries.delete(id);
  }

  return {
    async get(tenantId, load) {
      const version = await versionOf(tenantId);
      const hit = entries.get(tenantId);
      const t = now();
      if (hit && version !== null && hit.version === version && hit.expires > t) return hit.value;
      const value = await load();
      if (version !== null) {
        prune(t);
        entries.set(tenantId, { expires: t + opts.ttlMs, version, value });
      }
      return value;
    },
    async invalidate(tenantId) {
      entries.delete(tenantId);
      if (opts.store) await opts.store.incr(keyOf(tenantId)).catch(() => undefined);
    },
    async invalidateAll() {
      entries.clear();
      localVersion++;
      if (opts.store) await opts.store.incr(GLOBAL).catch(() => undefined);
    },
  };
}
