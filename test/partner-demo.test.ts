import { buildContext } from '../domain/shared/use-case.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode } from './support/node.ts';
import { client } from './support/http.ts';
import { createTenant } from './support/tenant.ts';
import { createTrainer } from './support/identities.ts';
import { signInStaff } from './support/partners.ts';
import type { Ctx } from '../domain/shared/context.ts';
import { createPartner } from '../domain/identity/partners.ts';
import { issueVoucherBatch } from '../domain/identity/vouchers.ts';
import { seedDemoCatalogue } from '../domain/seed/seed-catalogue.ts';
import { seedDemoPartnerActivity } from '../domain/seed/seed-demo-partner.ts';
import type { RunningNode } from '../server/node.ts';

let node: RunningNode;
beforeAll(async () => {
  node = await startTestNode();
});
afterAll(() => node.stop('test end'));

describe("the demo partner's activity", () => {
  it('gives the partner members who watched classes, so members and stats are alive', async () => {
    const t = await createTenant(node);
    const trainers = await Promise.all(Array.from({ length: 6 }, () => createTrainer(node, t)));
    const ctx = buildContext(node.services.orm.em, {
      tenant: { id: t.id, slug: t.slug, name: t.slug, enabledFeatures: [] },
      actor: { kind: 'system', job: 'seed' },
    });
    await ctx.em.transactional(async (em) => {
      const tx = { ...ctx, em: em as Ctx['em'] };
      await seedDemoCatalogue(
        tx,
        trainers.map((x) => x.id),
      );
      const partner = await createPartner(tx, { name: 'Acme Corp Wellness' });
      const vouchers = await issueVoucherBatch(tx, { quantity: 25, prefix: 'DEMO', partnerId: partner.id });
      await seedDemoPartnerActivity(tx, { vouchers });
    });
    const [row] = await ctx.em.execute<Array<{ id: number }>>(`select id from partners where client_id = ?`, [t.id]);
    const partnerId = row!.id;
    const owner = await signInStaff(node, t, partnerId, 'owner');
    const api = client(node.url);

    const stats = (await api.get('/partner/vouchers/stats', owner.creds)).body.data;
    expect(stats).toMatchObject({ total: 25, redeemed: 12, active: 13, redemptionRate: 0.48 });
    const members = (await api.get('/partner/members?sort=watchTime&limit=100', owner.creds)).body.data;
    expect(members.pagination.total).toBe(12);
    const active = members.items.filter((m: { active: boolean }) => m.active).length;
    expect(active).toBeGreaterThanOrEqual(8);
    expect(active).toBeLessThan(12);
    expect(members.items[0].watchMinutes).toBeGreaterThan(60);
    expect(members.items.every((m: { classesWatched: number }) => m.classesWatched > 0)).toBe(true);
    const joined = members.items.map((m: { joinedAt: string }) => Date.parse(m.joinedAt));
    expect(Math.min(...joined)).toBeLessThan(Date.now() - 28 * 86_400_000);
    // The usage record carries the same seconds as the viewing sessions.
    const [sums] = await ctx.em.execute(
      `select (select sum(seconds)::int from usage_records where client_id = ?) as usage, (select sum(watched_seconds)::int from viewing_sessions where client_id = ?) as watched`,
      [t.id, t.id],
    );
    expect(sums!.usage).toBeGreaterThan(0);
    expect(sums!.usage).toBe(sums!.watched);
  });
});
