/**
 * Live presence latency across nodes: join → `live:presence` seen on another node.
 *
 *   npx node bench/presence.ts [roomSize=500] [joinsPerSecond=20] [joins=200]
 *
 * Starts its own PostgreSQL (port 5441) and Redis (6391) on loopback and two sTvOS nodes on them (streams adapter).
 * A room of `roomSize` sockets (half on each node; plain websockets that do not decode what they receive, so the bench
 * client is not the bottleneck) joins one live class; then `joins` more users, connected to node A, send `live:join` at
 * `joinsPerSecond`, evenly spaced. An observer socket on node B times each join from its emit to the first
 * `live:presence` listing the joiner. Also counted: broadcasts the observer got per second (the ≤ 10/s bound).
 */
import { loadavg } from 'node:os';
import WebSocket from 'ws';
import { io as connect, type Socket } from 'socket.io-client';
import { cleanup, sleep, startNode, startPostgres, startRedis } from './support/cluster.ts';
import { pct, seedTenant, sql } from './support/seed.ts';

const [ROOM = 500, RATE = 20, JOINS = 200] = [500, 20, 200].map((d, i) => Number(process.argv[2 + i] ?? d));

/** A Socket.IO client by hand that joins the class and otherwise only reads the first bytes of each frame. */
async function rawMember(url: string, nsp: string, auth: object, classId: number): Promise<WebSocket> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.on('message', (raw: Buffer) => {
      const head = raw.subarray(0, 2).toString();
      if (head === '2') ws.send('3');
      else if (head === '0{') ws.send(`40${nsp},${JSON.stringify(auth)}`);
      else if (head === '40') ws.send(`42${nsp},1${JSON.stringify(['live:join', { classId }])}`);
      else if (head === '43') resolve();
      else if (head === '44') reject(new Error(raw.toString()));
    });
  });
  return ws;
}

async function main() {
  console.log(`room ${ROOM}, ${JOINS} joins at ${RATE}/s; load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const pg = startPostgres(5441);
  const redis = await startRedis(6391);
  const env = { DATABASE_URL: pg.url, REDIS_URL: redis.url, JOBS_ENABLED: 'false', DATABASE_POOL_MAX: '10' };
  const a = await startNode('A', env);
  const b = await startNode('B', env);
  const t = await seedTenant(pg.url, ROOM + JOINS + 1);
  const [cls] = await sql<{ id: number }>(pg.url,
    `insert into classes (client_id, name, duration_seconds, intensity, kind, status, scheduled_at, published_at) values (?, 'Bench live', 3600, 'low', 'live', 'scheduled', now() + interval '1 hour', now()) returning id`, [t.id]);
  const classId = cls!.id;
  const nsp = `/clients/${t.slug}`;
  const auth = (u: { token: string }) => ({ apiKey: t.apiKey, token: u.token });

  const members: WebSocket[] = [];
  const roomUsers = t.users.slice(0, ROOM);
  for (let i = 0; i < roomUsers.length; i += 50) {
    members.push(...(await Promise.all(roomUsers.slice(i, i + 50).map((u, k) => rawMember((i + k) % 2 ? b.url : a.url, nsp, auth(u), classId)))));
  }
  const observerUser = t.users[ROOM]!;
  const observer: Socket = connect(`${b.url}${nsp}`, { auth: auth(observerUser), transports: ['websocket'], forceNew: true, reconnection: false });
  await new Promise<void>((resolve, reject) => observer.once('connect', resolve).once('connect_error', reject));
  await new Promise((resolve) => observer.emit('live:join', { classId }, resolve));
  const joiners = t.users.slice(ROOM + 1);
  const sockets = await Promise.all(joiners.map((u) => new Promise<Socket>((resolve, reject) => {
    const s = connect(`${a.url}${nsp}`, { auth: auth(u), transports: ['websocket'], forceNew: true, reconnection: false });
    s.once('connect', () => resolve(s)).once('connect_error', reject);
  })));
  await sleep(1500); // the room's own join broadcasts are over

  const sentAt = new Map<number, number>();
  const latency: number[] = [];
  const broadcasts: number[] = [];
  observer.on('live:presence', (p: { participants: Array<{ userId: number }> }) => {
    const now = performance.now();
    broadcasts.push(now);
    for (const { userId } of p.participants) {
      const at = sentAt.get(userId);
      if (at !== undefined) {
        latency.push(now - at);
        sentAt.delete(userId);
      }
    }
  });
  const started = performance.now();
  for (let i = 0; i < sockets.length; i++) {
    const due = started + (i * 1000) / RATE;
    await sleep(Math.max(0, due - performance.now()));
    sentAt.set(joiners[i]!.id, performance.now());
    sockets[i]!.emit('live:join', { classId });
  }
  await sleep(1500);
  const perSecond = new Map<number, number>();
  for (const at of broadcasts) perSecond.set(Math.floor((at - started) / 1000), (perSecond.get(Math.floor((at - started) / 1000)) ?? 0) + 1);
  let maxWindow = 0;
  for (const s of broadcasts) maxWindow = Math.max(maxWindow, broadcasts.filter((o) => o >= s && o < s + 1000).length);
  console.table([{
    joins: sockets.length, seen: latency.length, missing: sentAt.size,
    p50_ms: Math.round(pct(latency, 50)), p90_ms: Math.round(pct(latency, 90)), p99_ms: Math.round(pct(latency, 99)), max_ms: Math.round(Math.max(...latency)),
    broadcasts: broadcasts.length, max_in_any_1s: maxWindow,
  }]);
  console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  for (const s of [observer, ...sockets]) s.close();
  for (const m of members) m.terminate();
}

main().then(
  () => (cleanup(), process.exit(0)),
  (err: unknown) => {
    console.error(err);
    cleanup();
    process.exit(1);
  },
);
