import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inject } from 'vitest';
import { startTestNode } from './support/node.ts';
import { client } from './support/http.ts';
import { createUser } from './support/realtime.ts';
import type { RunningNode } from '../server/node.ts';
import { contentTenant, daysAgo, inDays, type ContentTenant } from './content-fixtures.ts';

let node: RunningNode;
let t: ContentTenant;

beforeAll(async () => {
  node = await startTestNode();
  t = await contentTenant(node);
});
afterAll(async () => {
  await node.stop();
});

const names = (items: Array<{ name: string }>) => items.map((i) => i.name);

describe('GET /content/discover', () => {
  it('answers the five sections', async () => {
    const r = await t.app.get('/content/discover');
    expect(r.status).toBe(200);
    expect(Object.keys(r.body.data).sort()).toEqual([
      'categories',
      'continueWatching',
      'featured',
      'newThisWeek',
      'upcomingLive',
    ]);
    // The body is spliced from pre-serialized sections (discoverJson): the members in the order the object has them.
    expect(Object.keys(r.body.data)).toEqual([
      'featured',
      'continueWatching',
      'upcomingLive',
      'categories',
      'newThisWeek',
    ]);
    expect(names(r.body.data.featured)).toEqual(['Pilates Core Burn']);
    expect(names(r.body.data.upcomingLive)).toEqual(['Live Spin Party']);
    expect(r.body.data.upcomingLive[0].live).toMatchObject({ status: 'scheduled', capacity: 30 });
    expect(names(r.body.data.newThisWeek)).toEqual(['Pilates Core Burn', 'Evening Stretch', 'Morning Yoga Flow']);
    expect(r.body.data.categories.map((c: { classCount: number }) => c.classCount)).toEqual([1, 2, 4]);
    expect(r.body.data.continueWatching).toEqual([]);
  });

  it('needs a user token and the classes feature; upcomingLive is empty without live_classes', async () => {
    expect((await client(node.url, { apiKey: t.tenant.apiKey }).get('/content/discover')).status).toBe(401);
    const vod = await contentTenant(node, ['classes']);
    const r = await vod.app.get('/content/discover');
    expect(r.status).toBe(200);
    expect(r.body.data.upcomingLive).toEqual([]);
  });

  it('shows an admin change at once (the cached sections are invalidated)', async () => {
    await t.app.get('/content/discover'); // warm the cache
    const created = await t.admin.post(`/admin/clients/${t.tenant.id}/classes`, {
      name: 'Fresh Featured Flow',
      durationSeconds: 600,
      intensity: 'low',
      isFeatured: true,
      publishedAt: daysAgo(0.01),
    });
    expect(created.status).toBe(201);
    let r = await t.app.get('/content/discover');
    expect(names(r.body.data.featured)).toEqual(['Fresh Featured Flow', 'Pilates Core Burn']);
    expect(names(r.body.data.newThisWeek)[0]).toBe('Fresh Featured Flow');

    await t.admin.patch(`/admin/clients/${t.tenant.id}/classes/${created.body.data.id}`, { isFeatured: false });
    r = await t.app.get('/content/discover');
    expect(names(r.body.data.featured)).toEqual(['Pilates Core Burn']);

    await t.admin.delete(`/admin/clients/${t.tenant.id}/classes/${t.classes.live.id}`);
    r = await t.app.get('/content/discover');
    expect(r.body.data.upcomingLive).toEqual([]);

    await t.admin.patch(`/admin/categories/${t.categories.mat.id}`, { name: `Mat Renamed ${t.tag}` });
    r = await t.app.get('/content/discover');
    expect(r.body.data.categories[0].name).toBe(`Mat Renamed ${t.tag}`);
  });

  it('continueWatching lists unfinished sessions of visible classes, latest first; popular sorts by recent sessions', async () => {
    const c = await contentTenant(node);
    const watch = async (classId: number, progressSeconds: number, totalDurationSeconds: number) => {
      const s = await c.app.post('/sessions/start', { classId, deviceType: 'ios' });
      expect(s.status, JSON.stringify(s.body)).toBe(201);
      const p = await c.app.post(`/sessions/${s.body.data.id}/progress`, {
        progressSeconds,
        totalDurationSeconds,
        seq: 1,
      });
      expect(p.status, JSON.stringify(p.body)).toBe(200);
      return s.body.data.id as number;
    };
    await watch(c.classes.yoga.id, 600, 1800);
    await watch(c.classes.hiit.id, 2600, 2700); // past 90 %: completed, not continued
    const pilatesSession = await watch(c.classes.pilates.id, 300, 1200);
    await watch(c.classes.stretch.id, 100, 900);
    await c.admin.patch(`/admin/clients/${c.tenant.id}/classes/${c.classes.stretch.id}`, { publishedAt: null }); // unpublished since

    const r = await c.app.get('/content/discover');
    expect(r.body.data.continueWatching.map((i: { name: string }) => i.name)).toEqual([
      'Pilates Core Burn',
      'Morning Yoga Flow',
    ]);
    expect(r.body.data.continueWatching[0]).toMatchObject({
      sessionId: pilatesSession,
      progressSeconds: 300,
      positionSeconds: 300,
      progressPercent: 25,
      trainer: { id: c.trainers.t1.id },
    });
    const someoneElse = await createUser(node, c.tenant);
    const theirs = await client(node.url, { apiKey: c.tenant.apiKey, token: someoneElse.token }).get(
      '/content/discover',
    );
    expect(theirs.body.data.continueWatching).toEqual([]);

    await watch(c.classes.boxing.id, 10, 2400);
    await watch(c.classes.boxing.id, 20, 2400);
    const popular = await c.app.get('/content/classes?sort=popular');
    expect(names(popular.body.data.items).slice(0, 2)).toEqual(['Boxing Basics', 'Pilates Core Burn']);
  });

  it.runIf(inject('redisUrl'))('invalidates across nodes through Redis', async () => {
    const second = await startTestNode();
    try {
      const app2 = client(second.url, { apiKey: t.tenant.apiKey, token: t.user.token });
      await app2.get('/content/discover'); // warm node 2's cache
      await t.admin.post(`/admin/clients/${t.tenant.id}/live-classes`, {
        name: 'Cross Node Live',
        durationSeconds: 1800,
        intensity: 'medium',
        scheduledAt: inDays(2),
      });
      // Published at once; a lost message is caught by node 2's 250 ms poll of the versions (domain/content/README.md).
      await vi.waitFor(
        async () =>
          expect(names((await app2.get('/content/discover')).body.data.upcomingLive)).toContain('Cross Node Live'),
        { timeout: 2000, interval: 20 },
      );
    } finally {
      await second.stop();
    }
  });
});
