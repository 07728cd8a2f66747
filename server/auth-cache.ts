import type { Redis } from 'ioredis';
import type { Logger } from './logger.ts';
import type { Services } from './services.ts';
import { startTrustedPoll, type TrustedPoll } from '../domain/shared/trusted-poll.ts';

/** How often a node reads the shared change counter: the bound on a lost pub/sub message. */
const POLL_MS = 250;
/** Without a successful read of the counter for this long (Redis down), nothing is served from the cache. */
const TRUST_MS = 1_000;
/** The last word when no node can tell us (no Redis, and a change made by another process such as the CLI). */
const TTL_MS = 30_000;
/** Bounded memory: past this many entries the map is dropped and refilled by use. */
const MAX_ENTRIES = 10_000;

export interface AuthCache {
  /** A cached value, or `load()`'s (cached when nothing changed while it ran). `null` is never cached. */
  get<T extends object>(key: string, load: () => Promise<T | null>): Promise<T | null>;
  /** What `get` would answer from memory right now, without loading (undefined: it would load). */
  peek<T extends object>(key: string): T | undefined;
  /** After an API key or client change has committed: every node drops what it holds within a second. */
  changed(): Promise<void>;
  close(): void;
}

/** Tells every other node (through Redis) that API keys or clients changed. */
async function announce(redis: Redis | null, logger: Logger): Promise<void> {
  if (!redis) return;
  try {
    await redis.multi().incr(VERSION_KEY).publish(channelOf(redis), '1').exec();
  } catch (err) {
    // A node that cannot read the counter empties its cache and serves nothing from it until it can again,
    // so a change made while Redis is down is not served stale once it is back.
    logger.warn({ err: (err as Error).message }, 'could not announce an API key or client change');
  }
}

const VERSION_KEY = 'stvos:auth-cache:version';
// ioredis prefixes keys but not channels: the channel carries the prefix itself, so test runs do not meet.
const channelOf = (redis: Redis) => `${redis.options.keyPrefix ?? ''}stvos:auth-cache`;

/**
 * API key → client (and client by id), held per node so the request path does no database round trip for
 * them in the steady state. Any key or client change empties the cache on every node: such changes are rare
 * (an operator's), and emptying everything leaves no case to forget. With Redis, a change increments a shared
 * counter and is published; each node empties its cache on the message at once and also reads the counter
 * every 250 ms, so a lost message (reconnect) costs at most that; a node that cannot read the counter for a
 * second stops trusting its cache until it can. Without Redis the cache is this process's, emptied in process,
 * and entries also expire after 30 s (a change made by another process, the CLI, is seen by then).
 */
export function createAuthCache(redis: Redis | null, logger: Logger, now: () => number = Date.now): AuthCache {
  const entries = new Map<string, { value: object; expires: number }>();
  /** Bumped on every emptying: a load that straddles a change is not stored. */
  let generation = 0;
  let seenVersion: string | null = null;
  const empty = () => {
    entries.clear();
    generation++;
  };

  let subscriber: Redis | null = null;
  let poll: TrustedPoll | null = null;
  if (redis) {
    const channel = channelOf(redis);
    subscriber = redis.duplicate({ connectionName: 'stvos:auth-cache', keyPrefix: '' });
    subscriber.on('error', (err: Error) => logger.warn({ err: err.message }, 'auth cache subscriber error'));
    subscriber.on('message', () => empty());
    subscriber
      .subscribe(channel)
      .catch((err: Error) => logger.warn({ err: err.message }, 'auth cache could not subscribe'));
    poll = startTrustedPoll(
      async () => {
        const version = await redis.get(VERSION_KEY);
        if (version !== seenVersion) {
          if (seenVersion !== null || entries.size) empty();
          seenVersion = version;
        }
      },
      // A failed read: what is held may have changed unannounced, so it is reloaded once trusted again.
      { everyMs: POLL_MS, trustMs: TRUST_MS, now, onError: () => empty() },
    );
  }
  /** Without Redis the cache is this process's own: always trusted (entries still expire). */
  const trustedAt = (t: number) => poll?.trusted(t) ?? true;

  return {
    async get<T extends object>(key: string, load: () => Promise<T | null>): Promise<T | null> {
      const t = now();
      const trusted = trustedAt(t);
      if (!trusted && entries.size) empty();
      const hit = entries.get(key);
      if (hit && trusted && hit.expires > t) return hit.value as T;
      const gen = generation;
      const value = await load();
      if (value !== null && trusted && gen === generation) {
        if (entries.size >= MAX_ENTRIES) entries.clear();
        entries.set(key, { value, expires: t + TTL_MS });
      }
      return value;
    },
    peek<T extends object>(key: string): T | undefined {
      const t = now();
      const hit = trustedAt(t) ? entries.get(key) : undefined;
      return hit && hit.expires > t ? (hit.value as T) : undefined;
    },
    async changed() {
      empty();
      await announce(redis, logger);
    },
    close() {
      poll?.stop();
      subscriber?.disconnect();
    },
  };
}

/** This node's cache (built with the services, server/node-parts.ts; made on first use). */
export function authCacheOf(services: Services): AuthCache {
  return services.authCache.get();
}

/**
 * Call after an API key or a client changed and committed (admin routes, CLI). Empties this node's cache and
 * tells the others; a process that never served a request (the CLI) only tells.
 */
export async function authChanged(services: Services): Promise<void> {
  const cache = services.authCache.built();
  if (cache) await cache.changed();
  else await announce(services.redis, services.logger);
}

export function closeAuthCache(services: Services): void {
  services.authCache.built()?.close();
}
