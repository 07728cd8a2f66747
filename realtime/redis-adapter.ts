import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import { createAdapter as createStreamsAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import { connectRedis, type Services } from '../server/services.ts';

export interface RedisFanOut {
  /** The adapter constructor Socket.IO installs on every namespace. */
  adapter: ReturnType<typeof createShardedAdapter> | ReturnType<typeof createAdapter> | ReturnType<typeof createStreamsAdapter>;
  close(): Promise<void>;
}

/**
 * Cross-node fan-out. Measured with bench/redis-subscriptions.ts (figures in the README, "Scale-out"), one
 * node with one socket in each of 1, 50 and 500 tenant namespaces:
 * - classic pub/sub adapter: 1 pattern + 3 channels per namespace (501 patterns + 1503 channels at 500), and
 *   every PUBLISH on the Redis server is matched against every pattern of every node;
 * - sharded adapter: 2 shard channels per namespace in `static` mode (1002 at 500), 3 in `dynamic` mode;
 * - streams adapter: one stream for all namespaces, read by one blocking XREAD per node: 0 subscriptions
 *   and the same connection count at 1, 50 and 500 namespaces. It is the default. It also resumes after a
 *   short Redis disconnection without losing packets (it reads on from its last stream id).
 * The pub/sub adapters stay selectable (`SOCKET_REDIS_ADAPTER=sharded|classic`).
 */
export function createRedisFanOut(services: Services, url: string): RedisFanOut {
  const mode = services.config.socket.redisAdapter;
  const clients: Redis[] = [connectRedis(url, services.logger, 'socket-pub')];
  let adapter: RedisFanOut['adapter'];
  if (mode === 'streams') {
    adapter = createStreamsAdapter(clients[0], { streamName: 'stvos:socket.io', maxLen: 10_000 });
  } else {
    clients.push(connectRedis(url, services.logger, 'socket-sub'));
    // The classic adapter adds listeners per namespace to both clients; hundreds of tenants are expected.
    for (const c of clients) c.setMaxListeners(0);
    adapter = mode === 'sharded'
      ? createShardedAdapter(clients[0]!, clients[1]!, { subscriptionMode: 'static' })
      : createAdapter(clients[0]!, clients[1]!);
  }
  return {
    adapter,
    async close() {
      await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}
