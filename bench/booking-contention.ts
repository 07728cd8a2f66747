/**
 * Booking contention (issue 12): N concurrent bookings of one slot across two nodes (default 200) → exactly one
 * winner; how long the losers wait for their 409. Baseline in the same run: the same burst of N requests on
 * `GET /app/config` (no database work), i.e. what the machine's own queueing costs a burst this size.
 *
 *   node bench/booking-contention.ts [requests=200] [rounds=5]
 *
 * Private PostgreSQL on loopback (port 5445), two sTvOS nodes (`server/main.ts`, DATABASE_POOL_MAX 10). Each
 * round books a fresh slot. Goal: one winner every round, loser p99 ≤ 300 ms.
 */
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { cleanup } from './support/cluster.ts';
import { bookingCluster, seedBookableTrainer } from './support/bookable-trainer.ts';
import { ownerSql, pct } from './support/seed.ts';
import { printTable, type BenchRow } from './support/table.ts';

const [N = 200, ROUNDS = 5] = [200, 5].map((d, i) => Number(process.argv[2 + i] ?? d));
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
async function burst(
  send: (i: number) => Promise<Response>,
): Promise<Array<{ status: number; code: string | undefined; ms: number }>> {
  return Promise.all(
    Array.from({ length: N }, async (_, i) => {
      const t = performance.now();
      const r = await send(i);
      const body = (await r.json()) as { code?: string };
      return { status: r.status, code: body.code, ms: performance.now() - t };
    }),
  );
}

async function main(): Promise<BenchRow[]> {
  console.log(`${N} concurrent bookings of one slot, two nodes, ${ROUNDS} rounds; load average before: ${load()}`);
  try {
    // pg_stat_statements: the database's own time for each round's bookings, to set against the losers' wait.
    const { pg, nodes } = await bookingCluster(5445);
    const databaseTime = async () => {
      const [row] = await ownerSql<{ n: number; ms: number }>(
        pg.url,
        `select coalesce(sum(calls), 0)::int as n, coalesce(sum(total_exec_time), 0)::float8 as ms
           from pg_stat_statements where query not like '%pg_stat_statements%'`,
      );
      return `${row!.n} statements, ${row!.ms.toFixed(1)} ms`;
    };
    const { tenant: t, slots, book } = await seedBookableTrainer(pg.url, nodes[0]!.url, 40);
    const losers: number[] = [];
    const baseline: number[] = [];
    let oneWinnerEveryRound = true;
    // Round 0 warms the connections (and the nodes' caches) and is not counted.
    for (let round = 0; round <= ROUNDS; round++) {
      const slot = slots[round + 2]!;
      await ownerSql(pg.url, 'select pg_stat_statements_reset()');
      const answers = await burst((i) => book(nodes[i % 2]!.url, i, slot.id));
      const database = await databaseTime();
      const won = answers.filter((a) => a.status === 201).length;
      const refused = answers.filter((a) => a.status === 409 && a.code === 'SLOT_UNAVAILABLE');
      if (won !== 1 || refused.length !== N - 1) {
        oneWinnerEveryRound = false;
        console.log(
          `round ${round}: ${won} winners, statuses ${JSON.stringify(
            answers
              .map((a) => `${a.status}:${a.code}`)
              .filter((s) => !s.startsWith('409:SLOT'))
              .slice(0, 5),
          )}`,
        );
      }
      const base = await burst((i) =>
        fetch(`${nodes[i % 2]!.url}/api/v1/app/config`, { headers: { 'X-API-Key': t.apiKey } }),
      );
      if (round > 0) {
        losers.push(...refused.map((a) => a.ms));
        baseline.push(...base.map((a) => a.ms));
      }
      console.log(
        `round ${round}${round ? '' : ' (warm-up)'}: ${won} winner, losers p50 ${pct(
          refused.map((a) => a.ms),
          50,
        ).toFixed(0)} ms p99 ${pct(
          refused.map((a) => a.ms),
          99,
        ).toFixed(0)} ms (database: ${database}); ` +
          `same burst on /app/config p99 ${pct(
            base.map((a) => a.ms),
            99,
          ).toFixed(0)} ms (load ${load()})`,
      );
    }
    const p99 = pct(losers, 99);
    const b99 = pct(baseline, 99);
    return [
      {
        bench: 'booking-contention',
        what: `${N} concurrent bookings of one slot, 2 nodes: losers' 409 (${ROUNDS} rounds)`,
        value: `p50 ${pct(losers, 50).toFixed(0)} ms, p99 ${p99.toFixed(0)} ms; ${oneWinnerEveryRound ? 'one winner every round' : 'NOT one winner every round'}`,
        baseline: `same burst on /app/config: p99 ${b99.toFixed(0)} ms`,
        ratio: p99 / b99,
        goal: 'one winner, loser p99 ≤ 300 ms',
        met: oneWinnerEveryRound && p99 <= 300,
        load: load(),
      },
    ];
  } finally {
    cleanup();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  printTable(await main());
  process.exit(0);
}
