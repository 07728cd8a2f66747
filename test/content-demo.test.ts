import { buildContext } from '../domain/shared/use-case.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode } from './support/node.ts';
import { client } from './support/http.ts';
import { createTenant } from './support/tenant.ts';
import { createTrainer } from './support/identities.ts';
import { createUser } from './support/realtime.ts';
import { tenantOf, tenantScope } from '../domain/shared/scope.ts';
import { platformEm } from '../server/db/orm.ts';
import { Client } from '../domain/tenancy/client.entity.ts';
import { seedDemoCatalogue } from '../domain/seed/seed-catalogue.ts';
import { demoTrainers } from '../domain/seed/demo-data.ts';
import type { RunningNode } from '../server/node.ts';

/** The demo catalogue, seeded into a tenant of its own with the six demo trainers (twice: it is idempotent). */
let node: RunningNode;

beforeAll(async () => {
  node = await startTestNode();
});
afterAll(async () => {
  await node.stop();
});

describe('demo catalogue', () => {
  it('gives the demo tenant 8 categories, 60+ classes by its 6 trainers and live classes in the coming days', async () => {
    const tenant = await createTenant(node, { enabledFeatures: ['classes', 'live_classes'] });
    const trainerIds: number[] = [];
    for (const t of demoTrainers) trainerIds.push((await createTrainer(node, tenant, { name: t.name })).id);
    const client_ = await platformEm(node.services.orm).findOneOrFail(Client, { id: tenant.id });
    const seed = () => {
      const em = tenantScope(node.services.orm.em, tenant.id);
      return em.transactional((tx) =>
        seedDemoCatalogue(
          buildContext(node.services.orm.em, {
            tenant: tenantOf(client_),
            actor: { kind: 'system', job: 'seed' },
            transaction: tx as typeof em,
          }),
          trainerIds,
        ),
      );
    };
    await seed();
    await seed();

    const user = await createUser(node, tenant);
    const app = client(node.url, { apiKey: tenant.apiKey, token: user.token });
    const categories = (await app.get('/content/categories')).body.data.items as Array<{
      classCount: number;
      image: string | null;
    }>;
    expect(categories).toHaveLength(8);
    expect(categories.every((c) => c.classCount >= 4 && c.image)).toBe(true);
    const all = await app.get('/content/classes?limit=100');
    expect(all.body.data.pagination.total).toBe(67);
    const trainersUsed = new Set(all.body.data.items.map((c: { trainer: { id: number } }) => c.trainer.id));
    expect([...trainersUsed].sort()).toEqual([...trainerIds].sort());
    const live = (await app.get('/content/classes?isLive=true&limit=100')).body.data.items as Array<{
      live: { scheduledAt: string };
    }>;
    expect(live).toHaveLength(5);
    for (const l of live) expect(new Date(l.live.scheduledAt).getTime()).toBeGreaterThan(Date.now() - 86_400_000);

    const home = (await app.get('/content/discover')).body.data;
    expect(home.featured.length).toBeGreaterThanOrEqual(5);
    expect(home.upcomingLive.length).toBeGreaterThanOrEqual(4);
    expect(home.newThisWeek.length).toBeGreaterThanOrEqual(5);
    expect((await app.get('/content/search?q=pilats')).body.data.items[0].name).toMatch(/Pilates/);
    expect(
      (await app.get(`/video/access/${all.body.data.items.find((c: { isLive: boolean }) => !c.isLive).id}`)).status,
    ).toBe(200);
  });
});
