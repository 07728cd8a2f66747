/**
 * Pure rules for viewing heartbeats. A heartbeat says "the player is at `progressSeconds` of
 * `totalDurationSeconds`", optionally numbered by the app (`seq`, increasing per session). Heartbeats may
 * arrive late, twice, or in an offline batch; these rules make every arrival order give the same progress,
 * position and completion, and count watched seconds only once.
 *
 * The SQL in `heartbeat-store.ts` applies `MergedHeartbeats` to a stored session exactly like `applyMerged`.
 */
export interface Heartbeat {
  progressSeconds: number;
  totalDurationSeconds: number;
  seq?: number | undefined;
}

/** Everything one batch knows about one session, folded so the store can apply it in one set-based row. */
export interface MergedHeartbeats {
  /** The furthest point any of the heartbeats reached. */
  maxProgress: number;
  /** The total of the latest heartbeat (the player knows the real length better than the catalogue). */
  total: number;
  /** Lowest and highest `seq` in the batch; null when the app sends none (arrival order is then the order). */
  firstSeq: number | null;
  lastSeq: number | null;
  firstPosition: number;
  lastPosition: number;
  /** Watched seconds between consecutive heartbeats inside the batch, each step capped. */
  steps: number;
  count: number;
}

export interface SessionProgress {
  progressSeconds: number;
  positionSeconds: number;
  totalDurationSeconds: number;
  watchedSeconds: number;
  lastSeq: number;
  status: 'active' | 'completed' | 'abandoned';
}

/** A session completes when its furthest point reaches 90 % of its length. */
export const COMPLETION_RATIO = 0.9;
/**
 * One step between two heartbeats counts at most this many watched seconds: twice the app's 30 s cadence,
 * so a skipped heartbeat still counts and a seek forward does not count as watching.
 */
export const WATCH_STEP_CAP_SECONDS = 60;

export const reachesCompletion = (progress: number, total: number) => total > 0 && progress >= COMPLETION_RATIO * total;

const step = (from: number, to: number) => Math.min(Math.max(to - from, 0), WATCH_STEP_CAP_SECONDS);

/** Folds heartbeats in `seq` order (arrival order for those without one); a repeated `seq` counts once. */
export function mergeHeartbeats(beats: readonly Heartbeat[]): MergedHeartbeats {
  if (!beats.length) throw new Error('mergeHeartbeats needs at least one heartbeat');
  if (beats.length === 1) {
    // The usual case at the app's cadence (one heartbeat per session per batch), without the general fold's arrays.
    const b = beats[0]!;
    const seq = b.seq ?? null;
    return {
      maxProgress: b.progressSeconds,
      total: b.totalDurationSeconds,
      firstSeq: seq,
      lastSeq: seq,
      firstPosition: b.progressSeconds,
      lastPosition: b.progressSeconds,
      steps: 0,
      count: 1,
    };
  }
  const seen = new Set<number>();
  const ordered: Heartbeat[] = [];
  for (const b of beats) {
    if (b.seq === undefined) ordered.push(b);
    else if (!seen.has(b.seq)) {
      seen.add(b.seq);
      ordered.push(b);
    }
  }
  // Numbered heartbeats in their order; unnumbered ones after them, as they came.
  ordered.sort((a, b) => (a.seq ?? Infinity) - (b.seq ?? Infinity));
  const seqs = ordered.flatMap((b) => (b.seq === undefined ? [] : [b.seq]));
  let steps = 0;
  for (let i = 1; i < ordered.length; i++) steps += step(ordered[i - 1]!.progressSeconds, ordered[i]!.progressSeconds);
  const last = ordered.at(-1)!;
  return {
    maxProgress: Math.max(...ordered.map((b) => b.progressSeconds)),
    total: last.totalDurationSeconds,
    firstSeq: seqs.length ? seqs[0]! : null,
    lastSeq: seqs.length && seqs.length === ordered.length ? seqs.at(-1)! : null,
    firstPosition: ordered[0]!.progressSeconds,
    lastPosition: last.progressSeconds,
    steps,
    count: beats.length,
  };
}

/**
 * The stored session after a merged batch. Progress only grows; a batch entirely older than what was
 * already applied (late or duplicate) changes neither position nor watched seconds.
 */
export function applyMerged(s: SessionProgress, m: MergedHeartbeats): SessionProgress {
  const allNewer = m.firstSeq === null || m.firstSeq > s.lastSeq;
  const anyNewer = m.lastSeq === null || m.lastSeq > s.lastSeq;
  const progressSeconds = Math.max(s.progressSeconds, Math.min(m.maxProgress, m.total));
  const watched = allNewer
    ? m.steps + step(s.positionSeconds, m.firstPosition)
    : anyNewer
      ? step(s.positionSeconds, m.lastPosition)
      : 0;
  const status = s.status === 'completed' || reachesCompletion(progressSeconds, m.total) ? 'completed' : 'active';
  return {
    progressSeconds,
    positionSeconds: anyNewer ? m.lastPosition : s.positionSeconds,
    totalDurationSeconds: m.total,
    watchedSeconds: s.watchedSeconds + watched,
    lastSeq: m.lastSeq === null ? s.lastSeq : Math.max(s.lastSeq, m.lastSeq),
    status,
  };
}

export const progressPercent = (progress: number, total: number) =>
  total > 0 ? Math.min(100, Math.round((progress / total) * 1000) / 10) : 0;
