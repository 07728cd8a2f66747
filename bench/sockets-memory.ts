/**
 * Memory per idle authenticated socket: what the server process grows by for each connected socket, against a
 * bare Socket.IO 4 server (library defaults, no app code) holding the same number of sockets in the same run.
 *
 *   npx node bench/sockets-memory.ts [sockets=19500] [servers=1] [tenants=10]
 *   BENCH_MODES=app,bare (default both)
 *   BENCH_HEAPSNAPSHOT=<dir>: each server also writes a heap snapshot there when idle and once the sockets are connected
 *
 * Starts its own PostgreSQL (port 5447) and Redis (6397) on loopback. Each mode gets fresh server processes
 * (`servers` > 1: that many processes on one port with SO_REUSEPORT, the kernel spreading connections; the app
 * nodes then share the Redis adapter, as a deployment would). Users, one per socket, are seeded across `tenants`
 * tenants; every socket connects with an API key and a user token, as an app does. The sockets come from several
 * client processes (plain websockets speaking the Socket.IO handshake, bench/support/raw-sockets-client.ts), none
 * above 9,750 sockets, so no process nears the machine's 20,000 open-file limit, each from its own 127.0.0.x
 * address (its own ephemeral ports).
 *
 * Measured in each server process after a forced GC (bench/support/sockets-memory-server.ts): RSS and heap
 * before the sockets (idle) and once they are all connected and quiet; per socket = growth ÷ sockets. RSS is
 * read after a plain GC and after a memory-reducing one (what V8's memory reducer does once a process is idle:
 * heap pages the connect phase left committed are given back); the goal is judged on the latter, the RSS an idle
 * node settles at, as the former grows with how busy the machine was while the sockets connected. Also the
 * server's CPU time per socket over the connect phase (a load-insensitive figure, as latencies on this shared
 * machine are not): the handshake, plus the pings (every 25 s) of the sockets already open, so a slow connect
 * phase on a loaded machine counts more pings per socket.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { BENCH_SECRET, freePort, runBench, sleep, startPostgres, startRedis } from './support/cluster.ts';
import { seedTenant } from './support/seed.ts';
import { printTable, type BenchRow } from './support/table.ts';
import type { OpenRequest, Opened } from './support/raw-sockets-client.ts';

const [SOCKETS = 19_500, SERVERS = 1, TENANTS = 10] = [19_500, 1, 10].map((d, i) => Number(process.argv[2 + i] ?? d));
const MODES = (process.env['BENCH_MODES'] ?? 'app,bare')
  .split(',')
  .filter((m): m is Mode => m === 'app' || m === 'bare');
const PER_CLIENT = 9_750;
const SNAPSHOTS = process.env['BENCH_HEAPSNAPSHOT'];
type Mode = 'app' | 'bare';

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

interface Memory {
  rss: number;
  heap: number;
  external: number;
  cpuMicros: number;
  sockets: number;
  rssReduced: number;
}

interface ServerProcess {
  child: ChildProcess;
  memory(): Promise<Memory>;
  snapshot(): void;
}

function startServer(mode: Mode, port: number, env: Record<string, string>): Promise<ServerProcess> {
  const script = fileURLToPath(new URL('./support/sockets-memory-server.ts', import.meta.url));
  const flags = ['--expose-gc', ...(SNAPSHOTS ? ['--heapsnapshot-signal=SIGUSR1'] : [])];
  const child = spawn(process.execPath, [...flags, script, mode], {
    cwd: SNAPSHOTS ?? process.cwd(),
    env: {
      ...process.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      LISTEN_REUSE_PORT: SERVERS > 1 ? 'true' : 'false',
      LOG_LEVEL: 'warn',
      JWT_ACCESS_SECRET: BENCH_SECRET,
      ADMIN_TOKEN: 'bench-admin-token-0123456789abcdef',
      SEED_DEMO: 'false',
      JOBS_ENABLED: 'false',
      DATABASE_POOL_MAX: '10',
      RATE_LIMIT_PER_MINUTE: '10000000',
      RATE_LIMIT_BURST: '1000000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
    if (out.length > 100_000) out = out.slice(-10_000);
  });
  const memory = () =>
    new Promise<Memory>((resolve) => {
      const from = out.length;
      const poll = setInterval(() => {
        const m = /mem (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)/.exec(out.slice(from));
        if (!m) return;
        clearInterval(poll);
        const [rss, heap, external, , cpuMicros, sockets, rssReduced] = m.slice(1).map(Number) as number[];
        resolve({
          rss: rss!,
          heap: heap!,
          external: external!,
          cpuMicros: cpuMicros!,
          sockets: sockets!,
          rssReduced: rssReduced!,
        });
      }, 20);
      child.kill('SIGUSR2');
    });
  return new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      if (/ready \d+/.test(out)) {
        clearInterval(poll);
        resolve({ child, memory, snapshot: () => child.kill('SIGUSR1') });
      }
    }, 20);
    child.once('exit', (code) => (clearInterval(poll), reject(new Error(`${mode} server exited ${code}`))));
  });
}

let nextAddress = 2;
/** Opens the sockets from client processes of at most PER_CLIENT sockets each; resolves once all answered. */
async function openSockets(port: number, plan: OpenRequest['sockets']) {
  const clients: ChildProcess[] = [];
  const script = fileURLToPath(new URL('./support/raw-sockets-client.ts', import.meta.url));
  const replies: Array<Promise<Opened>> = [];
  for (let i = 0; i < plan.length; i += PER_CLIENT) {
    const child = fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    clients.push(child);
    replies.push(new Promise((resolve) => child.once('message', (m: Opened) => resolve(m))));
    const request: OpenRequest = {
      type: 'open',
      url: `ws://127.0.0.1:${port}`,
      localAddress: `127.0.0.${nextAddress++}`,
      sockets: plan.slice(i, i + PER_CLIENT),
      concurrency: 50,
    };
    child.send(request);
  }
  const opened = await Promise.all(replies);
  return {
    ok: opened.reduce((n, o) => n + o.ok, 0),
    failed: opened.reduce((n, o) => n + o.failed, 0),
    firstError: opened.find((o) => o.firstError)?.firstError ?? null,
    seconds: Math.max(...opened.map((o) => o.ms)) / 1000,
    close: async () => {
      await Promise.all(
        clients.map((c) => new Promise((resolve) => (c.once('exit', resolve), c.send({ type: 'close' })))),
      );
    },
  };
}

