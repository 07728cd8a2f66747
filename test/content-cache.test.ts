import { describe, expect, it } from 'vitest';
import { createDiscoverCache, type VersionStore } from '../domain/content/discover-cache.ts';

/** The discover cache's rules without a server: TTL, local invalidation, shared versions, a store that is down. */
function memoryStore(): VersionStore & { down: boolean } {
  const values = new Map<string, number>();
  return {
    down: false,
    async mget(...keys) {
      if (this.down) throw new Error('connection refused');
      return keys.map((k) => (values.has(k) ? String(values.get(k)) : null));
    },
    async incr(key) {
      if (this.down) throw new Error('connection refused');
      const next = (values.get(key) ?? 0) + 1;
      values.set(key, next);
      return next;
    },
  };
}

function counter() {
  let n = 0;
  return {
    load: async () => ++n,
    get count() {
      return n;
    },
  };
}

describe('discover cache', () => {
  it('serves an entry until its TTL passes, per tenant', async () => {
    let now = 0;
    const cache = createDiscoverCache<number>({ ttlMs: 1000, store: null, now: () => now });
    const c = counter();
    expect(await cache.get(1, c.load)).toBe(1);
    expect(await cache.get(1, c.load)).toBe(1);
    expect(await cache.get(2, c.load)).toBe(2);
    now = 1001;
    expect(await cache.get(1, c.load)).toBe(3);
  });

  it('drops a tenant on invalidate and every tenant on invalidateAll', async () => {
    const cache = createDiscoverCache<number>({ ttlMs: 60_000, store: null });
    const c = counter();
    await cache.get(1, c.load);
    await cache.get(2, c.load);
    await cache.invalidate(1);
    expect(await cache.get(1, c.load)).toBe(3);
    expect(await cache.get(2, c.load)).toBe(2);
    await cache.invalidateAll();
    expect(await cache.get(2, c.load)).toBe(4);
  });

  it("two nodes sharing a version store see each other's invalidations at once", async () => {
    const store = memoryStore();
    const a = createDiscoverCache<number>({ ttlMs: 60_000, store });
    const b = createDiscoverCache<number>({ ttlMs: 60_000, store });
    const c = counter();
    await a.get(7, c.load);
    expect(await b.get(7, c.load)).toBe(2);
    expect(await b.get(7, c.load)).toBe(2);
    await a.invalidate(7);
    expect(await b.get(7, c.load)).toBe(3);
    await a.invalidateAll();
    expect(await b.get(7, c.load)).toBe(4);
  });

  it('loads fresh (and caches nothing) while the store is down, instead of failing or serving stale data', async () => {
    const store = memoryStore();
    const cache = createDiscoverCache<number>({ ttlMs: 60_000, store });
    const c = counter();
    await cache.get(1, c.load);
    store.down = true;
    expect(await cache.get(1, c.load)).toBe(2);
    expect(await cache.get(1, c.load)).toBe(3);
    await expect(cache.invalidate(1)).resolves.toBeUndefined();
    store.down = false;
    expect(await cache.get(1, c.load)).toBe(4);
    expect(await cache.get(1, c.load)).toBe(4);
  });
});
