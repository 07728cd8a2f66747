/**
 * The usage-watch job (every minute, per tenant: watched seconds move into the usage record) over a tenant with many
 * viewing sessions, of which few have seconds not yet recorded; with the tenant's sessions found through the
 * `client_id` index (what runs without an index for the job) against a partial index on the sessions with
 * unrecorded seconds (`where watched_seconds > usage_recorded_seconds`). The partial index is not free: a
 * heartbeat that raises `watched_seconds` puts the row into it, so the heartbeat batch's UPDATE is timed in both
 * modes too (heartbeat updates are never HOT here anyway: `last_heartbeat_at` is indexed).
 *   npx node bench/usage-watch.ts [sessions=500000] [dirty=2000] [rounds=7]
 * Dedicated database (BENCH_USAGE_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/stvos_bench_usage),
 * dropped at the end.
 */
import { loadavg } from 'node:os';
import { openOrm, migrate, platformEm } from '../server/db/orm.ts';
import { createClient } from '../domain/tenancy/create-client.ts';
import { tenantOf } from '../domain/shared/scope.ts';
import { buildContext, runUseCase } from '../domain/shared/use-case.ts';
import { recordWatchUsage } from '../domain/partner-usage/usage-record.ts';
import { printTable, type BenchRow } from './support/table.ts';
import { ownerSql, serverDatabase } from './support/seed.ts';

const [SESSIONS, DIRTY, ROUNDS] = [500_000, 2_000, 7].map((d, i) => Number(process.argv[2 + i] ?? d)) as [
  number,
  number,
  number,
];
const DB = process.env['BENCH_USAGE_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/stvos_bench_usage';
const NAME = new URL(DB).pathname.slice(1);
const USERS = 10_000;

/** Creating and dropping the bench database, on the server's `postgres` database. */
const admin = (sql: string) => ownerSql(serverDatabase(DB), sql);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

await admin(`drop database if exists "${NAME}"`);
await admin(`create database "${NAME}"`);
const orm = await openOrm(DB, 2);
try {
  await migrate(orm);
  const em = platformEm(orm);
  const { client } = await createClient(em, { slug: 'bench-usage', name: 'Bench usage' });
  await em.execute(
    `insert into users (client_id, email, password_hash, name) select ?, 'u' || g || '@bench.example', 'x', 'User ' || g from generate_series(1, ?) g`,
    [client.id, USERS],
  );
  const [{ lo } = { lo: 0 }]: Array<{ lo: number }> = await em.execute(
    `select min(id)::int as lo from users where client_id = ?`,
    [client.id],
  );
  // Finished sessions whose seconds are all recorded: what a tenant's table mostly holds.
  await em.execute(
    `insert into viewing_sessions (client_id, user_id, device_type, status, progress_seconds, total_duration_seconds,
       watched_seconds, usage_recorded_seconds, started_at, last_heartbeat_at, completed_at, ended_at)
     select ?, ? + g % ?, 'ios', 'completed', 1800, 1800, 1800, 1800, now() - interval '30 days', now() - interval '30 days',
       now() - interval '30 days', now() - interval '30 days'
     from generate_series(1, ?) g`,
    [client.id, lo, USERS, SESSIONS],
  );
  await ownerSql(DB, `vacuum analyze viewing_sessions`);
  const ctx = buildContext(orm.em, {
    tenant: tenantOf(client),
    actor: { kind: 'system', job: 'bench' },
  });
  const [{ first, last } = { first: 0, last: 0 }]: Array<{ first: number; last: number }> = await em.execute(
    `select min(id)::int as first, max(id)::int as last from viewing_sessions where client_id = ?`,
    [client.id],
  );

  /** One heartbeat batch (the columns the heartbeat store's UPDATE writes) over DIRTY sessions, then the job. */
  async function round(seed: number): Promise<{ batch: number; job: number; moved: number }> {
    const ids = Array.from({ length: DIRTY }, (_, i) => first + ((seed * 7919 + i * 104_729) % (last - first + 1)));
    let t0 = performance.now();
    await em.execute(
      `update viewing_sessions s set watched_seconds = s.watched_seconds + 10, watch_increment = 10,
         progress_seconds = least(s.progress_seconds + 10, s.total_duration_seconds), heartbeats = s.heartbeats + 1,
         last_heartbeat_at = now()
       from unnest(?::int[]) as v(id) where s.client_id = ? and s.id = v.id`,
      [`{${ids.join(',')}}`, client.id],
    );
    const batch = performance.now() - t0;
    t0 = performance.now();
    const moved = await runUseCase(ctx, { publish() {} }, (tx) => recordWatchUsage(tx));
    return { batch, job: performance.now() - t0, moved };
  }

  async function mode(label: string) {
    await round(0); // warm the cache
    const batches: number[] = [];
    const jobs: number[] = [];
    for (let r = 1; r <= ROUNDS; r++) {
      const { batch, job } = await round(r);
      batches.push(batch);
      jobs.push(job);
    }
    process.stdout.write(
      `${label}: heartbeat batch of ${DIRTY} p50 ${ms(median(batches))}; job p50 ${ms(median(jobs))} (rounds: ${jobs.map((j) => j.toFixed(0)).join(', ')} ms)\n`,
    );
    return { batch: median(batches), job: median(jobs) };
  }

  process.stdout.write(
    `${SESSIONS.toLocaleString('en')} sessions, ${DIRTY} with new seconds per round, ${ROUNDS} rounds\n`,
  );
  const scan = await mode('client_id index (no index for the job)');
  await ownerSql(
    DB,
    `create index bench_viewing_sessions_unrecorded on viewing_sessions (client_id, id) where watched_seconds > usage_recorded_seconds`,
  );
  await ownerSql(DB, `analyze viewing_sessions`);
  const partial = await mode('partial index on unrecorded seconds');
  const at = load();
  const rows: BenchRow[] = [
    {
      bench: 'usage-watch',
      what: `usage-watch job per tenant, ${SESSIONS.toLocaleString('en')} sessions, ${DIRTY} with new seconds (time, smaller is better)`,
      value: `${ms(partial.job)} with the partial index`,
      baseline: `${ms(scan.job)} through client_id`,
      ratio: scan.job / partial.job,
      load: at,
    },
    {
      bench: 'usage-watch',
      what: `heartbeat batch UPDATE of ${DIRTY} sessions (the partial index's cost; time, smaller is better)`,
      value: `${ms(partial.batch)} with the partial index`,
      baseline: `${ms(scan.batch)} without`,
      ratio: scan.batch / partial.batch,
      load: at,
    },
  ];
  printTable(rows);
} finally {
  await orm.close(true);
  await admin(`drop database if exists "${NAME}"`);
}
