import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { Orm } from './db/orm.ts';
import type { Publisher } from '../domain/shared/events.ts';
import { createNodeHeartbeats, type NodeHeartbeats } from '../domain/viewing/heartbeat-writers.ts';
import type { HeartbeatWriter } from '../domain/viewing/heartbeat-writer.ts';
import { createNodePresenceBroadcaster, type PresenceBroadcaster } from '../domain/live/presence-broadcaster.ts';
import { createDiscoverCache, type VersionStore } from '../domain/content/discover-cache.ts';
import type { TenantContent, TenantContentCache } from '../domain/content/discover.ts';
import { liveKitOf } from '../domain/live/livekit.adapter.ts';
import type { LiveKitPort } from '../domain/live/livekit.port.ts';
import { humeOf } from '../domain/voice/hume.adapter.ts';
import type { HumePort } from '../domain/voice/hume.port.ts';
import { createAuthCache, type AuthCache } from './auth-cache.ts';
import type { BookingInFlight } from './routes/marketplace/booking-gate.ts';
import type { KeyInfo } from './http/request-auth.ts';
import type { Tenant } from '../domain/shared/context.ts';

/** How long a node serves a tenant's cached content (discover sections, catalogue) before reloading it (also bounds live status lag). */
export const DISCOVER_TTL_MS = 30_000;
/** Anonymous voice rooms per caller (API key + IP) per window: each one opens an onboarding session and can spend Hume minutes. */
export const ANONYMOUS_ROOMS_PER_WINDOW = 10;
const ANONYMOUS_ROOMS_WINDOW_SECONDS = 10 * 60;

/**
 * The per-node parts of a running process, built with its services in this one place (no module-level caches keyed
 * by the services object). Each is made on first use, so a CLI run starts no timers it does not need.
 */
export interface NodeParts {
  /** Every heartbeat of the node, REST and socket; the heartbeat benchmark puts a naive writer in its place. */
  heartbeats: HeartbeatWriter;
  /** Coalesced `live:presence` broadcasts. */
  readonly presence: PresenceBroadcaster;
  /** Per tenant: discover's sections and the published catalogue (with Redis, checked against shared content versions). */
  readonly contentCache: TenantContentCache;
  /** The LiveKit adapter; throws LIVEKIT_NOT_CONFIGURED (503) without settings. */
  liveKit(): LiveKitPort;
  /** The Hume adapter, or null when Hume is not configured. */
  hume(): HumePort | null;
  /** Anonymous voice rooms per key and address. */
  readonly anonymousVoiceRooms: RateLimiterAbstract;
  /** Voice agent tool calls per voice session per minute. */
  readonly agentToolCalls: RateLimiterAbstract;
  /** The API key → client cache (server/auth-cache.ts); `built()` is null until a request needed it. */
  readonly authCache: { get(): AuthCache; built(): AuthCache | null };
  /** Booking transactions in flight on this node, by slot (server/routes/booking-gate.ts). */
  readonly bookingGates: Map<string, BookingInFlight>;
  /** Single-flight lookups shared by this node's socket handshakes (realtime/handshake.ts fills them on first use). */
  readonly handshakeLookups: {
    tenant?: (nspName: string) => Promise<Tenant>;
    key?: (header: string) => Promise<KeyInfo>;
  };
  /** When this node last recorded each API key's use (server/http/request-auth.ts). */
  readonly keyTouches: Map<number, number>;
  /** Shutdown: stops the content cache's version poll and subscription (if it was ever built). */
  closeContentCache(): void;
  /** Shutdown: writes the pending heartbeats and stops the usage feed (only if they were ever built). */
  closeHeartbeats(): Promise<void>;
}

interface Host {
  config: Config;
  logger: Logger;
  orm: Orm;
  redis: Redis | null;
  publisher: Publisher;
}

function limiter(redis: Redis | null, keyPrefix: string, points: number, duration: number): RateLimiterAbstract {
  const opts = { keyPrefix, points, duration };
  return redis
    ? new RateLimiterRedis({
        ...opts,
        storeClient: redis,
        useRedisPackage: false,
        insuranceLimiter: new RateLimiterMemory(opts),
      })
    : new RateLimiterMemory(opts);
}

/** The content cache's shared versions: counters in Redis, changes published on a channel (prefixed as keys are). */
function redisVersions(redis: Redis, logger: Logger): VersionStore {
  const channel = `${redis.options.keyPrefix ?? ''}stvos:content-cache`;
  return {
    mget: (...keys) => redis.mget(...keys),
    incr: (key) => redis.incr(key),
    publish: async (message) => void (await redis.publish(channel, message)),
    subscribe(onMessage) {
      const subscriber = redis.duplicate({ connectionName: 'stvos:content-cache', keyPrefix: '' });
      subscriber.on('error', (err: Error) => logger.warn({ err: err.message }, 'content cache subscriber error'));
      subscriber.on('message', (_channel: string, message: string) => onMessage(message));
      subscriber
        .subscribe(channel)
        .catch((err: Error) => logger.warn({ err: err.message }, 'content cache could not subscribe'));
      return () => subscriber.disconnect();
    },
  };
}

export function buildNodeParts(host: Host): NodeParts {
  let heartbeats: NodeHeartbeats | undefined;
  let replaced: HeartbeatWriter | undefined;
  let presence: PresenceBroadcaster | undefined;
  let contentCache: TenantContentCache | undefined;
  let livekit: LiveKitPort | undefined;
  let hume: HumePort | null | undefined;
  let anonymousVoiceRooms: RateLimiterAbstract | undefined;
  let agentToolCalls: RateLimiterAbstract | undefined;
  let authCache: AuthCache | undefined;
  return {
    get heartbeats() {
      return replaced ?? (heartbeats ??= createNodeHeartbeats(host)).writer;
    },
    set heartbeats(writer: HeartbeatWriter) {
      replaced = writer;
    },
    get presence() {
      return (presence ??= createNodePresenceBroadcaster(host));
    },
    get contentCache() {
      return (contentCache ??= createDiscoverCache<TenantContent>({
        ttlMs: DISCOVER_TTL_MS,
        store: host.redis ? redisVersions(host.redis, host.logger) : null,
      }));
    },
    liveKit: () => (livekit ??= liveKitOf(host.config.livekit)),
    hume: () => (hume === undefined ? (hume = humeOf(host.config.hume)) : hume),
    get anonymousVoiceRooms() {
      return (anonymousVoiceRooms ??= limiter(
        host.redis,
        'rl:voice:anon',
        ANONYMOUS_ROOMS_PER_WINDOW,
        ANONYMOUS_ROOMS_WINDOW_SECONDS,
      ));
    },
    get agentToolCalls() {
      return (agentToolCalls ??= limiter(host.redis, 'rl:voice:tools', host.config.voice.toolCallsPerMinute, 60));
    },
    authCache: {
      get: () => (authCache ??= createAuthCache(host.redis, host.logger)),
      built: () => authCache ?? null,
    },
    keyTouches: new Map(),
    bookingGates: new Map(),
    handshakeLookups: {},
    closeContentCache() {
      contentCache?.close();
    },
    async closeHeartbeats() {
      await replaced?.close();
      await heartbeats?.close();
    },
  };
}
