/**
 * Where booking contention's time goes (issue 12 item 4): the booking-contention burst (N concurrent bookings of one
 * slot across two nodes), with the database's own account of every statement (pg_stat_statements, planning
 * included), rounds alternating between row-level security as migrated and with the tenant tables' policies
 * switched off (`disable row level security` as the owner; the role switch and the binding stay). Diagnostic, not
 * a goal: the goal is bench/booking-contention.ts. Run by hand (not by `npm run bench`).
 *
 *   node bench/booking-statements.ts [requests=200] [rounds per mode=4]
 */
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { cleanup } from './support/cluster.ts';
import { bookingCluster, seedBookableTrainer } from './support/bookable-trainer.ts';
import { ownerSql, pct } from './support/seed.ts';

const [N = 200, ROUNDS = 4] = [200, 4].map((d, i) => Number(process.argv[2 + i] ?? d));
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
type Mode = 'rls' | 'no-rls';
interface Stat {
  calls: number;
  exec: number;
  plan: number;
  query: string;
}

async function setPolicies(url: string, on: boolean): Promise<void> {
  const tables = await ownerSql<{ relname: string }>(
    url,
    `select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attname = 'client_id' and not a.attisdropped
     where n.nspname = 'public' and c.relkind in ('r', 'p')`,
  );
  await ownerSql(
    url,
    tables.map((t) => `alter table "${t.relname}" ${on ? 'enable' : 'disable'} row level security`).join('; '),
  );
}

async function main(): Promise<void> {
  console.log(`${N} concurrent bookings of one slot, two nodes, ${ROUNDS} rounds per mode; load ${load()}`);
  try {
    const { pg, nodes } = await bookingCluster(5446, { 'pg_stat_statements.track_planning': 'on' });
    const { tenant: t, trainerId, slots, book } = await seedBookableTrainer(pg.url, nodes[0]!.url, 40);
    const losers: Record<Mode, number[]> = { rls: [], 'no-rls': [] };
    const stats: Record<Mode, Map<string, Stat>> = { rls: new Map(), 'no-rls': new Map() };
    let policies = true;
    for (let round = 0; round <= 2 * ROUNDS; round++) {
      const mode: Mode = round % 2 === 1 ? 'no-rls' : 'rls';
      if ((mode === 'rls') !== policies) {
        policies = mode === 'rls';
        await setPolicies(pg.url, policies);
      }
      await ownerSql(pg.url, 'select pg_stat_statements_reset()');
      const slot = slots[round + 2]!;
      const answers = await Promise.all(
        Array.from({ length: N }, async (_, i) => {
          const t0 = performance.now();
          const r = await book(nodes[i % 2]!.url, i, slot.id);
          await r.json();
          return { status: r.status, ms: performance.now() - t0 };
        }),
      );
      const rows = await ownerSql<{ queryid: string; calls: string; exec: number; plan: number; query: string }>(
        pg.url,
        `select queryid::text, calls::text, total_exec_time as exec, total_plan_time as plan,
                left(regexp_replace(query, '\\s+', ' ', 'g'), 110) as query
           from pg_stat_statements where query not like '%pg_stat_statements%'`,
      );
      const won = answers.filter((a) => a.status === 201).length;
      const lost = answers.filter((a) => a.status === 409).map((a) => a.ms);
      const claims = rows
        .filter((r) => r.query.includes('pg_try_advisory_xact_lock'))
        .reduce((s, r) => s + +r.calls, 0);
      const inserts = rows.filter((r) => r.query.includes('insert into bookings')).reduce((s, r) => s + +r.calls, 0);
      console.log(
        `round ${round} ${mode}${round ? '' : ' (warm-up)'}: ${won} winner, ${lost.length} 409, losers p50 ${pct(lost, 50).toFixed(0)} ms ` +
          `p99 ${pct(lost, 99).toFixed(0)} ms; ${claims} claims reached the database, ${inserts} inserted (load ${load()})`,
      );
      if (round === 0) continue;
      losers[mode].push(...lost);
      for (const r of rows) {
        const s = stats[mode].get(r.queryid) ?? { calls: 0, exec: 0, plan: 0, query: r.query };
        s.calls += +r.calls;
        s.exec += r.exec;
        s.plan += r.plan;
        stats[mode].set(r.queryid, s);
      }
    }
    for (const mode of ['rls', 'no-rls'] as const) {
      const l = losers[mode];
      console.log(
        `\n${mode}: losers p50 ${pct(l, 50).toFixed(0)} ms, p99 ${pct(l, 99).toFixed(0)} ms over ${ROUNDS} rounds`,
      );
      console.table(
        [...stats[mode].values()]
          .sort((a, b) => b.exec + b.plan - (a.exec + a.plan))
          .slice(0, 14)
          .map((s) => ({
            calls: s.calls,
            'exec ms/call': +(s.exec / s.calls).toFixed(3),
            'plan ms/call': +(s.plan / s.calls).toFixed(3),
            'total ms': +(s.exec + s.plan).toFixed(1),
            query: s.query,
          })),
      );
    }
    if (process.env['BENCH_HOLD']) {
      console.log(`holding: ${pg.url} tenant ${t.id} trainer ${trainerId}`);
      await new Promise((r) => setTimeout(r, Number(process.env['BENCH_HOLD']) * 1000));
    }
  } finally {
    cleanup();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await main();
  process.exit(0);
}
