import { AppError } from '../shared/errors.ts';
import type { DomainEvent } from '../shared/events.ts';
import { mergeHeartbeats, type Heartbeat, type MergedHeartbeats } from './heartbeat-merge.ts';

/** Whose heartbeat: the store matches a session on all three ids, so a foreign session id simply misses. */
export interface HeartbeatOwner {
  clientId: number;
  tenantSlug: string;
  userId: number;
  sessionId: number;
}

export type BatchRow = HeartbeatOwner & MergedHeartbeats;

export interface StoredSession {
  clientId: number;
  sessionId: number;
  userId: number;
  classId: number | null;
  status: 'active' | 'completed' | 'abandoned';
  progressSeconds: number;
  totalDurationSeconds: number;
  watchedSeconds: number;
  completedAt: Date | null;
  /** This batch moved the session to completed (decided by a conditional UPDATE, so once per session). */
  completedNow: boolean;
  /**
   * What this batch added to the usage record, the member's partner and the batch's transaction id (for the live
   * partner dashboard, which compares it with the snapshot its day's baseline was read in).
   */
  usage?: { watchIncrement: number; partnerId: number | null; timeZone: string; xid: string };
}

/** Applies one batch in one transaction (set-based) and answers the rows it matched; commits before returning. */
export interface HeartbeatStore {
  apply(rows: readonly BatchRow[], at: Date): Promise<StoredSession[]>;
}

export interface HeartbeatWriterOptions {
  store: HeartbeatStore;
  publish(tenantSlug: string, events: readonly DomainEvent[]): void;
  /** The longest a heartbeat waits for its batch (and so the shortest ack latency under light load). */
  flushIntervalMs?: number;
  /** Sessions per batch that trigger a flush before the interval is up. */
  maxBatch?: number;
  clock?: () => Date;
  onError?(err: unknown, rows: number): void;
}

export interface HeartbeatWriter {
  /** Resolves once the batch holding this heartbeat has committed: an ack built on it is durable. */
  submit(owner: HeartbeatOwner, beat: Heartbeat): Promise<StoredSession>;
  /** Writes everything submitted so far. */
  flush(): Promise<void>;
  /** Refuses new heartbeats, then flushes what is pending (SIGTERM). */
  close(): Promise<void>;
  readonly pendingSessions: number;
}

interface Entry {
  owner: HeartbeatOwner;
  beats: Heartbeat[];
  /** Each heartbeat's promise: its resolve and its reject at the same index (no object per heartbeat). */
  resolves: Array<(s: StoredSession) => void>;
  rejects: Array<(e: unknown) => void>;
}

const keyOf = (o: { clientId: number; sessionId: number; userId: number }) =>
  `${o.clientId}:${o.sessionId}:${o.userId}`;
const RETRYABLE = new Set(['40P01', '40001']); // deadlock, serialization failure: another node's batch crossed ours
const ATTEMPTS = 3;

export function completedEvent(s: StoredSession, by: 'heartbeat' | 'manual' | 'job'): DomainEvent {
  return {
    rooms: [`user:${s.userId}`],
    event: 'session:completed',
    payload: {
      sessionId: s.sessionId,
      classId: s.classId,
      progressSeconds: s.progressSeconds,
      totalDurationSeconds: s.totalDurationSeconds,
      watchedSeconds: s.watchedSeconds,
      completedAt: s.completedAt?.toISOString() ?? null,
      by,
    },
  };
}

/**
 * Group commit for heartbeats. Submissions are coalesced per (tenant, session, user) in memory; a batch is
 * taken when the previous one has committed and the interval is up (or the batch is full), merged by the
 * pure rules and applied in one transaction. Batches run one at a time per node, so a node applies a
 * session's heartbeats in the order it received them; across nodes the rules are order-independent.
 */
