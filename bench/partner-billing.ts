/**
 * Monthly billing over many usage rows: the job's one-statement report (domain/partner-usage/billing-report.ts)
 * against a naive loop (one query per member, sums and lines in JS, one insert per line), same data, same run.
 *   npx node bench/partner-billing.ts [members=20000] [classes=25] [days=24] [naiveSeconds=60]
 * Rows = members × classes × days less a seventh (default 10,285,728), generated with generate_series in a dedicated database
 * (BENCH_BILLING_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/stvos_bench_billing) that is dropped
 * at the end. The naive loop stops after naiveSeconds and its full time is extrapolated (stated as such).
 */
import { buildContext } from '../domain/shared/use-case.ts';
import { loadavg } from 'node:os';
import { openOrm, migrate, platformEm } from '../server/db/orm.ts';
import { createClient } from '../domain/tenancy/create-client.ts';
import { tenantOf } from '../domain/shared/scope.ts';
import { setBillingPlan } from '../domain/partner-usage/billing-plans.ts';
import { issueMonthlyReport } from '../domain/partner-usage/billing-report.ts';
import { loadNow, printTable } from './support/table.ts';
import { ownerSql, serverDatabase } from './support/seed.ts';

const [MEMBERS, CLASSES, DAYS, NAIVE_SECONDS] = [20_000, 25, 24, 60].map((d, i) =>
  Number(process.argv[2 + i] ?? d),
) as [number, number, number, number];
const DB = process.env['BENCH_BILLING_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/stvos_bench_billing';
const NAME = new URL(DB).pathname.slice(1);
const MONTH = '2026-10';

const admin = (sql: string) => ownerSql(serverDatabase(DB), sql);

const seconds = (t0: number) => Math.round((performance.now() - t0) / 10) / 100;

await admin(`drop database if exists "${NAME}"`);
await admin(`create database "${NAME}"`);
const orm = await openOrm(DB, 4);
try {
  await migrate(orm);
  const { client } = await createClient(platformEm(orm), { slug: 'bench-billing', name: 'Bench billing' });
  const ctx = buildContext(orm.em, {
    tenant: tenantOf(client),
    actor: { kind: 'system', job: 'bench' },
    clock: () => new Date('2026-11-01T12:30:00Z'),
  });
  const em = platformEm(orm);
  const [partner]: Array<{ id: number }> = await em.execute(
    `insert into partners (client_id, name) values (?, 'Bench partner') returning id`,
    [client.id],
  );
  await setBillingPlan(ctx, partner!.id, {
    basis: 'active_member',
    priceMinor: 450,
    currency: 'EUR',
    timeZone: 'Europe/Berlin',
  });

  let t0 = performance.now();
  await em.execute(
    `insert into users (client_id, email, password_hash, name) select ?, 'm' || g || '@bench.example', 'x', 'Member ' || g from generate_series(1, ?) g`,
    [client.id, MEMBERS],
  );
  await em.execute(
    `insert into vouchers (client_id, partner_id, code, status, redeemed_at, redeemed_by_user_id)
    select ?, ?, 'BB-' || u.id, 'redeemed', timestamptz '2026-09-01', u.id from users u where u.client_id = ?`,
    [client.id, partner!.id, client.id],
  );
  // Usage in chunks of members, so progress shows and no single statement runs for minutes.
  const users: Array<{ lo: number; hi: number }> = await em.execute(
    `select min(id) as lo, max(id) as hi from users where client_id = ?`,
    [client.id],
  );
  const { lo, hi } = { lo: Number(users[0]!.lo), hi: Number(users[0]!.hi) };
  const chunk = Math.max(1, Math.floor(1_000_000 / (CLASSES * DAYS)));
  for (let from = lo; from <= hi; from += chunk) {
    await em.execute(
      `insert into usage_records (client_id, user_id, kind, subject_id, bucket, seconds)
       select ?, u, 'watch', s, timestamptz '2026-10-01 00:00:00+02' + (d || ' days')::interval + (s || ' minutes')::interval * 15, 60 + (u + s + d) % 900
       from generate_series(?::int, ?::int) u, generate_series(1, ?) s, generate_series(0, ? - 1) d
       where (u + s) % 7 <> 0`,
      [client.id, from, Math.min(hi, from + chunk - 1), CLASSES, DAYS],
    );
    process.stderr.write(`\rgenerated members ${from - lo + chunk}/${MEMBERS}`);
  }
  // As the login role: the schema owner's statistics (the application role may not analyze the table).
  await ownerSql(DB, 'analyze usage_records');
  const rows = Number(
    ((await em.execute(`select count(*)::bigint as rows from usage_records`)) as Array<{ rows: string }>)[0]!.rows,
  );
  process.stderr.write(`\n${rows} usage rows in ${seconds(t0)} s\n`);

  // The job's way: one statement.
  t0 = performance.now();
  const outcome = await ctx.em.transactional((tx) =>
    issueMonthlyReport({ ...ctx, em: tx as never }, partner!.id, MONTH),
  );
  const sqlSeconds = seconds(t0);
  const [report] = await em.execute(
    `select members, billable_units, total_minor::bigint as total, watch_seconds::bigint as watch from partner_billing_reports where partner_id = ?`,
    [partner!.id],
  );

  // The naive way: per member, a query for their sums, then a line insert; stops at the time budget.
  t0 = performance.now();
  const members: Array<{ user_id: number }> = await em.execute(
    `select redeemed_by_user_id as user_id from vouchers where client_id = ? and partner_id = ? order by 1`,
    [client.id, partner!.id],
  );
  let done = 0;
  let billable = 0;
  const naive = platformEm(orm);
  await naive.execute(`create temp table if not exists naive_lines (user_id int, watch bigint, amount bigint)`);
  for (const m of members) {
    const [u] = await naive.execute(
      `select coalesce(sum(seconds), 0) as watch from usage_records where client_id = ? and user_id = ? and bucket >= timestamptz '2026-10-01 00:00:00+02' and bucket < timestamptz '2026-11-01 00:00:00+01'`,
      [client.id, m.user_id],
    );
    const active = Number(u!.watch) > 0;
    if (active) billable++;
    await naive.execute(`insert into naive_lines values (?, ?, ?)`, [m.user_id, u!.watch, active ? 450 : 0]);
    done++;
    if (performance.now() - t0 > NAIVE_SECONDS * 1000) break;
  }
  const naiveSeconds = seconds(t0);
  const naiveFull = Math.round((naiveSeconds * members.length) / done);
  console.log(
    JSON.stringify({
      usageRows: Number(rows),
      members: MEMBERS,
      outcome: outcome.status,
      reportMembers: report?.members,
      billableUnits: report?.billable_units,
      totalMinor: Number(report?.total),
      sqlSeconds,
      naiveMembersDone: done,
      naiveSeconds,
      naiveFullSecondsEstimated: done === members.length ? naiveSeconds : naiveFull,
      naiveBillableSoFar: billable,
      speedup: Math.round(((done === members.length ? naiveSeconds : naiveFull) / sqlSeconds) * 10) / 10,
      loadAvg: Math.round(loadavg()[0]! * 10) / 10,
    }),
  );
  const naiveTotal = done === members.length ? naiveSeconds : naiveFull;
  printTable([
    {
      bench: 'partner-billing',
      what: `monthly billing report over ${Number(rows).toLocaleString('en')} usage rows, ${MEMBERS} members (one statement)`,
      value: `${sqlSeconds} s`,
      baseline: `naive per-member loop: ${naiveTotal} s${done === members.length ? '' : ` (extrapolated from ${done} members in ${naiveSeconds} s)`}`,
      ratio: naiveTotal / sqlSeconds,
      load: loadNow(),
    },
  ]);
} finally {
  await orm.close(true);
  await admin(`drop database if exists "${NAME}"`);
}
