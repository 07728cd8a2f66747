import { describe, expect, it } from 'vitest';
import {
  applyMerged,
  mergeHeartbeats,
  progressPercent,
  type Heartbeat,
  type SessionProgress,
} from '../domain/viewing/heartbeat-merge.ts';
import {
  createHeartbeatWriter,
  type BatchRow,
  type HeartbeatStore,
  type StoredSession,
} from '../domain/viewing/heartbeat-writer.ts';
import type { DomainEvent } from '../domain/shared/events.ts';
import { isSocketHeartbeat, socketHeartbeatSchema } from '../domain/viewing/heartbeat.schemas.ts';
import { strictInput } from '../server/http/strict.ts';

const fresh = (total = 1000): SessionProgress => ({
  progressSeconds: 0,
  positionSeconds: 0,
  totalDurationSeconds: total,
  watchedSeconds: 0,
  lastSeq: -1,
  status: 'active',
});
const beat = (seq: number, progressSeconds: number, totalDurationSeconds = 1000): Heartbeat => ({
  seq,
  progressSeconds,
  totalDurationSeconds,
});
/** Applies heartbeats one arrival at a time, each its own batch. */
const live = (beats: Heartbeat[], s = fresh()) => beats.reduce((acc, b) => applyMerged(acc, mergeHeartbeats([b])), s);

describe('heartbeat rules (pure)', () => {
  const inOrder = [beat(1, 30), beat(2, 60), beat(3, 90), beat(4, 120), beat(5, 150)];

  it('an offline batch gives the same result as the same heartbeats sent live', () => {
    expect(applyMerged(fresh(), mergeHeartbeats(inOrder))).toEqual(live(inOrder));
    expect(live(inOrder)).toMatchObject({
      progressSeconds: 150,
      positionSeconds: 150,
      watchedSeconds: 150,
      lastSeq: 5,
    });
  });

  it('duplicates count once, whether in one batch or resent later', () => {
    const twice = [...inOrder, ...inOrder];
    expect(applyMerged(fresh(), mergeHeartbeats(twice))).toEqual(live(inOrder));
    expect(live(twice)).toEqual(live(inOrder));
  });

  it('late heartbeats never move progress or position backwards', () => {
    const late = [beat(1, 30), beat(2, 60), beat(4, 120), beat(5, 150), beat(3, 90)];
    const shuffled = [beat(5, 150), beat(1, 30), beat(3, 90), beat(2, 60), beat(4, 120)];
    for (const order of [late, shuffled]) {
      expect(live(order)).toMatchObject({ progressSeconds: 150, positionSeconds: 150, lastSeq: 5, status: 'active' });
      expect(applyMerged(fresh(), mergeHeartbeats(order))).toEqual(live(inOrder));
    }
    // Watched seconds: a late heartbeat adds nothing, and nothing is lost while playback only moves forward.
    expect(live(late).watchedSeconds).toBe(150);
  });

  it('completes at 90 % of the length, whatever the order; completion is never undone', () => {
    const s = live([beat(1, 899), beat(3, 900), beat(2, 100)]);
    expect(s).toMatchObject({ status: 'completed', progressSeconds: 900 });
    expect(live([beat(1, 899)]).status).toBe('active');
    expect(applyMerged(s, mergeHeartbeats([beat(9, 10)]))).toMatchObject({ status: 'completed', progressSeconds: 900 });
  });

  it('a seek forward is not watching: each step counts at most 60 s', () => {
    expect(live([beat(1, 0), beat(2, 30), beat(3, 600), beat(4, 630)])).toMatchObject({
      progressSeconds: 630,
      watchedSeconds: 120,
    });
  });

  it('heartbeats without seq follow arrival order', () => {
    const s = live(
      [
        { progressSeconds: 30, totalDurationSeconds: 100 },
        { progressSeconds: 20, totalDurationSeconds: 100 },
      ],
      fresh(100),
    );
    expect(s).toMatchObject({ progressSeconds: 30, positionSeconds: 20, watchedSeconds: 30 });
    expect(progressPercent(45, 50)).toBe(90);
    expect(progressPercent(10, 0)).toBe(0);
  });
});

