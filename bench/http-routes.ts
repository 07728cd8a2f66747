/**
 * Requests per second on the hot read routes, as a share of a bare Express 5 JSON "hello" measured in the
 * same run (issue 12): `GET /app/config` (key only), `GET /content/discover` (key + bearer, tenant sections
 * cached), `GET /content/classes?limit=20` (key). Private PostgreSQL on loopback, one sTvOS node
 * (`server/main.ts`, LOG_LEVEL=warn, limits lifted), autocannon in this process.
 *
 *   node bench/http-routes.ts [seconds=10] [connections=50] [rounds=3]
 *   env: BENCH_POOL (DATABASE_POOL_MAX, default 10), BENCH_LOG_LEVEL (default warn), BENCH_ROUTES=config,discover
 *
 * Each round measures every target once, in turn; medians over rounds are reported with the ratio to the
 * median of the bare hello. Goals: config ≥ 50 %, discover ≥ 30 %, classes ≥ 25 %.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { cleanup, startNode, startPostgres, sleep } from './support/cluster.ts';
import { seedTenant, sql } from './support/seed.ts';
import { printTable, type BenchRow } from './support/table.ts';

const [SECONDS = 10, CONNECTIONS = 50, ROUNDS = 3] = [10, 50, 3].map((d, i) => Number(process.argv[2 + i] ?? d));
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function bareExpress(): Promise<{ url: string; stop(): void }> {
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
  return { url: `http://127.0.0.1:${port}`, stop: () => void child.kill('SIGKILL') };
}

interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
  goal?: number;
}

function hammer(t: Target): Promise<{ rps: number; p50: number; p99: number; errors: number }> {
  return new Promise((resolve, reject) => {
    autocannon({ url: t.url, connections: CONNECTIONS, duration: SECONDS, headers: t.headers }, (err, r) => {
      if (err) return reject(err);
      resolve({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.non2xx + r.errors });
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function main(): Promise<BenchRow[]> {
  console.log(`${SECONDS}s x ${ROUNDS} rounds, ${CONNECTIONS} connections; load average before: ${load()}`);
  const pg = startPostgres(5443);
  const node = await startNode('A', {
    DATABASE_URL: pg.url,
    JOBS_ENABLED: 'false',
    LOG_LEVEL: process.env['BENCH_LOG_LEVEL'] ?? 'warn',
    DATABASE_POOL_MAX: process.env['BENCH_POOL'] ?? '10',
    RATE_LIMIT_PER_MINUTE: '100000000',
    RATE_LIMIT_BURST: '100000000',
    RATE_LIMIT_CLIENT_PER_MINUTE: '100000000',
  });
  const bare = await bareExpress();
  try {
    const t = await seedTenant(pg.url, 1);
    await sql(
      pg.url,
      `update clients set enabled_features = array(select distinct unnest(enabled_features || array['classes', 'live_classes'])) where id = ?`,
      [t.id],
    );
    await sql(
      pg.url,
      `insert into categories (name, slug) select 'Bench ' || g, 'bench-' || g from generate_series(1, 6) g on conflict do nothing`,
    );
    await sql(
      pg.url,
      `insert into client_categories (client_id, category_id, position) select ?, id, id from categories where slug like 'bench-%'`,
      [t.id],
    );
    await sql(
      pg.url,
      `insert into classes (client_id, name, duration_seconds, intensity, category_id, is_featured, published_at)
      select ?, 'Class ' || g, 600 + g * 60, (array['low', 'medium', 'high'])[1 + g % 3], (select min(category_id) from client_categories where client_id = ?) + g % 6,
             g % 5 = 0, now() - g * interval '1 hour' from generate_series(1, 200) g`,
      [t.id, t.id],
    );
    await sql(
      pg.url,
      `insert into classes (client_id, name, duration_seconds, intensity, kind, status, scheduled_at, published_at)
      select ?, 'Live ' || g, 3600, 'medium', 'live', 'scheduled', now() + g * interval '1 hour', now() from generate_series(1, 10) g`,
      [t.id],
    );
    const user = t.users[0]!;
    // Eight classes half watched: discover's continueWatching has rows to join.
    await sql(
      pg.url,
      `insert into viewing_sessions (client_id, user_id, class_id, device_type, total_duration_seconds, progress_seconds, position_seconds)
      select ?, ?, id, 'bench', duration_seconds, duration_seconds / 3, duration_seconds / 3 from classes where client_id = ? and kind = 'on_demand' order by id limit 8`,
      [t.id, user.id, t.id],
    );
    const api = `${node.url}/api/v1`;
    const key = { 'X-API-Key': t.apiKey };
    const all: Target[] = [
      { name: 'bare Express 5 JSON hello', url: `${bare.url}/hello`, headers: {} },
      { name: 'GET /app/config (key)', url: `${api}/app/config`, headers: key, goal: 0.5 },
      {
        name: 'GET /content/discover (key + bearer)',
        url: `${api}/content/discover`,
        headers: { ...key, Authorization: `Bearer ${user.token}` },
        goal: 0.3,
      },
      { name: 'GET /content/classes?limit=20 (key)', url: `${api}/content/classes?limit=20`, headers: key, goal: 0.25 },
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
    const results = new Map<string, Array<{ rps: number; p50: number; p99: number; errors: number }>>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const x of targets) {
        const r = await hammer(x);
        if (r.errors) throw new Error(`${x.name}: ${r.errors} non-2xx answers or errors`);
        results.set(x.name, [...(results.get(x.name) ?? []), r]);
        console.log(
          `round ${round + 1} ${x.name}: ${Math.round(r.rps)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms (load ${load()})`,
        );
        await sleep(500);
      }
    }
    const base = median(results.get(targets[0]!.name)!.map((r) => r.rps));
    return targets.map((x) => {
      const rs = results.get(x.name)!;
      const rps = median(rs.map((r) => r.rps));
      return {
        bench: 'http-routes',
        what: x.name,
        value: `${Math.round(rps)} req/s, p99 ${median(rs.map((r) => r.p99))} ms`,
        baseline: 'bare Express hello',
        ratio: rps / base,
        goal: x.goal === undefined ? undefined : `≥ ${x.goal * 100} %`,
        met: x.goal === undefined ? undefined : rps / base >= x.goal,
        load: load(),
      };
    });
  } finally {
    bare.stop();
    cleanup();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  printTable(await main());
  process.exit(0);
}
