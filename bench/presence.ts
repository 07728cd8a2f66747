/**
 * Live presence latency across nodes: join → presence seen on another node, the whole list against changes.
 *
 *   npx node bench/presence.ts [roomSizes=50,500] [joinsPerSecond=20] [joins=200]
 *
 * Starts its own PostgreSQL (port 5441) and Redis (6391) on loopback and two sTvOS nodes on them (streams adapter).
 * For each room size, two runs on the same nodes, each in a fresh live class:
 * - `full` (the baseline: every client as written before deltas): every socket joins with the default and gets the
 *   whole `live:presence` list after each change;
 * - `delta`: every socket joins with `presence: 'delta'` and gets `live:presence:delta` changes.
 * A room of `roomSize` sockets (half on each node; plain websockets that do not decode what they receive, so the bench
 * client is not the bottleneck) joins the class; then `joins` more users, connected to node A, send `live:join` at
 * `joinsPerSecond`, evenly spaced. An observer socket on node B times each join from its emit to the first message
 * that shows the joiner (a list that includes them, or a delta whose `joined` does). Also counted: broadcasts the
 * observer got in any 1 s (the ≤ 10/s bound) and the bytes of the largest one.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import { io as connect, type Socket } from 'socket.io-client';
import { runBench, sleep, startNode, startPostgres, startRedis, type AppNode } from './support/cluster.ts';
import { ownerSql, pct, seedTenant, sql } from './support/seed.ts';
import { printTable, type BenchRow } from './support/table.ts';

const ROOMS = (process.argv[2] ?? '50,500').split(',').map(Number);
const [RATE = 20, JOINS = 200] = [20, 200].map((d, i) => Number(process.argv[3 + i] ?? d));
type Mode = 'full' | 'delta';

const joinFrame = (nsp: string, classId: number, mode: Mode, ackId = 1) =>
  `42${nsp},${ackId}${JSON.stringify(['live:join', mode === 'delta' ? { classId, presence: 'delta' } : { classId }])}`;

/**
 * A Socket.IO client by hand that only reads the first bytes of each frame (never decodes a list): with `classId`
 * it joins the class and resolves on the ack; without, it resolves once connected (a joiner, sent its join later).
 */
async function rawSocket(
  url: string,
  nsp: string,
  auth: object,
  join?: { classId: number; mode: Mode },
): Promise<WebSocket> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.on('message', (raw: Buffer) => {
      const head = raw.subarray(0, 2).toString();
      if (head === '2') ws.send('3');
      else if (head === '0{') ws.send(`40${nsp},${JSON.stringify(auth)}`);
      else if (head === '40') {
        if (join) ws.send(joinFrame(nsp, join.classId, join.mode));
        else resolve();
      } else if (head === '43') resolve();
      else if (head === '44') reject(new Error(raw.toString()));
    });
  });
  return ws;
}

interface Row {
  room: number;
  mode: Mode;
  joins: number;
  seen: number;
  missing: number;
  p50_ms: number;
  p90_ms: number;
  p99_ms: number;
  max_ms: number;
  broadcasts: number;
  max_in_any_1s: number;
  /** Emits of both nodes in any 1 s, by the time each left its node (the host's clock). */
  emits_in_any_1s: number;
  /** Broadcast slots the database granted in any 1 s, on its clock (`sent_window`, read every 250 ms): the bound. */
  granted_in_any_1s: number;
  largest_bytes: number;
  /** CPU (user + system) both nodes spent per timed join, whatever the load: the load-insensitive figure. */
  cpu_ms_per_join: number;
  /** How late this process's own event loop ran (p99): the part of the latency that is the bench client's. */
  client_lag_p99_ms: number;
  load: string;
  stages: string;
}

/** user + system CPU of a process so far, in ms (from /proc: clock ticks of 10 ms). */
const cpuMs = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
};

/** Per-stage timings the nodes print with STAGE_TIMINGS=1 (server/stage-timings.ts): `STAGES {"op":…,stage: ms}`. */
function collectStages(node: AppNode, lines: Array<Record<string, number | string>>): void {
  let pending = '';
  node.child.stdout!.on('data', (c: Buffer) => {
    pending += c.toString();
    const all = pending.split('\n');
    pending = all.pop()!;
    for (const l of all) if (l.startsWith('STAGES ')) lines.push(JSON.parse(l.slice(7)) as Record<string, number>);
  });
}

