import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningNode } from '../server/node.ts';
import { startTestNode } from './support/node.ts';
import { client, type Api } from './support/http.ts';
import { createTenant, type TestTenant } from './support/tenant.ts';
import { closeSockets, connectSocket } from './support/realtime.ts';
import { usageFixtures } from './support/partner-usage.ts';

interface UsageUpdate {
  partnerId: number;
  at: string;
  activeViewers: number;
  watchMinutesToday: number;
  redemptionsToday: number;
  registrationsToday: number;
  totalMembers: number;
}

/** `usage:update` reaches the partner's staff, at most once a second, from the heartbeat batches' results. */
describe('live usage dashboard (usage:update)', () => {
  let one: RunningNode;
  let two: RunningNode;
  let apis: Api[];
  let tenant: TestTenant;
  let fx: ReturnType<typeof usageFixtures>;

  // Across nodes the counters and the room fan-out go through Redis (services tier); embedded, one node.
  const shared = Boolean(inject('redisUrl'));
  beforeAll(async () => {
    one = await startTestNode();
    two = shared ? await startTestNode() : one;
    apis = [client(one.url), client(two.url)];
    fx = usageFixtures(one);
    tenant = await createTenant(one);
  });
  afterEach(() => closeSockets());
  afterAll(async () => {
    await Promise.all([...new Set([one, two])].map((n) => n.stop()));
  });

  it("reaches the partner's staff on every node, at most once a second; another partner's staff hear nothing", async () => {
    const [mine, rival] = await Promise.all([fx.partner(tenant), fx.partner(tenant)]);
    const members = await Promise.all([
      fx.member(tenant, mine.partnerId, new Date()),
      fx.member(tenant, mine.partnerId),
    ]);
    await fx.member(tenant, rival.partnerId);
    const cls = await fx.classOf(tenant);
    const sessions = await Promise.all(
      members.map(async (m) => {
        const creds = { apiKey: tenant.apiKey, token: m.token };
        const s = await apis[0]!.post('/sessions/start', { classId: cls.id, deviceType: 'web' }, creds);
        return { id: s.body.data.id as number, creds };
      }),
    );
    const staffOnOne = await connectSocket(one.url, tenant.slug, { partnerToken: mine.token });
    const staffOnTwo = await connectSocket(two.url, tenant.slug, { partnerToken: mine.token });
    const rivalStaff = await connectSocket(two.url, tenant.slug, { partnerToken: rival.token });
    const listen = (socket: typeof staffOnOne) => {
      const got: UsageUpdate[] = [];
      socket.on('usage:update', (u: UsageUpdate) => got.push(u));
      return got;
    };
    const [a, b, r] = [listen(staffOnOne), listen(staffOnTwo), listen(rivalStaff)];
    // Both members watch, their heartbeats spread over both nodes, 10 a second for 3 s.
    for (let seq = 1; seq <= 30; seq++) {
      await Promise.all(
        sessions.map((s, i) =>
          apis[(seq + i) % 2]!.post(
            `/sessions/${s.id}/progress`,
            { seq, progressSeconds: seq * 10, totalDurationSeconds: 1000 },
            s.creds,
          ),
        ),
      );
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((res) => setTimeout(res, 2500)); // the last batch's update
    expect(r).toEqual([]);
    expect(a!.length).toBeGreaterThanOrEqual(2);
    expect(b!.map((u) => u.at)).toEqual(a!.map((u) => u.at)); // the same updates on both nodes
    const seconds = a!.map((u) => Math.floor(Date.parse(u.at) / 1000));
    expect(new Set(seconds).size).toBe(seconds.length); // never two in one second
    const last = a!.at(-1)!;
    expect(last).toMatchObject({ partnerId: mine.partnerId, activeViewers: 2, totalMembers: 2, redemptionsToday: 1 });
    expect(Object.keys(last).sort()).toEqual([
      'activeViewers',
      'at',
      'partnerId',
      'redemptionsToday',
      'registrationsToday',
      'totalMembers',
      'watchMinutesToday',
    ]);
    // The counter moves with the watching and ends at what the sessions recorded.
    expect(a![0]!.watchMinutesToday).toBeLessThan(last.watchMinutesToday);
    const [row] = await fx.sql(
      `select sum(watched_seconds)::int as watched from viewing_sessions where id in (?, ?)`,
      sessions.map((x) => x.id),
    );
    // Exact from the first read (test/partner-usage-live-exact.test.ts): only the rounding to a tenth of a minute.
    expect(Math.abs(last.watchMinutesToday - row.watched / 60)).toBeLessThanOrEqual(0.05 + 1e-9);
  });
});
