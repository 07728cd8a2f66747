import { startTrustedPoll, type TrustedPoll } from '../shared/trusted-poll.ts';

/** Where the cross-node part of the cache lives: a counter per tenant (and one for platform-wide changes). */
export interface VersionStore {
  mget(...keys: string[]): Promise<Array<string | null>>;
  incr(key: string): Promise<number>;
  /** Tells every node at once (Redis pub/sub); a lost message is caught by the poll. */
  publish(message: string): Promise<void>;
  /** Calls `onMessage` with each published message; returns the unsubscribe. */
  subscribe(onMessage: (message: string) => void): () => void;
}

export interface DiscoverCache<T> {
  get(tenantId: number, load: () => Promise<T>): Promise<T>;
  /** After a tenant's content changed (and committed). */
  invalidate(tenantId: number): Promise<void>;
  /** After a platform-wide change (a category renamed or deleted) that any tenant may show. */
  invalidateAll(): Promise<void>;
  close(): void;
}

const GLOBAL = 'stvos:content-version:all';
const keyOf = (tenantId: number) => `stvos:content-version:${tenantId}`;
/** How often a node reads the versions of the tenants it holds: the bound on a lost pub/sub message. */
export const CONTENT_POLL_MS = 250;
/** Without a successful read of the versions for this long (Redis down or slow), each request reads its own. */
const TRUST_MS = 1_000;
const ALL = 'all';

/**
 * The tenant-wide discover sections, kept in process for `ttlMs`. With a version store (Redis), each change
 * increments the tenant's counter (or the platform-wide one) and is published: every node drops the tenant at once
 * on the message, and reads the counters of the tenants it holds every 250 ms, so a lost message (a reconnect)
 * costs at most that (the scheme of server/auth-cache.ts). A request is served from memory while the last poll is
 * under a second old; otherwise (Redis down or slow, or the node just started) it reads its tenant's version
 * itself before serving, as every request did before (one round trip), and while the store is down it loads
 * fresh and caches nothing. The version is read before loading, and a message during a load keeps the entry from
 * being stored, so a change that lands during a load is not hidden. Without a store, invalidation is local and
 * other nodes catch up within `ttlMs`.
 */
export function createDiscoverCache<T>(opts: {
  ttlMs: number;
  store: VersionStore | null;
  now?: () => number;
  pollMs?: number;
}): DiscoverCache<T> {
  const entries = new Map<number, { expires: number; version: string; value: T }>();
  const now = opts.now ?? Date.now;
  const store = opts.store;
  let localVersion = 0;
  /** Bumped by every message: a load that straddles one is not stored. */
  let generation = 0;

  async function versionOf(tenantId: number): Promise<string | null> {
    if (!store) return `local:${localVersion}`;
    try {
      const [all, one] = await store.mget(GLOBAL, keyOf(tenantId));
      return `${all ?? 0}:${one ?? 0}`;
    } catch {
      return null; // the store is down: do not serve what may be stale, do not fail the request either
    }
  }

  function prune(t: number): void {
    if (entries.size < 1000) return;
    for (const [id, e] of entries) if (e.expires <= t) entries.delete(id);
  }

  let unsubscribe = () => {};
  let poll: TrustedPoll | null = null;
  /** On the first read, so a process that only invalidates (the CLI) neither subscribes nor polls. */
  function start(versions: VersionStore): TrustedPoll {
    unsubscribe = versions.subscribe((message) => {
      generation++;
      if (message === ALL) entries.clear();
      else entries.delete(Number(message));
    });
    // One MGET for the platform counter and every held tenant's: an entry built under another version is dropped.
    // A failed read is not trusted past TRUST_MS: requests read their own version meanwhile.
    return startTrustedPoll(
      async () => {
        const ids = [...entries.keys()];
        const [all, ...each] = await versions.mget(GLOBAL, ...ids.map(keyOf));
        ids.forEach((id, i) => {
          const e = entries.get(id);
          if (e && e.version !== `${all ?? 0}:${each[i] ?? 0}`) entries.delete(id);
        });
      },
      { everyMs: opts.pollMs ?? CONTENT_POLL_MS, trustMs: TRUST_MS, now },
    );
  }

  return {
    async get(tenantId, load) {
      if (store) poll ??= start(store);
      const t = now();
      const hit = entries.get(tenantId);
      if (hit && hit.expires > t && (poll?.trusted(t) ?? true)) return hit.value;
      const version = await versionOf(tenantId);
      if (hit && version !== null && hit.version === version && hit.expires > t) return hit.value;
      const gen = generation;
      const value = await load();
      if (version !== null && gen === generation) {
        prune(t);
        entries.set(tenantId, { expires: t + opts.ttlMs, version, value });
      }
      return value;
    },
    async invalidate(tenantId) {
      entries.delete(tenantId);
      generation++;
      if (store) await Promise.all([store.incr(keyOf(tenantId)), store.publish(String(tenantId))]).catch(() => {});
    },
    async invalidateAll() {
      entries.clear();
      generation++;
      localVersion++;
      if (store) await Promise.all([store.incr(GLOBAL), store.publish(ALL)]).catch(() => {});
    },
    close() {
      poll?.stop();
      unsubscribe();
    },
  };
}
