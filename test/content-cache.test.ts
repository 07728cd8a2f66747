import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDiscoverCache, type DiscoverCache, type VersionStore } from '../domain/content/discover-cache.ts';

/** The discover cache's rules without a server: TTL, local invalidation, shared versions, a store that is down. */
function memoryStore(): VersionStore & { down: boolean; lose: boolean; reads: number } {
  const values = new Map<string, number>();
  const listeners = new Set<(m: string) => void>();
  return {
    down: false,
    /** Messages are lost (a subscriber reconnecting): only the poll of the counters tells. */
    lose: false,
    reads: 0,
    async mget(...keys) {
      this.reads++;
      if (this.down) throw new Error('connection refused');
      return keys.map((k) => (values.has(k) ? String(values.get(k)) : null));
    },
    async publish(message) {
      if (this.down) throw new Error('connection refused');
      if (!this.lose) for (const l of listeners) l(message);
    },
    subscribe(onMessage) {
      listeners.add(onMessage);
      return () => listeners.delete(onMessage);
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('discover cache', () => {
  const made: Array<DiscoverCache<number>> = [];
  /** A cache on `store` polling every 20 ms (250 ms in a node), closed after the test. */
  const cacheOn = (store: VersionStore | null, ttlMs = 60_000) => {
    const c = createDiscoverCache<number>({ ttlMs, store, pollMs: 20 });
    made.push(c);
    return c;
  };
  afterEach(() => made.splice(0).forEach((c) => c.close()));

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
    const a = cacheOn(store);
    const b = cacheOn(store);
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
    const cache = cacheOn(store);
    const c = counter();
    await cache.get(1, c.load);
    store.down = true;
    await sleep(1100); // a second without a successful poll: the cache is no longer trusted
    expect(await cache.get(1, c.load)).toBe(2);
    expect(await cache.get(1, c.load)).toBe(3);
    await expect(cache.invalidate(1)).resolves.toBeUndefined();
    store.down = false;
    expect(await cache.get(1, c.load)).toBe(4);
    expect(await cache.get(1, c.load)).toBe(4);
  });

  it('serves a held tenant from memory, with no read of the store per request, while the poll is recent', async () => {
    const store = memoryStore();
    const cache = cacheOn(store);
    const c = counter();
    await cache.get(1, c.load);
    await sleep(30); // a poll has answered
    const reads = store.reads;
    for (let i = 0; i < 50; i++) expect(await cache.get(1, c.load)).toBe(1);
    expect(store.reads - reads).toBeLessThanOrEqual(2); // the poll's own reads only, not 50
  });

  it('a change on one node whose message is lost is seen by the other within the poll', async () => {
    const store = memoryStore();
    const a = cacheOn(store);
    const b = cacheOn(store);
    const c = counter();
    await b.get(7, c.load);
    await sleep(30);
    store.lose = true;
    await a.invalidate(7);
    const changed = Date.now();
    await vi.waitFor(async () => expect(await b.get(7, c.load)).toBe(2), { timeout: 1000, interval: 5 });
    expect(Date.now() - changed).toBeLessThan(500); // 20 ms polls here; 250 ms in a node
    await a.invalidateAll();
    await vi.waitFor(async () => expect(await b.get(7, c.load)).toBe(3), { timeout: 1000, interval: 5 });
  });
});