/** `op: stage p50/p99 ms, …` over the lines printed since `from`. */
function summarise(lines: Array<Record<string, number | string>>, from: number): string {
  const byOp = new Map<string, Map<string, number[]>>();
  for (const l of lines.slice(from)) {
    const op = String(l['op']);
    if (op === 'emit') continue; // a time of day, not a stage: counted apart (emits_in_any_1s)
    const stages = byOp.get(op) ?? new Map<string, number[]>();
    byOp.set(op, stages);
    for (const [k, v] of Object.entries(l)) if (k !== 'op') stages.set(k, [...(stages.get(k) ?? []), Number(v)]);
  }
  return [...byOp]
    .map(
      ([op, stages]) =>
        `${op} (${[...stages.values()][0]?.length ?? 0}): ` +
        [...stages].map(([k, v]) => `${k} ${pct(v, 50).toFixed(1)}/${pct(v, 99).toFixed(1)}`).join(', '),
    )
    .join('; ');
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function measure(
  ctx: {
    a: AppNode;
    b: AppNode;
    stages: Array<Record<string, number | string>>;
    pgUrl: string;
    tenantId: number;
    nsp: string;
    users: Array<{ id: number; token: string }>;
    auth: (u: { token: string }) => object;
  },
  room: number,
  mode: Mode,
): Promise<Row> {
  const loadBefore = load();
  const [cls] = await sql<{ id: number }>(
    ctx.pgUrl,
    `insert into classes (client_id, name, duration_seconds, intensity, kind, status, scheduled_at, published_at) values (?, 'Bench live', 3600, 'low', 'live', 'scheduled', now() + interval '1 hour', now()) returning id`,
    [ctx.tenantId],
  );
  const classId = cls!.id;
  const { a, b, nsp, auth } = ctx;
  const members: WebSocket[] = [];
  const roomUsers = ctx.users.slice(0, room);
  for (let i = 0; i < roomUsers.length; i += 50) {
    members.push(
      ...(await Promise.all(
        roomUsers
          .slice(i, i + 50)
          .map((u, k) => rawSocket((i + k) % 2 ? b.url : a.url, nsp, auth(u), { classId, mode })),
      )),
    );
  }
  const observerUser = ctx.users[room]!;
  const observer: Socket = connect(`${b.url}${nsp}`, {
    auth: auth(observerUser),
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  await new Promise<void>((resolve, reject) => observer.once('connect', resolve).once('connect_error', reject));
  await new Promise((resolve) =>
    observer.emit('live:join', mode === 'delta' ? { classId, presence: 'delta' } : { classId }, resolve),
  );
  const joiners = ctx.users.slice(room + 1, room + 1 + JOINS);
  // Joiners are raw too: 200 decoders of every list (and of their 70 KB join acks) in this process would make the
  // bench client, not the server, what the observer waits for.
  const sockets: WebSocket[] = [];
  for (let i = 0; i < joiners.length; i += 50)
    sockets.push(...(await Promise.all(joiners.slice(i, i + 50).map((u) => rawSocket(a.url, nsp, auth(u))))));
  await sleep(1500); // the room's own join broadcasts are over

  const sentAt = new Map<number, number>();
  const latency: number[] = [];
  const broadcasts: number[] = [];
  let largest = 0;
  const seen = (ids: number[], bytes: number) => {
    const now = performance.now();
    broadcasts.push(now);
    largest = Math.max(largest, bytes);
    for (const userId of ids) {
      const at = sentAt.get(userId);
      if (at !== undefined) {
        latency.push(now - at);
        sentAt.delete(userId);
      }
    }
  };
  // The observer decodes what it gets (a real client does); the size is measured on what it parsed.
  observer.on('live:presence', (p: { participants: Array<{ userId: number }> }) =>
    seen(
      p.participants.map((x) => x.userId),
      JSON.stringify(p).length,
    ),
  );
  observer.on('live:presence:delta', (d: { joined: Array<{ userId: number }> }) =>
    seen(
      d.joined.map((x) => x.userId),
      JSON.stringify(d).length,
    ),
  );
  const cpuBefore = cpuMs(a.child.pid!) + cpuMs(b.child.pid!);
  const stagesFrom = ctx.stages.length;
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  // The slots' grant times as the database keeps them (its last 10, so a read every 250 ms misses none at 10/s).
  const grants = new Set<string>();
  const readGrants = () =>
    ownerSql<{ at: string }>(
      ctx.pgUrl,
      `select (extract(epoch from g) * 1000)::text as at from live_presence_versions, unnest(sent_window) g where class_id = ${classId}`,
    ).then((rows) => rows.forEach((r) => grants.add(r.at)));
  const grantReader = setInterval(() => void readGrants().catch(() => undefined), 250);
  const started = performance.now();
  for (let i = 0; i < sockets.length; i++) {
    const due = started + (i * 1000) / RATE;
    await sleep(Math.max(0, due - performance.now()));
    sentAt.set(joiners[i]!.id, performance.now());
    sockets[i]!.send(joinFrame(nsp, classId, mode));
  }
  const end = performance.now() + 15_000;
  while (sentAt.size && performance.now() < end) await sleep(100); // late ones are still latency, up to 15 s
  await sleep(300); // the last broadcasts' CPU
  const cpu = cpuMs(a.child.pid!) + cpuMs(b.child.pid!) - cpuBefore;
  clearInterval(grantReader);
  await readGrants();
  lag.disable();
  const inAnySecond = (times: number[]) =>
    Math.max(0, ...times.map((s) => times.filter((o) => o >= s && o < s + 1000).length));
  const maxWindow = inAnySecond(broadcasts);
  const emits = ctx.stages
    .slice(stagesFrom)
    .filter((l) => l['op'] === 'emit')
    .map((l) => Number(l['at']));
  const row: Row = {
    room,
    mode,
    joins: sockets.length,
    seen: latency.length,
    missing: sentAt.size,
    p50_ms: Math.round(pct(latency, 50)),
    p90_ms: Math.round(pct(latency, 90)),
    p99_ms: Math.round(pct(latency, 99)),
    max_ms: Math.round(Math.max(...latency)),
    broadcasts: broadcasts.length,
    max_in_any_1s: maxWindow,
    emits_in_any_1s: inAnySecond(emits),
    granted_in_any_1s: inAnySecond([...grants].map(Number)),
    largest_bytes: largest,
    cpu_ms_per_join: Math.round((cpu / sockets.length) * 10) / 10,
    client_lag_p99_ms: Math.round(lag.percentile(99) / 1e6),
    load: `${loadBefore} → ${load()}`,
    stages: summarise(ctx.stages, stagesFrom),
  };
  observer.close();
  for (const m of [...members, ...sockets]) m.terminate();
  await sleep(3000); // the disconnects' own presence writes settle before the next run
  return row;
}

async function main() {
  console.log(`rooms ${ROOMS.join(', ')}, ${JOINS} joins at ${RATE}/s; load average before: ${load()}`);
  const pg = startPostgres(5441);
  const redis = await startRedis(6391);
  const env = {
    DATABASE_URL: pg.url,
    REDIS_URL: redis.url,
    JOBS_ENABLED: 'false',
    DATABASE_POOL_MAX: '10',
    STAGE_TIMINGS: '1',
  };
  const a = await startNode('A', env);
  const b = await startNode('B', env);
  const t = await seedTenant(pg.url, Math.max(...ROOMS) + JOINS + 1);
  const ctx = {
    a,
    b,
    stages: [] as Array<Record<string, number | string>>,
    pgUrl: pg.url,
    tenantId: t.id,
    nsp: `/clients/${t.slug}`,
    users: t.users,
    auth: (u: { token: string }) => ({ apiKey: t.apiKey, token: u.token }),
  };
  collectStages(a, ctx.stages);
  collectStages(b, ctx.stages);
  const rows: Row[] = [];
  for (const room of ROOMS) for (const mode of ['full', 'delta'] as const) rows.push(await measure(ctx, room, mode));
  console.table(rows.map(({ stages: _, ...r }) => r));
  console.log('stage timings, p50/p99 ms (server/stage-timings.ts, both nodes):');
  for (const r of rows) console.log(`  ${r.room} ${r.mode}: ${r.stages}`);
  const table: BenchRow[] = [];
  for (const room of ROOMS) {
    const [full, delta] = [
      rows.find((r) => r.room === room && r.mode === 'full')!,
      rows.find((r) => r.room === room && r.mode === 'delta')!,
    ];
    const goal = room === 500 && RATE === 20 ? 'p99 ≤ 100 ms at 500, 20 joins/s' : undefined;
    const load = `${full.load.split(' → ')[0]} → ${delta.load.split(' → ')[1]}`;
    table.push(
      {
        bench: 'presence',
        what: `${room}-person room, ${RATE} joins/s on node A: join → seen on node B, p99 (delta; full = every socket gets the whole list; smaller is better)`,
        value: `${delta.p99_ms} ms (p50 ${delta.p50_ms})`,
        baseline: `full ${full.p99_ms} ms (p50 ${full.p50_ms})`,
        ratio: full.p99_ms / Math.max(1, delta.p99_ms),
        goal,
        met: goal ? delta.p99_ms <= 100 : undefined,
        load,
      },
      {
        bench: 'presence',
        what: `${room}-person room: CPU of both nodes per join (delta; smaller is better); most broadcasts in any 1 s: granted by the database (sent by the nodes, seen by the observer)`,
        value: `${delta.cpu_ms_per_join} ms; ${delta.granted_in_any_1s} (${delta.emits_in_any_1s}, ${delta.max_in_any_1s})`,
        baseline: `full ${full.cpu_ms_per_join} ms; ${full.granted_in_any_1s} (${full.emits_in_any_1s}, ${full.max_in_any_1s})`,
        ratio: full.cpu_ms_per_join / Math.max(0.1, delta.cpu_ms_per_join),
        goal: '≤ 10 broadcasts per room in any 1 s, granted by the database',
        met: delta.granted_in_any_1s <= 10 && full.granted_in_any_1s <= 10,
        load,
      },
    );
  }
  printTable(table);
  console.log(`load average after: ${load()}`);
}

runBench(main);