export function createHeartbeatWriter(opts: HeartbeatWriterOptions): HeartbeatWriter {
  const interval = opts.flushIntervalMs ?? 50;
  const maxBatch = opts.maxBatch ?? 2000;
  const clock = opts.clock ?? (() => new Date());
  let pending = new Map<string, Entry>();
  let timer: NodeJS.Timeout | null = null;
  let chain: Promise<void> = Promise.resolve();
  let queued = false;
  let closed = false;

  async function applyWithRetry(rows: BatchRow[]): Promise<StoredSession[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await opts.store.apply(rows, clock());
      } catch (err) {
        if (attempt >= ATTEMPTS || !RETRYABLE.has(String((err as { code?: unknown }).code))) throw err;
      }
    }
  }

  async function writeBatch(): Promise<void> {
    queued = false;
    let batch = pending;
    if (pending.size <= maxBatch) pending = new Map();
    else {
      // A backlog is written in batches of at most maxBatch sessions, back to back, oldest first.
      batch = new Map();
      for (const [key, entry] of pending) {
        if (batch.size >= maxBatch) break;
        batch.set(key, entry);
        pending.delete(key);
      }
      void flush();
    }
    if (!batch.size) return;
    const rows: BatchRow[] = [];
    for (const e of batch.values()) {
      const m = mergeHeartbeats(e.beats);
      const o = e.owner;
      rows.push({
        clientId: o.clientId,
        tenantSlug: o.tenantSlug,
        userId: o.userId,
        sessionId: o.sessionId,
        maxProgress: m.maxProgress,
        total: m.total,
        firstSeq: m.firstSeq,
        lastSeq: m.lastSeq,
        firstPosition: m.firstPosition,
        lastPosition: m.lastPosition,
        steps: m.steps,
        count: m.count,
      });
    }
    let stored: StoredSession[];
    try {
      stored = await applyWithRetry(rows);
    } catch (err) {
      opts.onError?.(err, rows.length);
      for (const e of batch.values()) for (const reject of e.rejects) reject(err);
      return;
    }
    // Committed: completions go out first, then the acks. The batch's keys are its sessions' keys.
    const bySlug = new Map<string, DomainEvent[]>();
    for (const s of stored) {
      const slug = s.completedNow ? batch.get(keyOf(s))?.owner.tenantSlug : undefined;
      if (slug === undefined) continue;
      const events = bySlug.get(slug);
      if (events) events.push(completedEvent(s, 'heartbeat'));
      else bySlug.set(slug, [completedEvent(s, 'heartbeat')]);
    }
    for (const [slug, events] of bySlug) opts.publish(slug, events);
    for (const s of stored) {
      const key = keyOf(s);
      const e = batch.get(key);
      if (!e) continue;
      batch.delete(key);
      for (const resolve of e.resolves) resolve(s);
    }
    // What the store did not answer is not this user's session in this tenant.
    for (const e of batch.values()) {
      for (const reject of e.rejects)
        reject(new AppError('not_found', 'SESSION_NOT_FOUND', 'Viewing session not found'));
    }
  }

  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!queued) {
      queued = true;
      chain = chain.then(writeBatch);
    }
    return chain;
  }

  return {
    submit(owner, beat) {
      if (closed)
        return Promise.reject(
          new AppError('unavailable', 'SHUTTING_DOWN', 'This node is shutting down; send the heartbeat again'),
        );
      const key = keyOf(owner);
      let entry = pending.get(key);
      if (!entry) pending.set(key, (entry = { owner, beats: [], resolves: [], rejects: [] }));
      entry.beats.push(beat);
      const done = new Promise<StoredSession>((resolve, reject) => {
        entry.resolves.push(resolve);
        entry.rejects.push(reject);
      });
      if (pending.size >= maxBatch) void flush();
      else if (!timer && !queued) timer = setTimeout(() => void flush(), interval);
      return done;
    },
    flush,
    async close() {
      closed = true;
      await flush();
    },
    get pendingSessions() {
      return pending.size;
    },
  };
}
