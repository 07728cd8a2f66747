/**
 * How Redis pub/sub state grows with the number of tenant namespaces, per Socket.IO adapter mode.
 *
 *   node bench/redis-subscriptions.ts [redis://127.0.0.1:6379] [1,50,500] [modes, e.g. streams,classic]
 *
 * `streams-upstream` is @socket.io/redis-streams-adapter as published; `streams` is it with our release of its
 * per-namespace channels (realtime/streams-subscriptions.ts), as the gateway runs it.
 *
 * For each mode and size it starts a bare Socket.IO server (one node, no database) with the same dynamic
 * `/clients/<slug>` namespaces as the gateway, connects one client socket to each namespace (each joins a
 * `user:<n>` room, as a real user socket does), then reads PUBSUB NUMPAT, PUBSUB CHANNELS,
 * PUBSUB SHARDCHANNELS and CLIENT LIST. Every run uses its own channel prefix and connection names, so it
 * counts only itself; NUMPAT is server-wide and is reported as the increase over the baseline.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import { createAdapter as createStreamsAdapter } from '@socket.io/redis-streams-adapter';
import { releasingSubscriptions } from '../realtime/streams-subscriptions.ts';
import { loadNow, printTable } from './support/table.ts';

type Mode = 'classic' | 'sharded-static' | 'sharded-dynamic' | 'streams-upstream' | 'streams';
const allModes: Mode[] = ['classic', 'sharded-static', 'sharded-dynamic', 'streams-upstream', 'streams'];
const redisUrl = process.argv[2] ?? 'redis://127.0.0.1:6379';
const sizes = (process.argv[3] ?? '1,50,500').split(',').map(Number);
const modes = process.argv[4] ? (process.argv[4].split(',') as Mode[]) : allModes;

interface Figures {
  mode: Mode;
  namespaces: number;
  numpat: number;
  channels: number;
  shardChannels: number;
  clients: number;
  streamWritesPerSec: number;
  afterDisconnect: number;
}

async function measure(mode: Mode, namespaces: number): Promise<Figures> {
  const tag = `bench-${process.pid}-${mode}-${namespaces}`;
  const admin = new Redis(redisUrl, { connectionName: `${tag}-admin` });
  const baselinePatterns = Number(await admin.pubsub('NUMPAT'));
  const pub = new Redis(redisUrl, { connectionName: `${tag}-pub` });
  const sub = new Redis(redisUrl, { connectionName: `${tag}-sub` });
  const http = createServer();
  const io = new Server(http, { cleanupEmptyChildNamespaces: true, transports: ['websocket'] });
  io.adapter(
    mode === 'classic'
      ? createAdapter(pub, sub, { key: tag })
      : mode === 'streams-upstream'
        ? createStreamsAdapter(pub, { streamName: tag, channelPrefix: tag })
        : mode === 'streams'
          ? releasingSubscriptions(pub, tag, () => undefined).wrap(
              createStreamsAdapter(pub, { streamName: tag, channelPrefix: tag }),
            )
          : createShardedAdapter(pub, sub, {
              channelPrefix: tag,
              subscriptionMode: mode === 'sharded-static' ? 'static' : 'dynamic',
            }),
  );
  io.of(/^\/clients\/[a-z0-9-]+$/).on(
    'connection',
    (socket) => void socket.join(`user:${String(socket.handshake.auth['n'])}`),
  );
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;

  const sockets: ClientSocket[] = [];
  for (let n = 0; n < namespaces; n += 50) {
    const batch = Array.from({ length: Math.min(50, namespaces - n) }, (_, i) =>
      connect(`http://127.0.0.1:${port}/clients/tenant-${n + i}`, {
        transports: ['websocket'],
        auth: { n: n + i },
        forceNew: true,
      }),
    );
    await Promise.all(
      batch.map(
        (s) => new Promise<void>((resolve, reject) => s.once('connect', resolve).once('connect_error', reject)),
      ),
    );
    sockets.push(...batch);
  }
  await new Promise((resolve) => setTimeout(resolve, 300)); // let (s)subscribe replies land

  const [numpat, channels, shardChannels, clientList] = await Promise.all([
    admin.pubsub('NUMPAT'),
    admin.pubsub('CHANNELS', `${tag}*`),
    admin.call('PUBSUB', 'SHARDCHANNELS', `${tag}*`) as Promise<string[]>,
    admin.client('LIST') as Promise<string>,
  ]);
  // Writes to the stream while idle (the streams adapter's per-namespace heartbeats), over 6 s.
  let streamWritesPerSec = 0;
  if (mode.startsWith('streams')) {
    const before = Number(await admin.xlen(tag));
    await new Promise((resolve) => setTimeout(resolve, 6000));
    streamWritesPerSec = Math.round((Number(await admin.xlen(tag)) - before) / 6);
  }
  const figures: Omit<Figures, 'afterDisconnect'> = {
    streamWritesPerSec,
    mode,
    namespaces,
    numpat: Number(numpat) - baselinePatterns,
    channels: (channels as string[]).length,
    shardChannels: shardChannels.length,
    // Connections this node holds to Redis (the admin connection used for measuring is not counted).
    clients: clientList.split('\n').filter((l) => l.includes(`name=${tag}-`) && !l.includes(`name=${tag}-admin`))
      .length,
  };

  // Empty tenant namespaces are dropped (cleanupEmptyChildNamespaces): what is left once every socket is gone.
  for (const s of sockets) s.disconnect();
  await new Promise((resolve) => setTimeout(resolve, 300));
  const left = await Promise.all([
    admin.pubsub('NUMPAT'),
    admin.pubsub('CHANNELS', `${tag}*`),
    admin.call('PUBSUB', 'SHARDCHANNELS', `${tag}*`) as Promise<string[]>,
  ]);
  const afterDisconnect = Number(left[0]) - baselinePatterns + (left[1] as string[]).length + left[2].length;
  await new Promise<void>((resolve) => io.close(() => resolve()));
  if (mode.startsWith('streams')) await admin.del(tag);
  await Promise.all([pub.quit(), sub.quit(), admin.quit()]);
  return { ...figures, afterDisconnect };
}

const rows: Figures[] = [];
for (const mode of modes) for (const n of sizes) rows.push(await measure(mode, n));
console.log('one node, one socket per tenant namespace (each socket in one user room);');
console.log('afterDisconnect = patterns + channels + shard channels left once every socket has left');
console.table(rows);
// The gateway's mode (streams, with our release of per-namespace channels) against the adapter as published.
const left = (mode: Mode, n: number) => rows.find((r) => r.mode === mode && r.namespaces === n);
const largest = Math.max(...sizes);
const ours = left('streams', largest);
const upstream = left('streams-upstream', largest);
if (ours && upstream)
  printTable([
    {
      bench: 'redis-subscriptions',
      what: `Redis subscriptions at ${largest} tenant namespaces, one socket each (patterns + channels + shard channels)`,
      value: `${ours.numpat + ours.channels + ours.shardChannels} while connected, ${ours.afterDisconnect} after`,
      baseline: `streams adapter as published: ${upstream.numpat + upstream.channels + upstream.shardChannels}, ${upstream.afterDisconnect} after`,
      ...(ours.afterDisconnect > 0 ? { ratio: upstream.afterDisconnect / ours.afterDisconnect } : {}),
      load: loadNow(),
    },
  ]);
