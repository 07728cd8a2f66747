/**
 * Requests per second on the hot read routes, as a share of a bare Express 5 JSON "hello" measured in the
 * same run (issue 12): `GET /app/config` (key only), `GET /content/discover` (key + bearer, tenant sections
 * cached), `GET /content/classes?limit=20` (key). Private PostgreSQL on loopback, one sTvOS node
 * (`server/main.ts`, LOG_LEVEL=warn, limits lifted), autocannon in this process.
 *
 *   node bench/http-routes.ts [seconds=10] [connections=50] [rounds=3]
 *   env: BENCH_POOL (DATABASE_POOL_MAX, default 10), BENCH_LOG_LEVEL (default warn), BENCH_ROUTES=config,discover,
 *        BENCH_REDIS=0 (a single node without Redis; by default a private Redis, as a multi-node deployment runs),
 *        BENCH_STATEMENTS=1 (print the most frequent statements at the end),
 *        BENCH_PROFILE=<dir> (the node writes a V8 CPU profile there when it stops)
 *
 * Beside req/s (which the machine's load moves), two load-insensitive figures per route: the server's CPU time
 * per request (/proc/<pid>/stat over the run) and database statements per request (pg_stat_statements).
 *
 * Each round measures every target once, in turn; medians over rounds are reported with the ratio to the
 * median of the bare hello. Goals: config ≥ 50 %, discover ≥ 30 %, classes ≥ 25 %.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { cleanup, startNode, startPostgres, startRedis, sleep } from './support/cluster.ts';
import { ownerSql } from './support/seed.ts';
import { seedContentTenant } from './support/content-tenant.ts';
import { printTable, type BenchRow } from './support/table.ts';

const [SECONDS = 10, CONNECTIONS = 50, ROUNDS = 3] = [10, 50, 3].map((d, i) => Number(process.argv[2 + i] ?? d));
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function bareExpress(): Promise<{ url: string; pid: number; stop(): void }> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./support/bare-express.ts', import.meta.url))], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /ready (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`bare express exited ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, stop: () => void child.kill('SIGKILL') };
}

interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
  pid: number;
  goal?: number;
}

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** Server CPU µs per request (the node's or the bare hello's process). */
  cpu: number;
  /** Database statements (committed transactions) per request. */
  statements: number;
}

function hammer(t: Target): Promise<Omit<Measured, 'cpu' | 'statements'> & { requests: number }> {
  return new Promise((resolve, reject) => {
    autocannon({ url: t.url, connections: CONNECTIONS, duration: SECONDS, headers: t.headers }, (err, r) => {
      if (err) return reject(err);
      resolve({
        rps: r.requests.average,
        p50: r.latency.p50,
        p99: r.latency.p99,
        errors: r.non2xx + r.errors,
        requests: r.requests.total,
      });
    });
  });
}

