import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningNode } from '../server/node.ts';
import type { Publisher } from '../domain/shared/events.ts';
import type { BatchRow, StoredSession } from '../domain/viewing/heartbeat-writer.ts';
import { createUsageFeed, visibleIn } from '../realtime/usage-updates.ts';
import { startTestNode } from './support/node.ts';
import { createTenant, type TestTenant } from './support/tenant.ts';
import { usageFixtures } from './support/partner-usage.ts';

/**
 * The live "watch minutes today" is exact from its first read: the day's baseline is read from the database with
 * its snapshot, and a batch's increment is added only when that snapshot did not already see the batch's
 * transaction. Before, increments arriving around the first read were dropped or counted twice.
 */
describe('usage:update watch minutes today, first read', () => {
  let node: RunningNode;
  let tenant: TestTenant;
  let fx: ReturnType<typeof usageFixtures>;
  beforeAll(async () => {
    node = await startTestNode();
    fx = usageFixtures(node);
    tenant = await createTenant(node);
  });
  afterAll(() => node.stop());

  it('counts a batch the baseline saw once, and one it did not see once', async () => {
    const { partnerId } = await fx.partner(tenant);
    const m = await fx.member(tenant, partnerId);
    // 150 s of today already in the record, written by one committed transaction.
    const [{ xid: seen }] = await fx.sql(
      `insert into usage_records (client_id, user_id, kind, subject_id, bucket, seconds)
       values (?, ?, 'watch', 1, date_bin('15 minutes', now(), timestamptz '2000-01-01 00:00:00+00'), 150)
       returning pg_current_xact_id()::text as xid`,
      [tenant.id, m.id],
    );
    const updates: Array<{ watchMinutesToday: number }> = [];
    const publisher = {
      publish: (_slug: string, events: Array<{ payload: unknown }>) =>
        updates.push(...events.map((e) => e.payload as { watchMinutesToday: number })),
    } as unknown as Publisher;
    const feed = createUsageFeed({ orm: node.services.orm, publisher, logger: node.services.logger, intervalMs: 100 });
    const rows = [{ clientId: tenant.id, tenantSlug: tenant.slug }] as unknown as BatchRow[];
    const batch = (xid: string, seconds: number): StoredSession[] => [
      {
        clientId: tenant.id,
        sessionId: 1,
        usage: { watchIncrement: seconds, partnerId, timeZone: 'UTC', xid },
      } as StoredSession,
    ];
    const next = async (n: number) => {
      for (let i = 0; i < 300 && updates.length < n; i++) await new Promise((r) => setTimeout(r, 50));
      return updates[n - 1]!.watchMinutesToday;
    };
    try {
      // Before the day has a baseline: 100 s of the batch the database already holds, and 30 s of a batch that
      // commits after the baseline's snapshot (an id past any the database has handed out).
      feed.record(rows, batch(seen, 100));
      feed.record(rows, batch('900000000000', 30));
      expect(await next(1)).toBe(3); // 150 + 30 s (was 2.5: the 30 s were dropped)
      // After it: the rest of the seen batch (its result reached this node late) and a new unseen one.
      feed.record(rows, batch(seen, 50));
      feed.record(rows, batch('900000000001', 20));
      expect(await next(2)).toBe(3.3); // 200 s (was 3.7: the seen 50 s were counted twice)
    } finally {
      await feed.stop();
    }
  });

  it('reads snapshot visibility like PostgreSQL', () => {
    expect(visibleIn('100:105:101,103', '99')).toBe(true);
    expect(visibleIn('100:105:101,103', '102')).toBe(true);
    expect(visibleIn('100:105:101,103', '101')).toBe(false);
    expect(visibleIn('100:105:101,103', '105')).toBe(false);
    expect(visibleIn('100:100:', '100')).toBe(false);
  });
});
