/**
 * The live partner dashboard under load: viewers across partners send `session:heartbeat` while one staff socket
 * per partner listens to `usage:update`. Three server modes in the same run, same data, same offered load
 * (bench/partner-dashboard-server.ts): `none` (heartbeats, no dashboard), `feed` (the real dashboard feed) and
 * `naive` (one counter query and one emit per heartbeat). Reported per mode, over the measured window:
 *   - the database's work per second (pg_stat_database of the bench database: transactions, rows read, buffer
 *     accesses); the dashboard's extra load is feed minus none (and naive minus none);
 *   - `usage:update` latency: from a heartbeat's ack to the first update for its partner that includes it (an
 *     update stamped `at` no earlier than the ack), p50/p95/p99; and updates per partner per second.
 *
 *   node bench/partner-dashboard.ts [viewers=5000] [partners=50] [heartbeats/s=500] [seconds=20]
 *   BENCH_MODES=none,feed,naive (default all three); BENCH_DEBUG=1 prints every update the staff receive
 * The database `stvos_bench_dashboard_<pid>` is created on the local PostgreSQL (BENCH_SERVER_URL) and dropped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { io as connect, type Socket } from 'socket.io-client';
import { openOrm, platformEm } from '../server/db/orm.ts';
import { loadNow, printTable } from './support/table.ts';
import { createClient } from '../domain/tenancy/create-client.ts';
import { signAccessToken } from '../domain/auth/tokens.ts';

const [VIEWERS, PARTNERS, RATE, SECONDS] = [5000, 50, 500, 20].map((d, i) => Number(process.argv[2 + i] ?? d)) as [
  number,
  number,
  number,
  number,
];
const SERVER = process.env['BENCH_SERVER_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NAME = `stvos_bench_dashboard_${process.pid}`;
const DB = Object.assign(new URL(SERVER), { pathname: `/${NAME}` }).toString();
const SECRET = 'bench-jwt-secret-0123456789abcdef-0123456789';
const TENANTS = Math.max(1, Math.ceil(PARTNERS / 10));
const MODES = (process.env['BENCH_MODES'] ?? 'none,feed,naive')
  .split(',')
  .filter((m) => ['none', 'feed', 'naive'].includes(m));

const admin = new pg.Client({ connectionString: SERVER });
await admin.connect();
await admin.query(`create database ${NAME}`);

function startServer(mode: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    [fileURLToPath(new URL('./partner-dashboard-server.ts', import.meta.url)), mode],
    {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: '0',
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
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /ready (\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

interface Viewer {
  slug: string;
  apiKey: string;
  token: string;
  sessionId: number;
  partner: number;
}
interface Staff {
  slug: string;
  apiKey: string;
  token: string;
  partnerId: number;
}

/** Tenants of 10 partners each; every viewer a member of one partner (a redeemed voucher) with a session. */
async function seed(): Promise<{ viewers: Viewer[]; staff: Staff[] }> {
  const orm = await openOrm(DB, 2);
  const em = platformEm(orm);
  const settings = {
    accessSecret: new TextEncoder().encode(SECRET),
    issuer: 'stvos',
    audience: 'stvos-api',
    accessTtlSeconds: 7200,
    refreshTtlSeconds: 7200,
  };
  const viewers: Viewer[] = [];
  const staff: Staff[] = [];
  const perPartner = Math.ceil(VIEWERS / PARTNERS);
  for (let t = 0; t < TENANTS; t++) {
    const slug = `bench-dash-${process.pid}-${t}`;
    const { client, key } = await createClient(platformEm(orm), { slug, name: slug });
    const [cls]: Array<{ id: number }> = await em.execute(
      `insert into classes (client_id, name, duration_seconds, intensity, published_at) values (?, 'Bench', 86400, 'low', now()) returning id`,
      [client.id],
    );
    for (let p = 0; p < Math.min(10, PARTNERS - t * 10); p++) {
      const [partner]: Array<{ id: number }> = await em.execute(
        `insert into partners (client_id, name) values (?, ?) returning id`,
        [client.id, `Partner ${p}`],
      );
      const [s]: Array<{ id: number }> = await em.execute(
        `insert into partner_staff (client_id, partner_id, email, password_hash, role) values (?, ?, ?, 'x', 'owner') returning id`,
        [client.id, partner!.id, `staff${partner!.id}@${slug}.bench`],
      );
      staff.push({
        slug,
        apiKey: key.key,
        partnerId: partner!.id,
        token: await signAccessToken(settings as never, {
          typ: 'partner',
          sub: s!.id,
          cid: client.id,
          pid: partner!.id,
        }),
      });
      const users: Array<{ id: number }> = await em.execute(
        `insert into users (client_id, email, password_hash, name) select ?, 'u' || g || '-' || ? || '@' || ? || '.bench', 'x', 'u' || g from generate_series(1, ?) g returning id`,
        [client.id, partner!.id, slug, perPartner],
      );
      const ids = `array[${users.map((u) => u.id).join(',')}]::int[]`;
      await em.execute(
        `insert into vouchers (client_id, partner_id, code, status, redeemed_at, redeemed_by_user_id)
        select ?, ?, 'BD' || ? || '-' || u, 'redeemed', now() - interval '40 days', u from unnest(${ids}) u`,
        [client.id, partner!.id, client.id],
      );
      const sessions: Array<{ id: number; user_id: number }> = await em.execute(
        `insert into viewing_sessions (client_id, user_id, class_id, device_type, total_duration_seconds) select ?, u, ?, 'bench', 86400 from unnest(${ids}) u returning id, user_id`,
        [client.id, cls!.id],
      );
      for (const x of sessions) {
        viewers.push({
          slug,
          apiKey: key.key,
          sessionId: x.id,
          partner: partner!.id,
          token: await signAccessToken(settings as never, {
            typ: 'user',
            sub: x.user_id,
            cid: client.id,
            role: 'user',
          }),
        });
      }
    }
  }
  await orm.close(true);
  return { viewers: viewers.slice(0, VIEWERS), staff };
}

