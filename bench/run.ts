/**
 * `npm run bench`: runs every benchmark in bench/ one after the other, each in its own process with its own
 * default (short, bounded) settings, and prints what each prints, with the machine's load before it.
 *
 *   npm run bench                        every benchmark
 *   npm run bench -- heartbeats presence only these
 *   npm run bench -- --list              the names, nothing run
 *
 * A new file in bench/ is a benchmark unless it is listed below as a part of another one. A benchmark that calls
 * `printTable` (bench/support/table.ts) contributes its rows (figure, baseline of the same run, ratio, goal, load)
 * to the one summary table printed at the end; one that does not contributes its last line.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { formatTable, ROWS_MARK, type BenchRow } from './support/table.ts';

const dir = fileURLToPath(new URL('.', import.meta.url));
/** Not benchmarks by themselves: started by another benchmark, needing their own set-up (bench:faults), or diagnostics run by hand. */
const notBenchmarks = new Set([
  'run',
  'heartbeats-server',
  'naive-heartbeat-writer',
  'faults',
  'partner-dashboard-server',
  'booking-statements',
]);

export function benchmarks(): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3))
    .filter((name) => !notBenchmarks.has(name))
    .sort();
}

/** Runs one benchmark, passing its output through; its table rows (or, if it prints none, its last line). */
function runOne(name: string): Promise<{ code: number; rows: BenchRow[] }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`${dir}${name}.ts`], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, BENCH_RUNNER: '1' },
    });
    const rows: BenchRow[] = [];
    let last = '';
    let pending = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith(ROWS_MARK)) rows.push(...(JSON.parse(line.slice(ROWS_MARK.length)) as BenchRow[]));
        else {
          process.stdout.write(`${line}\n`);
          if (line.trim() && !line.startsWith('|')) last = line.trim();
        }
      }
    });
    child.on('exit', (code, signal) => {
      if (pending) process.stdout.write(pending);
      const load = loadavg()
        .map((l) => l.toFixed(2))
        .join(' ');
      if (!rows.length)
        rows.push({ bench: name, what: last.slice(0, 160) || '(no output)', value: 'see its output', load });
      resolve({ code: code ?? (signal ? 1 : 0), rows });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const all = benchmarks();
  if (args.includes('--list')) {
    process.stdout.write(`${all.join('\n')}\n`);
  } else {
    const unknown = args.filter((a) => !all.includes(a));
    if (unknown.length) {
      process.stderr.write(`Unknown benchmark(s): ${unknown.join(', ')}. Known: ${all.join(', ')}\n`);
      process.exit(2);
    }
    const chosen = args.length ? args : all;
    const failed: string[] = [];
    const rows: BenchRow[] = [];
    const loadBefore = loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
    for (const name of chosen) {
      process.stdout.write(
        `\n== bench/${name}.ts  (load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')})\n`,
      );
      const r = await runOne(name);
      if (r.code !== 0) failed.push(name);
      rows.push(
        ...r.rows.map((row) => (r.code === 0 ? row : { ...row, what: `FAILED (exit ${r.code}): ${row.what}` })),
      );
    }
    process.stdout.write(
      `\n== Summary (${cpus().length} cores; load average ${loadBefore} at start, ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} at end; ratios are against the baseline measured in the same run)\n\n`,
    );
    process.stdout.write(`${formatTable(rows)}\n`);
    process.stdout.write(
      `\n${chosen.length - failed.length}/${chosen.length} benchmarks finished${failed.length ? `; failed: ${failed.join(', ')}` : ''}\n`,
    );
    process.exit(failed.length ? 1 : 0);
  }
}
