import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import { connectRedis, type Services } from '../server/services.ts';

export interface RedisFanOut {
  /** The adapter constructor Socket.IO installs on every namespace. */
  adapter: ReturnType<typeof createShardedAdapter> | ReturnType<typeof createAdapter>;
  close(): Promise<void>;
}

/**
 * Cross-node fan-out. Measured in bench/redis-subscriptions.ts (figures in the README, "Scale-out"): the
 * classic adapter holds 1 pattern + 3 channels per namespace and node, and every PUBLISH on the Redis server
 * is matched against every pattern of every node; the sharded adapter in `dynamic` mode adds a channel per
 * user room. The sharded adapter in `static` mode holds 2 shard channels per namespace that has sockets on
 * the node, no patterns, and 2 connections per node whatever the tenant count; so that is the default.
 * `SOCKET_REDIS_SHARDED=false` falls back to the classic adapter for Redis < 7 (no SSUBSCRIBE).
 */
export function createRedisFanOut(services: Services, url: string): RedisFanOut {
  const pub = connectRedis(url, services.logger, 'socket-pub');
  const sub = connectRedis(url, services.logger, 'socket-sub');
  // The classic adapter adds listeners per namespace to both clients; hundreds of tenants are expected.
  pub.setMaxListeners(0);
  sub.setMaxListeners(0);
  const adapter = services.config.socket.redisSharded
    ? createShardedAdapter(pub, sub, { subscriptionMode: 'static' })
    : createAdapter(pub, sub);
  return {
    adapter,
    async close() {
      await Promise.all([pub.quit().catch(() => pub.disconnect()), sub.quit().catch(() => sub.disconnect())]);
    },
  };
}
