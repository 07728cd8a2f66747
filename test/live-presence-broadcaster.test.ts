import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createPresenceBroadcaster,
  PRESENCE_HOLD_FOR_COMMIT_MS,
  PRESENCE_MIN_INTERVAL_MS,
} from '../domain/live/presence-broadcaster.ts';
import type { Tenant } from '../domain/shared/context.ts';

const tenant: Tenant = { id: 1, slug: 'acme', name: 'Acme', enabledFeatures: [] } as unknown as Tenant;

interface List {
  classId: number;
  count: number;
}

/**
 * The broadcaster over a fake room: `joined` is the committed count, each publish records when and what it sent.
 * `held(classId)` plays the database's slot: > 0 when another node's broadcast still holds it for that many ms.
 */
function harness(held: (classId: number) => number = () => 0) {
  const state = { joined: 0 };
  const sent: Array<{ at: number; count: number; classId: number }> = [];
  const b = createPresenceBroadcaster<List>({
    take: async (_t, classId) => {
      const heldMs = held(classId);
      return heldMs > 0 ? { heldMs } : { value: { classId, count: state.joined } };
    },
    publish: (_t, list) => sent.push({ at: Date.now(), count: list.count, classId: list.classId }),
    onError: (err) => {
      throw err;
    },
  });
  const join = (classId = 7) => {
    state.joined++;
    b.changed(tenant, classId);
  };
  return { b, sent, join, state };
}

