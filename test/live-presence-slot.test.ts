import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningNode } from '../server/node.ts';
import { buildContext, runUseCase } from '../domain/shared/use-case.ts';
import { socketJoined, takePresenceChanges } from '../domain/live/live-presence.ts';
import type { Ctx } from '../domain/shared/context.ts';
import { startTestNode } from './support/node.ts';
import { createTenant, type TestTenant } from './support/tenant.ts';
import { createUser } from './support/realtime.ts';
import { createLiveClass } from './support/viewing.ts';

/**
 * The room's broadcast slot as the database judges it (`takePresenceChanges`, migration 0155): at most 10
 * broadcasts in any 10 intervals (the 10th last at least 1 s old) and none within 0.9 interval of the last, so a
 * slot a few ms late does not push back the next one on the 100 ms grid.
 */
describe('live presence: the broadcast slot in the database', () => {
  let node: RunningNode;
  let a: TestTenant;
  let ctx: Ctx;
  beforeAll(async () => {
    node = await startTestNode();
    a = await createTenant(node);
    ctx = buildContext(node.services.orm.em, {
      tenant: { id: a.id, slug: a.slug, name: a.slug, enabledFeatures: [] },
      actor: { kind: 'system', job: 'live-presence' },
    });
  });
  afterAll(() => node.stop());

  /** A user joins (one change), the slot's history is set to `lastMsAgo` and `windowMsAgo` (newest last), then a take. */
  async function takeAfter(classId: number, lastMsAgo: number, windowMsAgo: number[]) {
    const user = await createUser(node, a);
    return runUseCase(ctx, node.services.publisher, async (tx) => {
      await socketJoined(tx, classId, user.id, 'delta');
      await tx.em.execute(
        `update live_presence_versions set sent_version = version - 1, sent_at = clock_timestamp() - ? * interval '1 millisecond',
           sent_window = array(select clock_timestamp() - ms * interval '1 millisecond' from unnest(?::int[]) with ordinality w(ms, i) order by i)
         where client_id = ? and class_id = ?`,
        [lastMsAgo, `{${windowMsAgo.join(',')}}`, a.id, classId],
      );
      return takePresenceChanges(tx, classId, 100);
    });
  }

  it('a slot 95 ms after a late one is taken when the 10th last broadcast is a second old', async () => {
    const cls = await createLiveClass(node, a, { trainerId: null });
    // Ten broadcasts on a 100 ms grid, the oldest 1,005 ms ago; the last, 95 ms ago, was 10 ms late.
    const took = await takeAfter(cls.id, 95, [1005, 905, 805, 705, 605, 505, 405, 305, 205, 95]);
    expect(took).toMatchObject({ delta: { classId: cls.id, joined: [expect.any(Object)] } });
  });

  it('is held while the 10th last broadcast is less than a second old, or the last less than 90 ms', async () => {
    const cls = await createLiveClass(node, a, { trainerId: null });
    const tooMany = await takeAfter(cls.id, 95, [950, 855, 755, 655, 555, 455, 355, 255, 155, 95]);
    expect(tooMany).toEqual({ heldMs: expect.any(Number) });
    expect((tooMany as { heldMs: number }).heldMs).toBeGreaterThan(0);
    expect((tooMany as { heldMs: number }).heldMs).toBeLessThanOrEqual(50);
    const tooSoon = await takeAfter(cls.id, 60, [60]);
    expect(tooSoon).toEqual({ heldMs: expect.any(Number) });
    expect((tooSoon as { heldMs: number }).heldMs).toBeLessThanOrEqual(30);
  });
});