async function dbStats() {
  const { rows } = await admin.query(
    `select xact_commit + xact_rollback as xacts, tup_returned + tup_fetched as rows_read, blks_hit + blks_read as blocks
    from pg_stat_database where datname = $1`,
    [NAME],
  );
  return { xacts: Number(rows[0].xacts), rowsRead: Number(rows[0].rows_read), blocks: Number(rows[0].blocks) };
}
const cpuTicks = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(stat[11]) + Number(stat[12]);
};
const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
const open = (url: string, auth: object) =>
  connect(url, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
const connected = (s: Socket) =>
  new Promise<void>((resolve, reject) => s.once('connect', resolve).once('connect_error', reject));

const progress = new Map<number, number>();

async function run(mode: string, plan: { viewers: Viewer[]; staff: Staff[] }) {
  const { child, port } = await startServer(mode);
  const base = `http://127.0.0.1:${port}/clients/`;
  const staffSockets = plan.staff.map((s) => open(base + s.slug, { apiKey: s.apiKey, partnerToken: s.token }));
  await Promise.all(staffSockets.map(connected));
  const sockets: Socket[] = [];
  for (let i = 0; i < plan.viewers.length; i += 250) {
    const batch = plan.viewers.slice(i, i + 250).map((v) => open(base + v.slug, { apiKey: v.apiKey, token: v.token }));
    await Promise.all(batch.map(connected));
    sockets.push(...batch);
  }
  // Sampled heartbeats (every 4th), timed from their send to the first update for their partner that includes
  // them: the feed's update stamped `at` includes every heartbeat acked before `at`; the naive one names its heartbeat.
  const waiting = new Map<number, Array<{ sent: number; acked: number }>>();
  const naiveWaiting = new Map<number, Array<{ seq: number; sent: number }>>();
  const latencies: number[] = [];
  let updates = 0;
  let measuring = false;
  staffSockets.forEach((s, i) =>
    s.on('usage:update', (u: { partnerId: number; at: string; benchSession?: number; benchSeq?: number }) => {
      const now = Date.now();
      if (measuring) updates++;
      if (process.env['BENCH_DEBUG']) console.error(now, JSON.stringify(u));
      if (u.benchSession !== undefined) {
        const q = naiveWaiting.get(u.benchSession) ?? [];
        while (q.length && q[0]!.seq <= (u.benchSeq ?? 0)) latencies.push(now - q.shift()!.sent);
        return;
      }
      const stamp = Date.parse(u.at);
      const queue = waiting.get(plan.staff[i]!.partnerId) ?? [];
      while (queue.length && queue[0]!.acked <= stamp) latencies.push(now - queue.shift()!.sent);
    }),
  );

  let acked = 0;
  let sent = 0;
  const started = Date.now();
  const warmup = started + 3000;
  const deadline = warmup + SECONDS * 1000;
  let before = await dbStats();
  let cpu0 = cpuTicks(child.pid!);
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = Date.now();
      if (!measuring && now >= warmup) {
        measuring = true;
        void dbStats().then((s) => (before = s));
        cpu0 = cpuTicks(child.pid!);
      }
      if (now >= deadline) {
        clearInterval(timer);
        return resolve();
      }
      const due = Math.floor(((now - started) / 1000) * RATE) - sent;
      for (let k = 0; k < due; k++, sent++) {
        const i = sent % sockets.length;
        const v = plan.viewers[i]!;
        const seq = (progress.get(v.sessionId) ?? 0) + 1;
        progress.set(v.sessionId, seq);
        const sentAt = Date.now();
        const sample = measuring && sent % 4 === 0;
        if (sample && mode === 'naive')
          naiveWaiting.set(v.sessionId, [...(naiveWaiting.get(v.sessionId) ?? []), { seq, sent: sentAt }]);
        sockets[i]!.emit(
          'session:heartbeat',
          { sessionId: v.sessionId, progressSeconds: seq * 5, totalDurationSeconds: 86400, seq },
          (ack: { ok: boolean }) => {
            if (!ack.ok) return;
            const at = Date.now();
            if (measuring && at <= deadline) acked++;
            if (sample && mode !== 'naive') {
              const q = waiting.get(v.partner) ?? [];
              q.push({ sent: sentAt, acked: at });
              waiting.set(v.partner, q);
            }
          },
        );
      }
    }, 5);
  });
  const cpu = cpuTicks(child.pid!) - cpu0;
  measuring = false;
  await new Promise((r) => setTimeout(r, 1500)); // stats flushed; last updates in
  const after = await dbStats();
  const unmatched = [...waiting.values(), ...naiveWaiting.values()].reduce((n, q) => n + q.length, 0);
  latencies.sort((a, b) => a - b);
  for (const s of [...sockets, ...staffSockets]) s.close();
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  const per = (n: number) => Math.round(n / SECONDS);
  return {
    mode,
    loadAvg: Math.round(loadavg()[0]! * 10) / 10,
    viewers: sockets.length,
    partners: plan.staff.length,
    heartbeatsPerSec: per(acked),
    dbXactsPerSec: per(after.xacts - before.xacts),
    dbRowsReadPerSec: per(after.rowsRead - before.rowsRead),
    dbBlocksPerSec: per(after.blocks - before.blocks),
    serverCpuPercent: Math.round((cpu / 100 / SECONDS) * 100),
    updatesPerPartnerPerSec: Math.round((updates / SECONDS / plan.staff.length) * 100) / 100,
    latencyP50ms: pct(latencies, 50),
    latencyP95ms: pct(latencies, 95),
    latencyP99ms: pct(latencies, 99),
    samples: latencies.length,
    unmatched,
  };
}

