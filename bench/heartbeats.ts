/**
 * Viewing heartbeats at volume: authenticated sockets across several tenants send `session:heartbeat` at a fixed
 * offered rate; the batched writer (group commit) and the naive baseline (one ORM transaction per heartbeat) run
 * in the same run, each in its own server process against the same PostgreSQL.
 *
 *   node bench/heartbeats.ts [sockets=4000] [tenants=4] [rate/s=10000] [seconds=20]
 *   (defaults: issue 12's case, 4,000 sockets at 10,000/s, also what `npm run bench` runs)
 *   BENCH_MODES=batched,naive (default both)
 *   BENCH_NAIVE_SECONDS (default 10): the naive writer falls behind at once and queues every heartbeat in memory,
 *     so its run is shorter to bound that memory; its rate is per second either way
 *   BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each server process there (node --cpu-prof)
 *   BENCH_SERVERS=2 runs that many server processes of the mode on one port (LISTEN_REUSE_PORT: the kernel spreads
 *     the sockets), to use both cores; CPU, memory and batches are their sums (a separate configuration, not issue 12's)
 *   BENCH_MEMBERS=1 makes every user a partner member (the usage record's partner lookup then finds one)
 *   BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/stvos_bench, created if missing)
 *
 * Reported per mode: heartbeats persisted per second (acked ones; cross-checked against the `heartbeats` column),
 * ack latency p50/p99 (emit → ack, client side), the server process's CPU and its RSS growth per connected socket,
 * and the server's CPU time per 1,000 heartbeats (its own process.cpuUsage from the first heartbeat until every
 * ack is in, over the heartbeats it was given): the figure the machine's load disturbs least.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { io as connect, type Socket } from 'socket.io-client';
import { openOrm, platformEm } from '../server/db/orm.ts';
import { createClient } from '../domain/tenancy/create-client.ts';
import { signAccessToken } from '../domain/auth/tokens.ts';
import { printTable, type BenchRow } from './support/table.ts';
import { serverDatabase } from './support/seed.ts';

const [SOCKETS = 4000, TENANTS = 4, RATE = 10000, SECONDS = 20] = [4000, 4, 10000, 20].map((d, i) =>
  Number(process.argv[2 + i] ?? d),
);
const NAIVE_SECONDS = Math.min(SECONDS, Number(process.env['BENCH_NAIVE_SECONDS'] ?? 10));
const PROFILE_DIR = process.env['BENCH_CPU_PROF'];
const SERVERS = Math.max(1, Number(process.env['BENCH_SERVERS'] ?? 1));
const DB = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/stvos_bench';
const SECRET = 'bench-jwt-secret-0123456789abcdef-0123456789';
const TICK = 100; // CLK_TCK (USER_HZ) on Linux

async function ensureDatabase() {
  const url = new URL(DB);
  const name = url.pathname.slice(1);
  const admin = new pg.Client({ connectionString: serverDatabase(DB) });
  await admin.connect();
  const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
  if (!exists.rowCount) await admin.query(`create database "${name.replace(/"/g, '')}"`);
  await admin.end();
}

/** What the server process reports on SIGUSR2: memory after a GC, its CPU time (µs) and heartbeats submitted. */
interface Report {
  rss: number;
  heap: number;
  cpuUs: number;
  submitted: number;
}

interface Server {
  child: ChildProcess;
  port: number;
  memory(): Promise<Report>;
  batches(): { count: number; rows: number; ms: number };
}

