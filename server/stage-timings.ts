/**
 * Where the time of one operation goes, stage by stage, for benchmarks: with `STAGE_TIMINGS=1` in the environment,
 * `done()` prints one line `STAGES {"op":…,"<stage>":ms,…}` to stdout (bench/presence.ts reads them from its nodes).
 * Without it, a timer costs one `performance.now()` per mark and prints nothing.
 */
const enabled = process.env['STAGE_TIMINGS'] === '1';

export interface StageTimer {
  /** The stage that just ended (time since the previous mark, or since the timer started). */
  mark(stage: string): void;
  /** A figure that is not a stage's time (a count, a lateness), printed as is. */
  note(name: string, value: number): void;
  done(): void;
}

export function stageTimer(op: string, startedAt = performance.now()): StageTimer {
  if (!enabled) return { mark: () => undefined, note: () => undefined, done: () => undefined };
  let last = startedAt;
  const stages: Record<string, number | string> = { op };
  return {
    mark(stage) {
      const now = performance.now();
      stages[stage] = Math.round((now - last) * 100) / 100;
      last = now;
    },
    note(name, value) {
      stages[name] = Math.round(value * 100) / 100;
    },
    done() {
      process.stdout.write(`STAGES ${JSON.stringify(stages)}\n`);
    },
  };
}