try {
  const plan = await (async () => {
    // The first server start applies the migrations.
    const { child } = await startServer('none');
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    const seeded = await seed();
    // Statistics and visibility settled before measuring, so autovacuum does not run inside a mode's window.
    const c = new pg.Client({ connectionString: DB });
    await c.connect();
    await c.query('vacuum analyze');
    await c.end();
    // Interleaved across partners, so every partner has viewers heartbeating every second (round robin sends).
    const byPartner = new Map<number, Viewer[]>();
    for (const v of seeded.viewers) byPartner.set(v.partner, [...(byPartner.get(v.partner) ?? []), v]);
    const lists = [...byPartner.values()];
    const interleaved: Viewer[] = [];
    for (let k = 0; interleaved.length < seeded.viewers.length; k++)
      for (const l of lists) if (l[k]) interleaved.push(l[k]!);
    return { ...seeded, viewers: interleaved };
  })();
  const results = [];
  for (const mode of MODES) {
    const r = await run(mode, plan);
    console.error(JSON.stringify(r));
    results.push(r);
  }
  console.table(results);
  const by = new Map(results.map((r) => [r.mode, r]));
  const none = by.get('none');
  for (const m of ['feed', 'naive']) {
    const r = by.get(m);
    if (none && r) {
      console.log(
        `${m}: extra database load per second over no dashboard: ${r.dbXactsPerSec - none.dbXactsPerSec} transactions, ${r.dbRowsReadPerSec - none.dbRowsReadPerSec} rows read, ${r.dbBlocksPerSec - none.dbBlocksPerSec} buffer accesses`,
      );
    }
  }
  const feed = by.get('feed');
  const naive = by.get('naive');
  if (none && feed && naive) {
    const extra = (r: typeof none) => r.dbXactsPerSec - none.dbXactsPerSec;
    // A difference within the run's noise can come out below zero: shown signed, and no ratio is made of it.
    const signed = (n: number) => (n < 0 ? `−${-n}` : `+${n}`);
    printTable([
      {
        bench: 'partner-dashboard',
        what: `live dashboard, ${feed.partners} partner staff, ${feed.viewers} viewers heartbeating: extra database transactions/s over no dashboard (ratio = naive ÷ feed)`,
        value: `feed ${signed(extra(feed))}/s, update p95 ${feed.latencyP95ms} ms`,
        baseline: `naive polling ${signed(extra(naive))}/s, update p95 ${naive.latencyP95ms} ms`,
        ...(extra(feed) > 0 ? { ratio: extra(naive) / extra(feed) } : {}),
        load: loadNow(),
      },
    ]);
  }
} finally {
  await admin.query(`drop database if exists ${NAME} with (force)`);
  await admin.end();
}
process.exit(0);
