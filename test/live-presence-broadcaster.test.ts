import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPresenceBroadcaster, PRESENCE_MIN_INTERVAL_MS } from '../domain/live/presence-broadcaster.ts';
import type { Tenant } from '../domain/shared/context.ts';

const tenant: Tenant = { id: 1, slug: 'acme', name: 'Acme', enabledFeatures: [] } as unknown as Tenant;

/** The broadcaster over a fake room: `joined` is the committed count, each publish records when and what it sent. */
function harness(claim: (classId: number) => Promise<number> = async () => 0) {
  const state = { joined: 0 };
  const sent: Array<{ at: number; count: number; classId: number }> = [];
  const b = createPresenceBroadcaster({
    read: async (_t, classId) => ({ classId, count: state.joined, participants: [] }),
    publish: (_t, list) => sent.push({ at: Date.now(), count: list.count, classId: list.classId }),
    claim: (_t, classId) => claim(classId),
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
    for (let i = 1; i < h.sent.length; i++) expect(h.sent[i]!.at - h.sent[i - 1]!.at).toBe(PRESENCE_MIN_INTERVAL_MS);
  });

  it('keeps rooms apart: a burst in one class does not delay another', async () => {
    const h = harness();
    for (let i = 0; i < 5; i++) h.join(1);
    h.join(2);
    await vi.advanceTimersByTimeAsync(0);
    expect(h.sent.map((s) => s.classId).sort()).toEqual([1, 2]);
  });

  it('waits for the slot another node holds (the room is bounded across nodes), then sends', async () => {
    let held = 60;
    const h = harness(async () => {
      const left = held;
      held = 0;
      return left;
    });
    h.join();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(60);
    expect(h.sent).toEqual([{ at: 1_000_060, count: 1, classId: 7 }]);
  });

  it('a change made while a broadcast is reading goes out in the next slot', async () => {
    const state = { joined: 1 };
    const sent: number[] = [];
    let release: () => void = () => undefined;
    const b = createPresenceBroadcaster({
      read: async (_t, classId) => {
        const count = state.joined;
        await new Promise<void>((r) => (release = r));
        return { classId, count, participants: [] };
      },
      publish: (_t, list) => sent.push(list.count),
      claim: async () => 0,
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
