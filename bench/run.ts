/**
 * `npm run bench`: runs every benchmark in bench/ one after the other, each in its own process with its own
 * default (short, bounded) settings, and prints what each prints, with the machine's load before it.
 *
 *   npm run bench                        every benchmark
 *   npm run bench -- heartbeats presence only these
 *   npm run bench -- --list              the names, nothing run
 *
 * A new file in bench/ is a benchmark unless it is listed below as a part of another one.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
/** Not benchmarks by themselves: started by another benchmark, or needing their own set-up (bench:faults). */
const notBenchmarks = new Set(['run', 'heartbeats-server', 'naive-heartbeat-writer', 'faults']);

export function benchmarks(): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3))
    .filter((name) => !notBenchmarks.has(name))
    .sort();
}

function runOne(name: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`${dir}${name}.ts`], { stdio: 'inherit' });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
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
    for (const name of chosen) {
      process.stdout.write(`\n== bench/${name}.ts  (load average ${loadavg().map((l) => l.toFixed(2)).join(' ')})\n`);
      if ((await runOne(name)) !== 0) failed.push(name);
    }
    process.stdout.write(`\n${chosen.length - failed.length}/${chosen.length} benchmarks finished${failed.length ? `; failed: ${failed.join(', ')}` : ''}\n`);
    process.exit(failed.length ? 1 : 0);
  }
}