function startServer(mode: 'batched' | 'naive', n = 0, port = 0): Promise<Server> {
  const child = spawn(
    process.execPath,
    [
      '--expose-gc',
      ...(process.env['BENCH_SERVER_FLAGS']?.split(' ').filter(Boolean) ?? []),
      ...(PROFILE_DIR
        ? [
            '--cpu-prof',
            `--cpu-prof-dir=${PROFILE_DIR}`,
            `--cpu-prof-name=heartbeats-${mode}${n ? `-${n}` : ''}.cpuprofile`,
          ]
        : []),
      fileURLToPath(new URL('./heartbeats-server.ts', import.meta.url)),
      mode,
    ],
    {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: String(port),
        LISTEN_REUSE_PORT: port ? 'true' : 'false',
        LOG_LEVEL: 'warn',
        DATABASE_URL: DB,
        DATABASE_POOL_MAX: '10',
        JWT_ACCESS_SECRET: SECRET,
        ADMIN_TOKEN: 'bench-admin-token-0123456789abcdef',
        SEED_DEMO: 'false',
        JOBS_ENABLED: 'false',
        SOCKET_EVENTS_PER_SECOND: '1000',
        RATE_LIMIT_PER_MINUTE: '10000000',
        RATE_LIMIT_BURST: '1000000',
        REDIS_URL: '',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  const memory = () =>
    new Promise<Report>((resolve) => {
      const from = out.length;
      const poll = setInterval(() => {
        const m = /mem (\d+) (\d+)\n[^]*cpu (\d+) (\d+)\n/.exec(out.slice(from));
        if (m) {
          clearInterval(poll);
          const [rss, heap, cpuUs, submitted] = m.slice(1).map(Number) as [number, number, number, number];
          resolve({ rss, heap, cpuUs, submitted });
        }
      }, 20);
      child.kill('SIGUSR2');
    });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /ready (\d+)/.exec(out);
      const batches = () =>
        JSON.parse([...out.matchAll(/batches (\{.*\})/g)].at(-1)?.[1] ?? '{"count":0,"rows":0,"ms":0}');
      if (m) resolve({ child, port: Number(m[1]), memory, batches });
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

function procStats(pid: number) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
  return { cpuTicks: Number(stat[11]) + Number(stat[12]), rss };
}

/** Tenants, users, one class per tenant and one fresh session per socket, straight in the database. */
async function seed(mode: string) {
  const orm = await openOrm(DB, 4);
  const em = platformEm(orm);
  const sockets: Array<{ slug: string; apiKey: string; token: string; sessionId: number }> = [];
  const settings = {
    accessSecret: new TextEncoder().encode(SECRET),
    issuer: 'stvos',
    audience: 'stvos-api',
    accessTtlSeconds: 3600,
    refreshTtlSeconds: 3600,
  };
  for (let t = 0; t < TENANTS; t++) {
    const slug = `bench-${mode}-${Date.now().toString(36)}-${t}`;
    const { client, key } = await createClient(platformEm(orm), { slug, name: slug });
    const per = Math.ceil(SOCKETS / TENANTS);
    const users: Array<{ id: number }> = await em.execute(
      `insert into users (client_id, email, password_hash, name) select ?, 'u' || g || '@' || ? || '.bench', 'x', 'u' || g from generate_series(1, ?) g returning id`,
      [client.id, slug, per],
    );
    if (process.env['BENCH_MEMBERS']) {
      // Every user a partner member (a redeemed partner voucher), so the batch statement's partner lookup finds one.
      const [partner]: Array<{ id: number }> = await em.execute(
        `insert into partners (client_id, name) values (?, 'Bench partner') returning id`,
        [client.id],
      );
      await em.execute(
        `insert into vouchers (client_id, partner_id, code, status, redeemed_at, redeemed_by_user_id)
        select ?, ?, 'BM' || ? || '-' || u, 'redeemed', now(), u from unnest(array[${users.map((u) => u.id).join(',')}]::int[]) u`,
        [client.id, partner!.id, client.id],
      );
    }
    const [cls]: Array<{ id: number }> = await em.execute(
      `insert into classes (client_id, name, duration_seconds, intensity, published_at) values (?, 'Bench', 86400, 'low', now()) returning id`,
      [client.id],
    );
    const sessions: Array<{ id: number; user_id: number }> = await em.execute(
      `insert into viewing_sessions (client_id, user_id, class_id, device_type, total_duration_seconds) select ?, u, ?, 'bench', 86400 from unnest(array[${users.map((u) => u.id).join(',')}]::int[]) u returning id, user_id`,
      [client.id, cls!.id],
    );
    for (const s of sessions) {
      sockets.push({
        slug,
        apiKey: key.key,
        sessionId: s.id,
        token: await signAccessToken(settings as never, { typ: 'user', sub: s.user_id, cid: client.id, role: 'user' }),
      });
    }
  }
  return { orm, sockets: sockets.slice(0, SOCKETS) };
}

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

/** A free port for several servers to share (SO_REUSEPORT). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}

/** BENCH_SERVERS processes on one port, read as one: CPU, memory, heartbeats and batches summed. */
async function startServers(mode: 'batched' | 'naive') {
  if (SERVERS === 1) {
    const s = await startServer(mode);
    return { ...s, pids: [s.child.pid!], stop: () => stopServer(s.child) };
  }
  const shared = await freePort();
  const servers = await Promise.all(Array.from({ length: SERVERS }, (_, n) => startServer(mode, n + 1, shared)));
  const sum = (rs: Report[]): Report => ({
    rss: rs.reduce((a, r) => a + r.rss, 0),
    heap: rs.reduce((a, r) => a + r.heap, 0),
    cpuUs: rs.reduce((a, r) => a + r.cpuUs, 0),
    submitted: rs.reduce((a, r) => a + r.submitted, 0),
  });
  return {
    port: shared,
    pids: servers.map((s) => s.child.pid!),
    memory: async () => sum(await Promise.all(servers.map((s) => s.memory()))),
    batches: () =>
      servers
        .map((s) => s.batches())
        .reduce((a, b) => ({ count: a.count + b.count, rows: a.rows + b.rows, ms: a.ms + b.ms })),
    stop: () => Promise.all(servers.map((s) => stopServer(s.child))),
  };
}

async function stopServer(child: ChildProcess) {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

const procStatsOf = (pids: number[]) =>
  pids.map(procStats).reduce((a, b) => ({ cpuTicks: a.cpuTicks + b.cpuTicks, rss: a.rss + b.rss }));

async function run(mode: 'batched' | 'naive') {
  const { pids, port, memory, batches, stop } = await startServers(mode);
  const { orm, sockets: plan } = await seed(mode);
  await new Promise((r) => setTimeout(r, 1000));
  const idle = await memory();
  const sockets: Socket[] = [];
  for (let i = 0; i < plan.length; i += 200) {
    const batch = plan.slice(i, i + 200).map((p) =>
      connect(`http://127.0.0.1:${port}/clients/${p.slug}`, {
        auth: { apiKey: p.apiKey, token: p.token },
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
      }),
    );
    await Promise.all(
      batch.map(
        (s) => new Promise<void>((resolve, reject) => s.once('connect', resolve).once('connect_error', reject)),
      ),
    );
    sockets.push(...batch);
  }
  await new Promise((r) => setTimeout(r, 2000));
  const connectedMem = await memory();
  const connected = procStatsOf(pids);

  const latencies: number[] = [];
  let acked = 0;
  let failed = 0;
  const progress = new Array<number>(plan.length).fill(0);
  const clientCpu = process.cpuUsage();
  const started = Date.now();
  const deadline = started + (mode === 'naive' ? NAIVE_SECONDS : SECONDS) * 1000;
  let sent = 0;
  let next = 0;
  // Heartbeats not yet answered; `drained` resolves when the last one is (a counter, not a promise per heartbeat:
  // the load generator shares the machine, so it should cost as little as it can).
  let inFlight = 0;
  let onDrained: () => void = () => {};
  const answered = () => {
    if (--inFlight === 0) onDrained();
  };
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = Date.now();
      if (now >= deadline) {
        clearInterval(timer);
        return resolve();
      }
      const due = Math.floor(((now - started) / 1000) * RATE) - sent;
      for (let k = 0; k < due; k++, sent++) {
        const i = next++ % sockets.length;
        const t0 = performance.now();
        progress[i]! += 1;
        inFlight++;
        sockets[i]!.emit(
          'session:heartbeat',
          {
            sessionId: plan[i]!.sessionId,
            progressSeconds: progress[i],
            totalDurationSeconds: 86400,
            seq: progress[i],
          },
          (ack: { ok: boolean }) => {
            if (ack.ok && Date.now() <= deadline) {
              acked++;
              latencies.push(performance.now() - t0);
            } else if (!ack.ok) failed++;
            answered();
          },
        );
      }
    }, 5);
  });
  const loaded = procStatsOf(pids);
  const elapsed = (Date.now() - started) / 1000;
  const clientUsage = process.cpuUsage(clientCpu);
  await Promise.race([
    new Promise<void>((r) => (inFlight ? (onDrained = r) : r())),
    new Promise((r) => setTimeout(r, 30_000)),
  ]);
  const drained = await memory();
  const written = batches();
  const [totals] = await platformEm(orm).execute<Array<{ total: string }>>(
    `select coalesce(sum(heartbeats), 0)::bigint as total from viewing_sessions where id = any(array[${plan.map((p) => p.sessionId).join(',')}]::int[])`,
  );
  const committed = Math.min(drained.submitted - connectedMem.submitted, Number(totals?.total ?? 0));
  latencies.sort((x, y) => x - y);
  for (const s of sockets) s.close();
  await stop();
  await orm.close(true);
  return {
    // Other processes on the machine take CPU from both sides: the 1-minute load average during the run.
    mode: SERVERS > 1 ? `${mode} ×${SERVERS}` : mode,
    loadAvg: Math.round(loadavg()[0]! * 10) / 10,
    sockets: sockets.length,
    offeredPerSec: RATE,
    sent,
    persistedPerSec: Math.round(acked / elapsed),
    persistedTotal: Number(totals?.total ?? 0),
    errors: failed,
    // Includes the drain after the deadline (every heartbeat given is answered or the 30 s wait is up).
    // Over the heartbeats committed by then (the naive writer may not have answered every one it was given).
    // (none when fewer than 1,000 were: an overloaded naive writer can commit almost nothing in the run).
    serverCpuMsPer1000:
      committed < 1000 ? null : Math.round(((drained.cpuUs - connectedMem.cpuUs) / 1000 / committed) * 1000 * 10) / 10,
    ackP50ms: Math.round(pct(latencies, 50) * 10) / 10,
    ackP99ms: Math.round(pct(latencies, 99) * 10) / 10,
    serverCpuPercent: Math.round(((loaded.cpuTicks - connected.cpuTicks) / TICK / elapsed) * 100),
    // The load generator shares the machine: when it is saturated, latencies include its own queueing.
    clientCpuPercent: Math.round(((clientUsage.user + clientUsage.system) / 1e6 / elapsed) * 100),
    rssIdleMB: Math.round(idle.rss / 2 ** 20),
    rssConnectedMB: Math.round(connectedMem.rss / 2 ** 20),
    rssKbPerSocket: Math.round(((connectedMem.rss - idle.rss) / sockets.length / 1024) * 10) / 10,
    heapKbPerSocket: Math.round(((connectedMem.heap - idle.heap) / sockets.length / 1024) * 10) / 10,
    rssAfterLoadMB: Math.round(loaded.rss / 2 ** 20),
    batches: written.count,
    rowsPerBatch: written.count ? Math.round(written.rows / written.count) : 0,
    msPerBatch: written.count ? Math.round(written.ms / written.count) : 0,
  };
}