describe('live presence broadcaster: at once when quiet, coalesced under bursts', () => {
  beforeEach(() => void vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => void vi.useRealTimers());

  it('sends the first change in a quiet room at once, without waiting for any window', async () => {
    const h = harness();
    h.join();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.sent).toEqual([{ at: 1_000_000, count: 1, classId: 7 }]);
    // Quiet again after the interval: the next change goes out at once too.
    await vi.advanceTimersByTimeAsync(5000);
    h.join();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.sent.at(-1)).toEqual({ at: 1_005_000, count: 2, classId: 7 });
  });

  it(`coalesces a burst: at most 10 broadcasts per room in any second, the last one with the final list`, async () => {
    const h = harness();
    for (let i = 0; i < 300; i++) {
      h.join(); // 300 joins over 1.5 s
      await vi.advanceTimersByTimeAsync(5);
    }
    await vi.advanceTimersByTimeAsync(1000);
    for (const s of h.sent)
      expect(h.sent.filter((o) => o.at >= s.at && o.at < s.at + 1000).length).toBeLessThanOrEqual(10);
    expect(h.sent.length).toBeGreaterThanOrEqual(15);
    expect(h.sent.at(-1)!.count).toBe(300);
    // A change never waits longer than one interval for the broadcast that includes it.
    for (let i = 1; i < h.sent.length; i++)
      expect(h.sent[i]!.at - h.sent[i - 1]!.at).toBeLessThanOrEqual(PRESENCE_MIN_INTERVAL_MS + 1);
  });

  it('keeps rooms apart: a burst in one class does not delay another', async () => {
    const h = harness();
    for (let i = 0; i < 5; i++) h.join(1);
    h.join(2);
    await vi.advanceTimersByTimeAsync(0);
    expect(h.sent.map((s) => s.classId).sort()).toEqual([1, 2]);
  });

  it('waits for the slot another node holds (the room is bounded across nodes), then sends', async () => {
    let holder = 60;
    const h = harness(() => {
      const left = holder;
      holder = 0;
      return left;
    });
    h.join();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(60);
    expect(h.sent).toEqual([{ at: 1_000_060, count: 1, classId: 7 }]);
  });

  it('a change that took the slot in its own transaction goes out at once, and the next ones are coalesced', async () => {
    const h = harness();
    expect(h.b.idle(tenant, 7)).toBe(true);
    h.state.joined++;
    h.b.taken(tenant, 7, { value: { classId: 7, count: h.state.joined } });
    expect(h.sent).toEqual([{ at: 1_000_000, count: 1, classId: 7 }]);
    // Within the interval the room is not idle: the next join leaves it to the broadcaster, which waits for the slot.
    await vi.advanceTimersByTimeAsync(30);
    expect(h.b.idle(tenant, 7)).toBe(false);
    h.join();
    h.join();
    await vi.advanceTimersByTimeAsync(69);
    expect(h.sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.sent.at(-1)).toEqual({ at: 1_000_100, count: 3, classId: 7 });
    // A join whose transaction found the slot held (another node sent) is sent when it ends.
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.b.idle(tenant, 7)).toBe(true);
    h.state.joined++;
    h.b.taken(tenant, 7, { heldMs: 40 });
    await vi.advanceTimersByTimeAsync(39);
    expect(h.sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.sent.at(-1)).toEqual({ at: 1_001_140, count: 4, classId: 7 });
  });

  it('an open slot waits briefly for a change of this node on its way to commit, then sends both together', async () => {
    const h = harness();
    h.state.joined++;
    h.b.taken(tenant, 7, { value: { classId: 7, count: h.state.joined } }); // sent at 0
    await vi.advanceTimersByTimeAsync(50);
    h.join(); // committed at 50: waits for the slot at 100
    await vi.advanceTimersByTimeAsync(40);
    const over = h.b.coming(tenant, 7); // a join arrived at 90, commits at 110
    await vi.advanceTimersByTimeAsync(20);
    expect(h.sent).toHaveLength(1); // the slot opened at 100 and waits for it
    h.join();
    over();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.sent.at(-1)).toEqual({ at: 1_000_110, count: 3, classId: 7 });

    // Never longer than the hold: a join still on its way after it does not keep the others waiting.
    await vi.advanceTimersByTimeAsync(50);
    h.join(); // at 160; the slot opens at 210
    const stuck = h.b.coming(tenant, 7);
    await vi.advanceTimersByTimeAsync(50 + PRESENCE_HOLD_FOR_COMMIT_MS - 1);
    expect(h.sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.sent.at(-1)).toEqual({ at: 1_000_210 + PRESENCE_HOLD_FOR_COMMIT_MS, count: 4, classId: 7 });
    stuck();
  });

  it('keeps its slots on a 100 ms grid under a steady 20 joins a second: the older join of each pair waits about half a slot, not up to a whole one', async () => {
    // The database as takePresenceChanges judges the slot (the last take at least 90 ms old, the 10th last 1 s),
    // reached after 1-2 ms, answering 3 ms later: each take costs 4-5 ms before it is published.
    const takes: number[] = [];
    const sent: Array<{ at: number; count: number }> = [];
    const state = { committed: 0, n: 0 };
    const after = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
    const b = createPresenceBroadcaster<List>({
      take: async (_t, classId) => {
        await after(1 + (state.n++ % 2));
        const at = Date.now();
        const heldMs = Math.max((takes.at(-1) ?? -Infinity) + 90, (takes.at(-10) ?? -Infinity) + 1000) - at;
        if (heldMs > 0) return after(3).then(() => ({ heldMs }));
        takes.push(at);
        const count = state.committed;
        await after(3);
        return { value: { classId, count } };
      },
      publish: (_t, list) => sent.push({ at: Date.now(), count: list.count }),
      onError: (err) => {
        throw err;
      },
    });
    const arrived: number[] = [];
    for (let i = 0; i < 100; i++) {
      // A join arrives every 50 ms and commits 2 ms later.
      arrived.push(Date.now());
      const over = b.coming(tenant, 7);
      await vi.advanceTimersByTimeAsync(2);
      state.committed++;
      b.changed(tenant, 7);
      over();
      await vi.advanceTimersByTimeAsync(48);
    }
    await vi.advanceTimersByTimeAsync(500);
    const waits = arrived.map((at, i) => sent.find((s) => s.count > i)!.at - at);
    // Half a slot, the commit, the take and the window's margin (1 ms per 10 slots); counted from each take
    // instead, the slots drift across the joins and the older join of a pair waits up to a whole slot.
    expect(Math.max(...waits)).toBeLessThan(PRESENCE_MIN_INTERVAL_MS * 0.65);
    for (const s of sent) expect(sent.filter((o) => o.at >= s.at && o.at < s.at + 1000).length).toBeLessThanOrEqual(10);
  });

  it('a change made while a broadcast is taking its changes goes out in the next slot', async () => {
    const state = { joined: 1 };
    const sent: number[] = [];
    let release: () => void = () => undefined;
    const b = createPresenceBroadcaster<List>({
      take: async (_t, classId) => {
        const count = state.joined;
        await new Promise<void>((r) => (release = r));
        return { value: { classId, count } };
      },
      publish: (_t, list) => sent.push(list.count),
      onError: () => undefined,
    });
    b.changed(tenant, 7);
    await vi.advanceTimersByTimeAsync(0);
    state.joined = 2;
    b.changed(tenant, 7); // committed after the read above started
    release();
    await vi.advanceTimersByTimeAsync(PRESENCE_MIN_INTERVAL_MS);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([1, 2]);
  });
});
