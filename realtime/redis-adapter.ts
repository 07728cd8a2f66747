import { randomBytes } from 'node:crypto';
import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import { createAdapter as createStreamsAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import { connectRedis, type Services } from '../server/services.ts';
import { quitRedis } from '../server/shutdown.ts';
import { releasingSubscriptions } from './streams-subscriptions.ts';

type AdapterFactory =
  ReturnType<typeof createShardedAdapter> | ReturnType<typeof createAdapter> | ReturnType<typeof createStreamsAdapter>;

/** What this node holds in Redis for its adapters, read from CLIENT LIST and the clients' listeners. */
export interface FanOutState {
  connections: number;
  channels: number;
  patterns: number;
  shardChannels: number;
  listeners: number;
}

export interface RedisFanOut {
  /** The adapter constructor Socket.IO installs on every namespace. */
  adapter: AdapterFactory;
  /** Every connection of this node's adapters carries this name (CLIENT LIST `name=`). */
  connectionName: string;
  state(): Promise<FanOutState>;
  close(): Promise<void>;
}

/** Socket.IO's own default names; each carries the deployment's REDIS_KEY_PREFIX in front (see below). */
const CHANNEL_PREFIX = 'socket.io';
const STREAM_NAME = 'stvos:socket.io';

/**
 * Cross-node fan-out. Measured with bench/redis-subscriptions.ts (figures in the README, "Scale-out"), one
 * node with one socket in each of 1, 50 and 500 tenant namespaces:
 * - classic pub/sub adapter: 1 pattern + 3 channels per namespace, and every PUBLISH on the Redis server is
 *   matched against every pattern of every node;
 * - sharded adapter: 2 shard channels per namespace in `static` mode, 3 in `dynamic` mode;
 * - streams adapter: packets go through one stream for all namespaces, read by one blocking XREAD per node; it
 *   still subscribes 2 pub/sub channels per namespace (for acks, `fetchSockets`, `serverSideEmit`), which it did
 *   not release when the namespace closed (see streams-subscriptions.ts). It is the default.
 * Every mode must give back what a namespace held when Socket.IO drops it (test/realtime-adapter-state.test.ts).
 * The pub/sub adapters stay selectable (`SOCKET_REDIS_ADAPTER=sharded|classic`).
 *
 * Every stream, channel and key the adapters use starts with REDIS_KEY_PREFIX, like the rest of our Redis state:
 * two deployments (or test runs) on one Redis with the same tenant slugs would otherwise share `/clients/<slug>`'s
 * fan-out. The adapters' connections carry no ioredis `keyPrefix` (it would not reach channels, and the streams
 * adapter names its stream in commands ioredis cannot always rewrite), so the prefix is put in their names here.
 */
export function createRedisFanOut(services: Services, url: string): RedisFanOut {
  const mode = services.config.socket.redisAdapter;
  const prefix = services.config.redisKeyPrefix;
  const channelPrefix = `${prefix}${CHANNEL_PREFIX}`;
  // One name per node, so CLIENT LIST tells which connections (and subscriptions) are whose.
  const connectionName = `socket-${randomBytes(4).toString('hex')}`;
  const clients: Redis[] = [connectRedis(url, services.logger, connectionName)];
  let adapter: AdapterFactory;
  if (mode === 'streams') {
    // The adapter makes its own connections with `duplicate()`: they are tracked here to be closed and counted.
    const released = releasingSubscriptions(
      clients[0]!,
      channelPrefix,
      (d) => clients.push(d),
      (err, channels) =>
        services.logger.warn(
          { err: (err as Error).message, channels },
          'socket adapter: could not subscribe (Redis down); stream packets still flow',
        ),
    );
    adapter = released.wrap(
      createStreamsAdapter(clients[0], {
        streamName: `${prefix}${STREAM_NAME}`,
        channelPrefix,
        sessionKeyPrefix: `${prefix}sio:session:`,
        maxLen: 10_000,
      }),
    );
  } else {
    clients.push(connectRedis(url, services.logger, connectionName));
    // The classic adapter adds listeners per namespace to both clients (and removes them on close).
    for (const c of clients) c.setMaxListeners(0);
    adapter =
      mode === 'sharded'
        ? createShardedAdapter(clients[0]!, clients[1]!, { subscriptionMode: 'static', channelPrefix })
        : createAdapter(clients[0]!, clients[1]!, { key: channelPrefix });
  }
  return {
    adapter,
    connectionName,
    async state() {
      const list = String(await clients[0]!.client('LIST'))
        .split('\n')
        .filter((l) => l.includes(` name=stvos:${connectionName} `));
      const sum = (field: string) =>
        list.reduce((n, l) => n + Number(new RegExp(` ${field}=(\\d+)`).exec(l)?.[1] ?? 0), 0);
      const listeners = clients.reduce((n, c) => n + c.eventNames().reduce((m, e) => m + c.listenerCount(e), 0), 0);
      return {
        connections: list.length,
        channels: sum('sub'),
        patterns: sum('psub'),
        shardChannels: sum('ssub'),
        listeners,
      };
    },
    async close() {
      await Promise.all(clients.map((c) => quitRedis(c, 500)));
    },
  };
}
