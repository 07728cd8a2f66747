import { loadavg } from 'node:os';

/**
 * One row of the benchmark table `npm run bench` prints: a figure, what it is measured against in the same run,
 * the ratio, the goal and whether it was met, and the load average when it was taken. A benchmark run alone
 * prints its own rows; run by bench/run.ts it also writes them as one JSON line (`BENCH_ROWS <json>`) that
 * the runner gathers into a single table.
 */
export interface BenchRow {
  bench: string;
  what: string;
  /** The measured figure with its unit (median over rounds where there are rounds). */
  value: string;
  baseline?: string;
  /** value ÷ baseline (or baseline ÷ value where smaller is better: said in `what`). */
  ratio?: number;
  goal?: string | undefined;
  met?: boolean | undefined;
  load: string;
}

export const ROWS_MARK = 'BENCH_ROWS ';

/** The machine's load average now (1, 5, 15 min), as every row records it. */
export function loadNow(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

export function formatTable(rows: BenchRow[]): string {
  const head =
    '| bench | what | median | against (same run) | ratio | goal | met | load (1/5/15 min) |\n|---|---|---|---|---|---|---|---|';
  const body = rows.map(
    (r) =>
      `| ${r.bench} | ${cell(r.what)} | ${cell(r.value)} | ${cell(r.baseline ?? '')} | ${r.ratio === undefined ? '' : r.ratio >= 2 ? `${r.ratio.toFixed(1)}×` : `${(r.ratio * 100).toFixed(1)} %`} | ${cell(r.goal ?? '')} | ${r.met === undefined ? '' : r.met ? 'yes' : '**no**'} | ${r.load} |`,
  );
  return [head, ...body].join('\n');
}

/** Alone: the table; under bench/run.ts: also the machine-readable line. */
export function printTable(rows: BenchRow[]): void {
  process.stdout.write(`\n${formatTable(rows)}\n`);
  if (process.env['BENCH_RUNNER']) process.stdout.write(`${ROWS_MARK}${JSON.stringify(rows)}\n`);
}