interface Result {
  mode: Mode;
  servers: number;
  sockets: number;
  failed: number;
  perServer: string;
  rssIdleMB: number;
  rssConnectedMB: number;
  rssKbPerSocket: number;
  rssReducedKbPerSocket: number;
  heapKbPerSocket: number;
  externalKbPerSocket: number;
  cpuMsPerHandshake: number;
  connectSeconds: number;
  load: string;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const kb = (bytes: number, n: number) => Math.round((bytes / Math.max(1, n) / 1024) * 10) / 10;

async function measure(mode: Mode, env: Record<string, string>, plan: OpenRequest['sockets']): Promise<Result> {
  const port = await freePort();
  const servers: ServerProcess[] = [];
  // One after the other: the first app node applies the migrations.
  for (let i = 0; i < SERVERS; i++) servers.push(await startServer(mode, port, env));
  await sleep(1500);
  const idle = await Promise.all(servers.map((s) => s.memory()));
  if (SNAPSHOTS) {
    for (const s of servers) s.snapshot();
    await sleep(10_000);
  }
  const opened = await openSockets(port, plan);
  await sleep(3000); // handshakes' leftovers (promises, Redis replies) settle
  const connected = await Promise.all(servers.map((s) => s.memory()));
  if (SNAPSHOTS) {
    for (const s of servers) s.snapshot();
    await sleep(20_000);
  }
  const n = sum(connected.map((m) => m.sockets));
  const grown = (k: keyof Memory) => sum(connected.map((m, i) => m[k] - idle[i]![k]));
  const result: Result = {
    mode,
    servers: SERVERS,
    sockets: n,
    failed: opened.failed,
    perServer: connected.map((m) => m.sockets).join('+'),
    rssIdleMB: Math.round(sum(idle.map((m) => m.rss)) / 2 ** 20),
    rssConnectedMB: Math.round(sum(connected.map((m) => m.rss)) / 2 ** 20),
    rssKbPerSocket: kb(grown('rss'), n),
    rssReducedKbPerSocket: kb(grown('rssReduced'), n),
    heapKbPerSocket: kb(grown('heap'), n),
    externalKbPerSocket: kb(grown('external'), n),
    cpuMsPerHandshake: Math.round((grown('cpuMicros') / Math.max(1, n) / 1000) * 100) / 100,
    connectSeconds: Math.round(opened.seconds * 10) / 10,
    load: load(),
  };
  if (opened.firstError) console.error(`${mode}: ${opened.failed} sockets refused, first: ${opened.firstError}`);
  await opened.close();
  for (const s of servers) s.child.kill('SIGTERM');
  await Promise.all(
    servers.map((s) => new Promise((r) => (s.child.exitCode !== null ? r(0) : s.child.once('exit', r)))),
  );
  return result;
}

async function main() {
  console.log(`${SOCKETS} sockets, ${SERVERS} server process(es), ${TENANTS} tenants; load average before: ${load()}`);
  if (SNAPSHOTS) mkdirSync(SNAPSHOTS, { recursive: true });
  const pg = startPostgres(5447);
  const redis = await startRedis(6397);
  const env = { DATABASE_URL: pg.url, REDIS_URL: redis.url };
  // Migrations and the tenants first, through a short-lived node, so every measured run starts alike.
  const setup = await startServer('app', await freePort(), env);
  setup.child.kill('SIGTERM');
  await new Promise((r) => setup.child.once('exit', r));
  const per = Math.ceil(SOCKETS / TENANTS);
  const plan: OpenRequest['sockets'] = [];
  for (let t = 0; t < TENANTS; t++) {
    const tenant = await seedTenant(pg.url, per);
    for (const u of tenant.users)
      plan.push({ nsp: `/clients/${tenant.slug}`, auth: { apiKey: tenant.apiKey, token: u.token } });
  }
  plan.splice(SOCKETS);
  // Interleaved tenants, so each client process (and each server behind SO_REUSEPORT) gets all of them.
  plan.sort((a, b) => a.auth['token']!.localeCompare(b.auth['token']!));

  const results: Result[] = [];
  for (const mode of MODES) {
    const r = await measure(mode, env, plan);
    console.error(JSON.stringify(r));
    results.push(r);
  }
  console.table(results);
  const app = results.find((r) => r.mode === 'app');
  const bare = results.find((r) => r.mode === 'bare');
  const rows: BenchRow[] = [];
  if (app) {
    const where = `${app.sockets} idle authenticated sockets${SERVERS > 1 ? ` on ${SERVERS} processes (${app.perServer})` : ''}`;
    rows.push({
      bench: 'sockets-memory',
      what: `server RSS per socket after a memory-reducing GC (after a plain GC in brackets), ${where} (ratio: app ÷ bare, lower is better)`,
      value: `${app.rssReducedKbPerSocket} KB (${app.rssKbPerSocket} KB; heap ${app.heapKbPerSocket} KB)`,
      ...(bare
        ? {
            baseline: `bare Socket.IO ${bare.rssReducedKbPerSocket} KB (${bare.rssKbPerSocket} KB; heap ${bare.heapKbPerSocket} KB)`,
            ratio: app.rssReducedKbPerSocket / Math.max(0.1, bare.rssReducedKbPerSocket),
          }
        : {}),
      // The goal is for one process at 19,500 sockets; other shapes are reported without it.
      ...(SERVERS === 1 && SOCKETS >= 19_500
        ? { goal: '≤ 24 KB per socket at 19,500', met: app.failed === 0 && app.rssReducedKbPerSocket <= 24 }
        : {}),
      load: app.load,
    });
    rows.push({
      bench: 'sockets-memory',
      what: `server CPU per socket while connecting (handshake, and pings answered meanwhile; ${app.sockets} sockets in ${app.connectSeconds} s)`,
      value: `${app.cpuMsPerHandshake} ms`,
      ...(bare
        ? {
            baseline: `bare Socket.IO ${bare.cpuMsPerHandshake} ms`,
            ratio: app.cpuMsPerHandshake / Math.max(0.001, bare.cpuMsPerHandshake),
          }
        : {}),
      load: app.load,
    });
  }
  printTable(rows);
  console.log(`load average after: ${load()}`);
}

runBench(main);