/** A store over the pure rules that counts its batches (the SQL store is tested over HTTP). */
function memoryStore(sessions: Map<number, SessionProgress & { userId: number; clientId: number }>) {
  const batches: BatchRow[][] = [];
  const store: HeartbeatStore = {
    async apply(rows) {
      batches.push([...rows]);
      const out: StoredSession[] = [];
      for (const r of rows) {
        const s = sessions.get(r.sessionId);
        if (!s || s.userId !== r.userId || s.clientId !== r.clientId) continue;
        const next = { ...s, ...applyMerged(s, r) };
        sessions.set(r.sessionId, next);
        out.push({
          clientId: r.clientId,
          sessionId: r.sessionId,
          userId: r.userId,
          classId: 1,
          status: next.status,
          progressSeconds: next.progressSeconds,
          totalDurationSeconds: next.totalDurationSeconds,
          watchedSeconds: next.watchedSeconds,
          completedAt: null,
          completedNow: s.status !== 'completed' && next.status === 'completed',
        });
      }
      return out;
    },
  };
  return { store, batches };
}

describe('heartbeat writer (group commit)', () => {
  const owner = (sessionId: number, userId = 7, clientId = 1) => ({ clientId, tenantSlug: 't', userId, sessionId });

  it('coalesces many heartbeats into one batch, acks each after the write, publishes a completion once', async () => {
    const sessions = new Map([1, 2, 3].map((id) => [id, { ...fresh(100), userId: 7, clientId: 1 }]));
    const { store, batches } = memoryStore(sessions);
    const events: DomainEvent[] = [];
    const writer = createHeartbeatWriter({ store, publish: (_slug, e) => events.push(...e), flushIntervalMs: 20 });
    const acks = await Promise.all([
      ...Array.from({ length: 30 }, (_, i) => writer.submit(owner(1 + (i % 3)), beat(i, i * 3, 100))),
      writer.submit(owner(1), beat(100, 95, 100)),
      writer.submit(owner(1), beat(101, 96, 100)),
    ]);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(3);
    expect(acks.at(-1)).toMatchObject({ sessionId: 1, status: 'completed', progressSeconds: 96 });
    expect(events.filter((e) => e.event === 'session:completed')).toEqual([
      expect.objectContaining({ rooms: ['user:7'], payload: expect.objectContaining({ sessionId: 1 }) }),
    ]);
  });

  it('writes a backlog in batches of at most maxBatch sessions', async () => {
    const sessions = new Map([1, 2, 3, 4, 5].map((id) => [id, { ...fresh(), userId: 7, clientId: 1 }]));
    const { store, batches } = memoryStore(sessions);
    const writer = createHeartbeatWriter({ store, publish: () => undefined, flushIntervalMs: 60_000, maxBatch: 2 });
    const acks = await Promise.all([1, 2, 3, 4, 5].map((id) => writer.submit(owner(id), beat(1, id))));
    expect(acks.map((a) => a.progressSeconds)).toEqual([1, 2, 3, 4, 5]);
    expect(batches.map((b) => b.length)).toEqual([2, 2, 1]);
  });

  it('a heartbeat for a session the user does not own is answered SESSION_NOT_FOUND', async () => {
    const sessions = new Map([[1, { ...fresh(), userId: 7, clientId: 1 }]]);
    const writer = createHeartbeatWriter({
      store: memoryStore(sessions).store,
      publish: () => undefined,
      flushIntervalMs: 5,
    });
    await expect(writer.submit(owner(1, 8), beat(1, 10))).rejects.toMatchObject({ code: 'SESSION_NOT_FOUND' });
    await expect(writer.submit(owner(1, 7, 2), beat(1, 10))).rejects.toMatchObject({ code: 'SESSION_NOT_FOUND' });
    await expect(writer.submit(owner(1), beat(1, 10))).resolves.toMatchObject({ progressSeconds: 10 });
  });

  it('close() writes what is pending and refuses what comes after', async () => {
    const sessions = new Map([[1, { ...fresh(), userId: 7, clientId: 1 }]]);
    const { store, batches } = memoryStore(sessions);
    const writer = createHeartbeatWriter({ store, publish: () => undefined, flushIntervalMs: 60_000 });
    const ack = writer.submit(owner(1), beat(1, 42));
    await writer.close();
    await expect(ack).resolves.toMatchObject({ progressSeconds: 42 });
    expect(batches).toHaveLength(1);
    await expect(writer.submit(owner(1), beat(2, 50))).rejects.toMatchObject({ code: 'SHUTTING_DOWN' });
  });

  it('retries a batch that lost a deadlock, and fails the acks of a batch that cannot be written', async () => {
    let calls = 0;
    const flaky: HeartbeatStore = {
      async apply(rows) {
        calls++;
        if (calls === 1) throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
        if (rows[0]!.sessionId === 2) throw new Error('disk full');
        return rows.map((r) => ({
          clientId: r.clientId,
          sessionId: r.sessionId,
          userId: r.userId,
          classId: 1,
          status: 'active' as const,
          progressSeconds: r.maxProgress,
          totalDurationSeconds: r.total,
          watchedSeconds: 0,
          completedAt: null,
          completedNow: false,
        }));
      },
    };
    const writer = createHeartbeatWriter({ store: flaky, publish: () => undefined, flushIntervalMs: 5 });
    await expect(writer.submit(owner(1), beat(1, 10))).resolves.toMatchObject({ progressSeconds: 10 });
    expect(calls).toBe(2);
    await expect(writer.submit(owner(2), beat(1, 10))).rejects.toThrow('disk full');
  });
});

