import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningNode } from '../server/node.ts';
import { startTestNode } from './support/node.ts';
import { client, type Api } from './support/http.ts';
import { createTenant, type TestTenant } from './support/tenant.ts';
import { usageFixtures } from './support/partner-usage.ts';

const DAY = 86_400_000;

describe('partner analytics and dashboard', () => {
  let node: RunningNode;
  let api: Api;
  let tenant: TestTenant;
  let other: TestTenant;
  let fx: ReturnType<typeof usageFixtures>;
  let staff: { partnerId: number; token: string };
  let rival: { partnerId: number; token: string };
  let foreign: { partnerId: number; token: string };
  let classes: Array<{ id: number }>;

  beforeAll(async () => {
    node = await startTestNode();
    api = client(node.url);
    fx = usageFixtures(node);
    [tenant, other] = await Promise.all([createTenant(node), createTenant(node)]);
    [staff, rival, foreign] = await Promise.all([fx.partner(tenant), fx.partner(tenant), fx.partner(other)]);
    await fx.sql(`update partners set time_zone = 'America/New_York' where id = ?`, [staff.partnerId]);
    classes = [await fx.classOf(tenant, 'Yoga'), await fx.classOf(tenant, 'HIIT')];
    const now = Date.now();
    const [a, b, c] = [
      await fx.member(tenant, staff.partnerId),
      await fx.member(tenant, staff.partnerId),
      await fx.member(tenant, staff.partnerId),
    ];
    // This period: a watches 40 min of Yoga and 10 of HIIT, b 20 of HIIT. The period before: a 10 min.
    await fx.usage(tenant, a.id, { classId: classes[0]!.id, at: new Date(now - 2 * DAY), seconds: 2400 });
    await fx.usage(tenant, a.id, { classId: classes[1]!.id, at: new Date(now - 3 * DAY), seconds: 600 });
    await fx.usage(tenant, b.id, { classId: classes[1]!.id, at: new Date(now - 1 * DAY), seconds: 1200 });
    await fx.usage(tenant, a.id, { classId: classes[0]!.id, at: new Date(now - 40 * DAY), seconds: 600 });
    void c;
    // The rival partner's member and another tenant's: never counted.
    const r = await fx.member(tenant, rival.partnerId);
    await fx.usage(tenant, r.id, { classId: classes[0]!.id, at: new Date(now - DAY), seconds: 99_000 });
    const f = await fx.member(other, foreign.partnerId);
    await fx.usage(other, f.id, { at: new Date(now - DAY), seconds: 77_000 });
  });
  afterAll(() => node.stop());

  it('answers the dashboard in the documented shape, with trends against the period before', async () => {
    const res = await api.get('/partner/dashboard', { token: staff.token });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      totalMembers: 3,
      activeMembers: 2,
      totalWatchTimeMinutes: 70,
      totalClassesWatched: 3,
      trends: { membersChange: 100, watchTimeChange: 600 },
      periodDays: 30,
    });
  });

  it('answers analytics per day in the partner time zone, with the top classes', async () => {
    const res = await api.get('/partner/analytics?granularity=day', { token: staff.token });
    expect(res.status).toBe(200);
    const data = res.body.data;
    expect(data.timeZone).toBe('America/New_York');
    expect(data.series).toHaveLength(30);
    expect(data.series.reduce((s: number, p: { watchMinutes: number }) => s + p.watchMinutes, 0)).toBe(70);
    expect(data.totals).toMatchObject({ activeMembers: 2, watchMinutes: 70 });
    expect(data.popularContent.map((c: { name: string; watchMinutes: number }) => [c.name, c.watchMinutes])).toEqual([
      ['Yoga', 40],
      ['HIIT', 30],
    ]);
    const monthly = await api.get('/partner/analytics?granularity=month&from=2020-01-01&to=2020-03-31', {
      token: staff.token,
    });
    expect(monthly.body.data.series.map((p: { period: string }) => p.period)).toEqual([
      '2020-01-01',
      '2020-02-01',
      '2020-03-01',
    ]);
  });

  it('cuts days at midnight in the partner time zone', async () => {
    const m = await fx.member(tenant, staff.partnerId);
    // 03:30 UTC on 2021-06-02 is 23:30 on 2021-06-01 in New York.
    await fx.usage(tenant, m.id, { classId: classes[0]!.id, at: new Date('2021-06-02T03:30:00Z'), seconds: 600 });
    const res = await api.get('/partner/analytics?from=2021-06-01&to=2021-06-02', { token: staff.token });
    expect(res.body.data.series).toEqual([
      { period: '2021-06-01', watchMinutes: 10, liveMinutes: 0, activeMembers: 1 },
      { period: '2021-06-02', watchMinutes: 0, liveMinutes: 0, activeMembers: 0 },
    ]);
  });

  it('refuses bad ranges with 400 and callers without a partner token with 401', async () => {
    expect((await api.get('/partner/analytics?from=2021-06-02&to=2021-06-01', { token: staff.token })).status).toBe(
      400,
    );
    expect((await api.get('/partner/analytics?from=2020-01-01&to=2022-01-01', { token: staff.token })).status).toBe(
      400,
    );
    expect((await api.get('/partner/analytics?granularity=year', { token: staff.token })).status).toBe(400);
    expect((await api.get('/partner/analytics?from=2021-02-30', { token: staff.token })).status).toBe(400);
    expect((await api.get('/partner/dashboard')).status).toBe(401);
    expect((await api.get('/partner/dashboard', { apiKey: tenant.apiKey })).status).toBe(401);
  });

  it("another partner's and another tenant's staff see only their own members", async () => {
    const r = await api.get('/partner/dashboard', { token: rival.token });
    expect(r.body.data).toMatchObject({ totalMembers: 1, totalWatchTimeMinutes: 1650 });
    const f = await api.get('/partner/dashboard', { token: foreign.token });
    expect(f.body.data).toMatchObject({ totalMembers: 1, totalWatchTimeMinutes: 1283 });
  });
});