await ensureDatabase();
const results = [];
const modes = (process.env['BENCH_MODES'] ?? 'batched,naive')
  .split(',')
  .filter((m): m is 'batched' | 'naive' => m === 'batched' || m === 'naive');
for (const mode of modes) {
  const r = await run(mode);
  console.error(JSON.stringify(r));
  results.push(r);
}
console.table(results);
const [b, n] = results;
if (b && n)
  console.log(
    n.persistedPerSec >= 1
      ? `batched / naive persisted heartbeats per second: ${(b.persistedPerSec / n.persistedPerSec).toFixed(1)}x`
      : `naive writer committed under 1 heartbeat/s: no ratio (batched ${b.persistedPerSec}/s)`,
  );
const rows: BenchRow[] = [];
const batched = results.find((r) => r.mode.startsWith('batched'));
const naive = results.find((r) => r.mode.startsWith('naive'));
if (batched) {
  const load = `${batched.loadAvg} (1 min, during)`;
  rows.push({
    bench: 'heartbeats',
    what: `batched writer${SERVERS > 1 ? ` (${SERVERS} processes, one port)` : ''}: ${batched.sockets} sockets, ${RATE}/s offered, ${SECONDS} s (persisted/s ratio)`,
    value: `${batched.persistedPerSec}/s persisted, ack p50 ${batched.ackP50ms} ms, p99 ${batched.ackP99ms} ms`,
    ...(naive
      ? {
          baseline: `naive writer ${naive.persistedPerSec}/s, ack p99 ${naive.ackP99ms} ms (load ${naive.loadAvg})`,
          // A naive writer that committed under 1/s gives no ratio worth printing (it would divide by a floor).
          ...(naive.persistedPerSec >= 1 ? { ratio: batched.persistedPerSec / naive.persistedPerSec } : {}),
        }
      : {}),
    goal: `all persisted, ack p99 ≤ 250 ms at ${RATE.toLocaleString('en')}/s`,
    met: batched.persistedPerSec >= RATE * 0.97 && batched.ackP99ms <= 250,
    load,
  });
  rows.push({
    bench: 'heartbeats',
    what: 'server CPU per 1,000 heartbeats (naive ÷ batched)',
    value: batched.serverCpuMsPer1000 === null ? 'n/a' : `${batched.serverCpuMsPer1000} ms`,
    ...(naive
      ? {
          baseline:
            naive.serverCpuMsPer1000 === null
              ? 'naive writer: fewer than 1,000 committed in the run'
              : `naive writer ${naive.serverCpuMsPer1000} ms`,
          ...(naive.serverCpuMsPer1000 !== null && batched.serverCpuMsPer1000 !== null
            ? { ratio: naive.serverCpuMsPer1000 / Math.max(0.1, batched.serverCpuMsPer1000) }
            : {}),
        }
      : {}),
    load,
  });
  rows.push({
    bench: 'heartbeats',
    what: `RSS per connected socket (${batched.sockets} sockets)`,
    value: `${batched.rssKbPerSocket} KB`,
    // The goal (≤ 24 KB at 19,500 idle sockets) is bench/sockets-memory.ts's row; here the sockets carry load.
    load,
  });
}
printTable(rows);
process.exit(0);