/** The server process's CPU time so far (user + system, µs) from /proc: load-insensitive, unlike req/s. */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / 100; // utime + stime, in clock ticks of 1/100 s
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function main(): Promise<BenchRow[]> {
  console.log(
    `${SECONDS}s x ${ROUNDS} rounds, ${CONNECTIONS} connections, ${process.env['BENCH_REDIS'] === '0' ? 'no Redis' : 'with Redis'}; load average before: ${load()}`,
  );
  // pg_stat_statements counts every statement as it ends: the round trips per request.
  const pg = startPostgres(5443, { shared_preload_libraries: 'pg_stat_statements' });
  const redis = process.env['BENCH_REDIS'] === '0' ? null : await startRedis(6393);
  const node = await startNode('A', {
    DATABASE_URL: pg.url,
    ...(redis ? { REDIS_URL: redis.url } : {}),
    ...(process.env['BENCH_PROFILE']
      ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env['BENCH_PROFILE']}` }
      : {}),
    JOBS_ENABLED: 'false',
    LOG_LEVEL: process.env['BENCH_LOG_LEVEL'] ?? 'warn',
    DATABASE_POOL_MAX: process.env['BENCH_POOL'] ?? '10',
    RATE_LIMIT_PER_MINUTE: '100000000',
    RATE_LIMIT_BURST: '100000000',
    RATE_LIMIT_CLIENT_PER_MINUTE: '100000000',
  });
  const bare = await bareExpress();
  try {
    const { tenant: t, user } = await seedContentTenant(pg.url);
    const api = `${node.url}/api/v1`;
    const pid = node.child.pid!;
    await ownerSql(pg.url, 'create extension if not exists pg_stat_statements');
    const statements = async () =>
      Number(
        (
          await ownerSql<{ n: string }>(
            pg.url,
            `select coalesce(sum(calls), 0) as n from pg_stat_statements where query not like '%pg_stat_statements%'`,
          )
        )[0]!.n,
      );
    const key = { 'X-API-Key': t.apiKey };
    const all: Target[] = [
      { name: 'bare Express 5 JSON hello', url: `${bare.url}/hello`, headers: {}, pid: bare.pid },
      { name: 'GET /app/config (key)', url: `${api}/app/config`, headers: key, pid, goal: 0.5 },
      {
        name: 'GET /content/discover (key + bearer)',
        url: `${api}/content/discover`,
        headers: { ...key, Authorization: `Bearer ${user.token}` },
        pid,
        goal: 0.3,
      },
      {
        name: 'GET /content/classes?limit=20 (key)',
        url: `${api}/content/classes?limit=20`,
        headers: key,
        pid,
        goal: 0.25,
      },
    ];
    const only = process.env['BENCH_ROUTES']?.split(',');
    const targets = all.filter((x, i) => i === 0 || !only || only.some((o) => x.name.includes(o)));
    for (const x of targets) {
      const r = await fetch(x.url, { headers: x.headers });
      if (r.status !== 200) throw new Error(`${x.name}: ${r.status} ${await r.text()}`);
    }
    for (const x of targets)
      await new Promise<void>((resolve) =>
        autocannon({ url: x.url, connections: 10, duration: 2, headers: x.headers }, () => resolve()),
      );
    const results = new Map<string, Measured[]>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const x of targets) {
        const [cpu0, st0] = [cpuMicros(x.pid), await statements()];
        const h = await hammer(x);
        const [cpu1, st1] = [cpuMicros(x.pid), await statements()];
        const r = { ...h, cpu: (cpu1 - cpu0) / h.requests, statements: (st1 - st0) / h.requests };
        if (r.errors) throw new Error(`${x.name}: ${r.errors} non-2xx answers or errors`);
        results.set(x.name, [...(results.get(x.name) ?? []), r]);
        console.log(
          `round ${round + 1} ${x.name}: ${Math.round(r.rps)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ` +
            `${Math.round(r.cpu)} µs server CPU/request, ${r.statements.toFixed(2)} statements/request (load ${load()})`,
        );
        await sleep(500);
      }
    }
    if (process.env['BENCH_STATEMENTS'])
      console.table(
        await ownerSql(
          pg.url,
          `select calls, round(mean_exec_time::numeric, 3) as mean_ms, left(regexp_replace(query, '\\s+', ' ', 'g'), 150) as query
           from pg_stat_statements order by calls desc limit 12`,
        ),
      );
    const base = median(results.get(targets[0]!.name)!.map((r) => r.rps));
    return targets.map((x) => {
      const rs = results.get(x.name)!;
      const rps = median(rs.map((r) => r.rps));
      return {
        bench: 'http-routes',
        what: x.name,
        value: `${Math.round(rps)} req/s, p99 ${median(rs.map((r) => r.p99))} ms, ${Math.round(median(rs.map((r) => r.cpu)))} µs CPU/req, ${median(rs.map((r) => r.statements)).toFixed(2)} statements/req`,
        baseline: 'bare Express hello',
        ratio: rps / base,
        goal: x.goal === undefined ? undefined : `≥ ${x.goal * 100} %`,
        met: x.goal === undefined ? undefined : rps / base >= x.goal,
        load: load(),
      };
    });
  } finally {
    bare.stop();
    if (process.env['BENCH_PROFILE']) {
      node.child.kill('SIGTERM'); // a clean exit writes the profile
      await node.exited;
    }
    cleanup();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  printTable(await main());
  process.exit(0);
}