describe('socket heartbeat payload: the fast check agrees with the schema', () => {
  const strict = strictInput(socketHeartbeatSchema);
  const valid = [
    { sessionId: 1, progressSeconds: 0, totalDurationSeconds: 1 },
    { sessionId: 2_147_483_647, progressSeconds: 172_800, totalDurationSeconds: 172_800, seq: 0 },
    { sessionId: 7, progressSeconds: 12.5, totalDurationSeconds: 1800.25, seq: Number.MAX_SAFE_INTEGER },
  ];
  const invalid: unknown[] = [
    undefined,
    null,
    'x',
    42,
    [],
    [1, 2, 3],
    {},
    { sessionId: 1, progressSeconds: 0 },
    { sessionId: 0, progressSeconds: 0, totalDurationSeconds: 1 },
    { sessionId: 1.5, progressSeconds: 0, totalDurationSeconds: 1 },
    { sessionId: 2_147_483_648, progressSeconds: 0, totalDurationSeconds: 1 },
    { sessionId: '1', progressSeconds: 0, totalDurationSeconds: 1 },
    { sessionId: 1, progressSeconds: -0.5, totalDurationSeconds: 1 },
    { sessionId: 1, progressSeconds: 172_801, totalDurationSeconds: 1 },
    { sessionId: 1, progressSeconds: Number.NaN, totalDurationSeconds: 1 },
    { sessionId: 1, progressSeconds: Infinity, totalDurationSeconds: 1 },
    { sessionId: 1, progressSeconds: 0, totalDurationSeconds: 0 },
    { sessionId: 1, progressSeconds: 0, totalDurationSeconds: 172_801 },
    { sessionId: 1, progressSeconds: 0, totalDurationSeconds: null },
    { sessionId: 1, progressSeconds: 0, totalDurationSeconds: 1, seq: -1 },
    { sessionId: 1, progressSeconds: 0, totalDurationSeconds: 1, seq: 1.5 },
    { sessionId: 1, progressSeconds: 0, totalDurationSeconds: 1, seq: Number.MAX_SAFE_INTEGER + 2 },
    { sessionId: 1, progressSeconds: 0, totalDurationSeconds: 1, seq: null },
    { sessionId: 1, progressSeconds: 0, totalDurationSeconds: 1, seq: '3' },
    { sessionId: 1, progressSeconds: 0, totalDurationSeconds: 1, extra: 1 },
    { sessionId: 1, progressSeconds: 0, totalDurationSeconds: 1, seq: 1, extra: 'a\u0000b' },
    JSON.parse('{"sessionId":1,"progressSeconds":0,"totalDurationSeconds":1,"__proto__":{"x":1}}'),
    Object.assign(Object.create({ inherited: 1 }), { sessionId: 1, progressSeconds: 0, totalDurationSeconds: 1 }),
  ];

  it('takes the fast path for valid payloads, with the same data zod would give', () => {
    for (const p of valid) {
      expect(isSocketHeartbeat(p)).toBe(true);
      expect(strict.safeParse(p)).toEqual({ success: true, data: p });
    }
  });

  it('sends everything else to zod, which refuses it (so the error acks are unchanged)', () => {
    for (const p of invalid) {
      expect(isSocketHeartbeat(p)).toBe(false);
      expect(strict.safeParse(p).success).toBe(false);
    }
  });

  it('never accepts what zod refuses (random payloads)', () => {
    const values = [0, -1, 1, 1.5, 2_147_483_647, 2_147_483_648, 172_800, 172_801, -0, '1', null, true, [], {}];
    const keys = ['sessionId', 'progressSeconds', 'totalDurationSeconds', 'seq', 'other'];
    let seed = 7;
    const next = (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31), seed % n);
    for (let i = 0; i < 5000; i++) {
      const p: Record<string, unknown> = {};
      for (const k of keys) if (next(5) > 0) p[k] = values[next(values.length)];
      if (isSocketHeartbeat(p)) expect(strict.safeParse(p)).toEqual({ success: true, data: p });
    }
  });
});
