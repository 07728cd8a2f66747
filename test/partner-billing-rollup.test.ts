import { buildContext, runUseCase } from '../domain/shared/use-case.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningNode } from '../server/node.ts';
import { issueMonthlyReport, wholeUtcDays } from '../domain/partner-usage/billing-report.ts';
import { ADMIN_TOKEN, startTestNode } from './support/node.ts';
import { client } from './support/http.ts';
import { createTenant, type TestTenant } from './support/tenant.ts';
import { usageFixtures } from './support/partner-usage.ts';

/**
 * Billing reads whole UTC days from the daily rollup (`usage_daily`, kept by triggers on the usage record) and
 * the month's partial edge days from the quarter-hour record: the rollup must equal the record through every
 * kind of write, and a month cut in a partner's time zone must count exactly its own quarter hours.
 */
describe('billing over the daily usage rollup', () => {
  let node: RunningNode;
  let tenant: TestTenant;
  let fx: ReturnType<typeof usageFixtures>;
  beforeAll(async () => {
    node = await startTestNode();
    fx = usageFixtures(node);
    tenant = await createTenant(node);
  });
  afterAll(() => node.stop());

  const rollupMatchesRecord = async (clientId: number) =>
    fx.sql(
      `select coalesce(r.user_id, d.user_id) as user_id, coalesce(r.kind, d.kind) as kind, coalesce(r.day, d.day) as day, r.seconds::int as record, d.seconds::int as rollup
       from (select user_id, kind, (bucket at time zone 'UTC')::date as day, sum(seconds) as seconds from usage_records where client_id = ? group by 1, 2, 3) r
       full join (select user_id, kind, day, seconds from usage_daily where client_id = ? and seconds <> 0) d
         on d.user_id = r.user_id and d.kind = r.kind and d.day = r.day
       where r.seconds is distinct from d.seconds`,
      [clientId, clientId],
    );

  it('keeps the rollup equal to the record through inserts, upserts, updates and deletes', async () => {
    const { partnerId } = await fx.partner(tenant);
    const m = await fx.member(tenant, partnerId);
    const at = new Date('2025-06-10T23:50:00Z');
    await fx.usage(tenant, m.id, { at, seconds: 100 });
    await fx.usage(tenant, m.id, { at, seconds: 50 }); // upsert: on conflict adds
    await fx.usage(tenant, m.id, { at: new Date('2025-06-11T00:05:00Z'), seconds: 30 }); // next UTC day
    await fx.usage(tenant, m.id, { kind: 'live', classId: 7, at, seconds: 600 });
    // Live attendance sets its row (it can shrink); several rows in one statement.
    await fx.sql(
      `update usage_records set seconds = seconds - 200 where client_id = ? and user_id = ? and kind = 'live'`,
      [tenant.id, m.id],
    );
    await fx.sql(`update usage_records set seconds = seconds + 1 where client_id = ? and user_id = ?`, [
      tenant.id,
      m.id,
    ]);
    expect(await rollupMatchesRecord(tenant.id)).toEqual([]);
    expect(
      await fx.sql(
        `select day::text, kind, seconds::int from usage_daily where client_id = ? and user_id = ? order by day, kind`,
        [tenant.id, m.id],
      ),
    ).toEqual([
      { day: '2025-06-10', kind: 'live', seconds: 401 },
      { day: '2025-06-10', kind: 'watch', seconds: 151 },
      { day: '2025-06-11', kind: 'watch', seconds: 31 },
    ]);
    await fx.sql(`delete from usage_records where client_id = ? and user_id = ? and bucket < '2025-06-11'`, [
      tenant.id,
      m.id,
    ]);
    expect(await rollupMatchesRecord(tenant.id)).toEqual([]);
    // Erasing the user takes the rollup with it (the delete trigger must not re-insert rows for a deleted user).
    await fx.sql(`delete from users where client_id = ? and id = ?`, [tenant.id, m.id]);
    expect(
      await fx.sql(`select count(*)::int as n from usage_daily where client_id = ? and user_id = ?`, [tenant.id, m.id]),
    ).toEqual([{ n: 0 }]);
  });

  it("bills exactly the quarter hours of the partner's month, edge days included", async () => {
    const staff = await fx.partner(tenant);
    const m = await fx.member(tenant, staff.partnerId, new Date('2025-01-01T00:00:00Z'));
    // Europe/Berlin, October 2025: 2025-09-30T22:00Z .. 2025-10-31T23:00Z.
    const usage: Array<[string, number]> = [
      ['2025-09-30T21:50:00Z', 1], // September in Berlin
      ['2025-09-30T22:00:00Z', 10], // first quarter hour of October in Berlin, a September UTC day
      ['2025-10-15T12:00:00Z', 100], // a whole UTC day: from the rollup
      ['2025-10-31T22:45:00Z', 1000], // last quarter hour of October in Berlin
      ['2025-10-31T23:00:00Z', 10000], // November in Berlin, an October UTC day
    ];
    for (const [at, seconds] of usage) await fx.usage(tenant, m.id, { at: new Date(at), seconds });
    const plan = await client(node.url).put(
      `/admin/clients/${tenant.id}/partners/${staff.partnerId}/billing-plan`,
      { basis: 'active_member', priceMinor: 450, currency: 'EUR', timeZone: 'Europe/Berlin' },
      { adminToken: ADMIN_TOKEN },
    );
    expect(plan.status).toBe(200);
    // This partner only (the job would bill every tenant's partners, other test files' included).
    const ctx = buildContext(node.services.orm.em, {
      tenant: { id: tenant.id, slug: tenant.slug, name: tenant.slug, enabledFeatures: [] },
      actor: { kind: 'system', job: 'billing' },
    });
    expect(
      await runUseCase(ctx, node.services.publisher, (tx) => issueMonthlyReport(tx, staff.partnerId, '2025-10')),
    ).toMatchObject({ status: 'issued', revision: 1 });
    expect(
      await fx.sql(
        `select l.watch_seconds::int from partner_billing_lines l join partner_billing_reports r on r.client_id = l.client_id and r.id = l.report_id
      where r.partner_id = ? and r.month = '2025-10-01'`,
        [staff.partnerId],
      ),
    ).toEqual([{ watch_seconds: 1110 }]);
  });

  it('splits a range into whole UTC days and two partial edges', () => {
    expect(wholeUtcDays(new Date('2025-09-30T22:00:00Z'), new Date('2025-10-31T23:00:00Z'))).toEqual({
      from: '2025-10-01',
      to: '2025-10-31',
      headEnd: new Date('2025-10-01T00:00:00Z'),
      tailStart: new Date('2025-10-31T00:00:00Z'),
    });
    // West of UTC: the month starts after midnight UTC.
    expect(wholeUtcDays(new Date('2025-10-01T04:00:00Z'), new Date('2025-11-01T04:00:00Z'))).toMatchObject({
      from: '2025-10-02',
      to: '2025-11-01',
    });
    // Shorter than a day, no midnight inside: no whole day, the head edge is the range.
    expect(wholeUtcDays(new Date('2025-10-01T04:00:00Z'), new Date('2025-10-01T08:00:00Z'))).toEqual({
      from: '2025-10-02',
      to: '2025-10-02',
      headEnd: new Date('2025-10-01T08:00:00Z'),
      tailStart: new Date('2025-10-02T00:00:00Z'),
    });
  });
});
