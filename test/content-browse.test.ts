import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode } from './support/node.ts';
import { client } from './support/http.ts';
import type { RunningNode } from '../server/node.ts';
import { contentTenant, type ContentTenant } from './content-fixtures.ts';
import { buildContext } from '../domain/shared/use-case.ts';
import { browseClasses, type ClassFilters } from '../domain/content/browse-classes.ts';
import { loadCatalogue } from '../domain/content/catalogue.ts';
import type { Feature } from '../domain/tenancy/client.entity.ts';
import { createUser } from './support/realtime.ts';
import { JsonText } from '../domain/shared/json-text.ts';

/** A page as the bytes the app receives: the held path answers JSON text, the SQL path an object. */
const bytesOf = (page: unknown) => (page instanceof JsonText ? page.json : JSON.stringify(page));

let node: RunningNode;
let t: ContentTenant;
let other: ContentTenant;

beforeAll(async () => {
  node = await startTestNode();
  t = await contentTenant(node);
  other = await contentTenant(node);
});
afterAll(async () => {
  await node.stop();
});

const names = (r: { body: { data: { items: Array<{ name: string }> } } }) => r.body.data.items.map((i) => i.name);

describe('GET /content/classes', () => {
  it('lists published classes newest first in the documented shape, without drafts', async () => {
    const r = await t.app.get('/content/classes');
    expect(r.status).toBe(200);
    expect(names(r)).toEqual([
      'Live Spin Party',
      'Pilates Core Burn',
      'Evening Stretch',
      'Morning Yoga Flow',
      'HIIT Inferno',
      'Strength Foundations',
      'Boxing Basics',
    ]);
    expect(r.body.data.pagination).toEqual({ page: 1, limit: 20, total: 7, totalPages: 1 });
    const pilates = r.body.data.items.find((i: { name: string }) => i.name === 'Pilates Core Burn');
    expect(pilates).toMatchObject({
      id: t.classes.pilates.id,
      duration: 20,
      durationSeconds: 1200,
      intensity: 'low',
      isPremium: false,
      isLive: false,
      isFeatured: true,
      trainer: { id: t.trainers.t1.id, name: t.trainers.t1.name },
      category: { id: t.categories.mat.id, name: t.categories.mat.name },
      live: null,
    });
  });

  it('filters by category name (any case), trainer, intensity, duration range and live', async () => {
    expect(
      names(await t.app.get(`/content/classes?category=${encodeURIComponent(t.categories.calm.name.toUpperCase())}`)),
    ).toEqual(['Evening Stretch', 'Morning Yoga Flow']);
    expect(names(await t.app.get(`/content/classes?category=${t.categories.calm.slug}`))).toEqual([
      'Evening Stretch',
      'Morning Yoga Flow',
    ]);
    expect(names(await t.app.get(`/content/classes?trainer=${t.trainers.t2.id}`))).toEqual([
      'Evening Stretch',
      'Morning Yoga Flow',
      'Strength Foundations',
    ]);
    expect(names(await t.app.get('/content/classes?intensity=medium'))).toEqual([
      'Strength Foundations',
      'Boxing Basics',
    ]);
    expect(names(await t.app.get('/content/classes?minDuration=30&maxDuration=45&sort=duration'))).toEqual([
      'Morning Yoga Flow',
      'Boxing Basics',
      'HIIT Inferno',
      'Live Spin Party',
    ]);
    expect(names(await t.app.get('/content/classes?maxDuration=15'))).toEqual(['Evening Stretch']);
    expect(names(await t.app.get('/content/classes?isLive=true'))).toEqual(['Live Spin Party']);
    expect((await t.app.get('/content/classes?isLive=false')).body.data.pagination.total).toBe(6);
    expect(
      names(
        await t.app.get(
          `/content/classes?category=${t.categories.sweat.slug}&trainer=${t.trainers.t1.id}&intensity=high&isLive=false`,
        ),
      ),
    ).toEqual(['HIIT Inferno']);
    expect(names(await t.app.get('/content/classes?category=no-such-category'))).toEqual([]);
  });

  it('sorts by name, duration, popular and newest', async () => {
    expect(names(await t.app.get('/content/classes?sort=name'))).toEqual([
      'Boxing Basics',
      'Evening Stretch',
      'HIIT Inferno',
      'Live Spin Party',
      'Morning Yoga Flow',
      'Pilates Core Burn',
      'Strength Foundations',
    ]);
    expect(names(await t.app.get('/content/classes?sort=duration'))[0]).toBe('Evening Stretch');
    expect(names(await t.app.get('/content/classes?sort=popular'))[0]).toBe('Pilates Core Burn');
  });

  it('paginates with totals, and a page past the end is empty with the total kept', async () => {
    const p1 = await t.app.get('/content/classes?sort=name&limit=3&page=1');
    const p3 = await t.app.get('/content/classes?sort=name&limit=3&page=3');
    expect(names(p1)).toEqual(['Boxing Basics', 'Evening Stretch', 'HIIT Inferno']);
    expect(names(p3)).toEqual(['Strength Foundations']);
    expect(p3.body.data.pagination).toEqual({ page: 3, limit: 3, total: 7, totalPages: 3 });
    const past = await t.app.get('/content/classes?limit=3&page=9');
    expect(past.body.data).toEqual({ items: [], pagination: { page: 9, limit: 3, total: 7, totalPages: 3 } });
  });

  it('refuses bad filters with 400', async () => {
    for (const q of [
      'intensity=extreme',
      'sort=random',
      'minDuration=-1',
      'minDuration=50&maxDuration=10',
      'trainer=abc',
      'isLive=yes',
      'limit=101',
      'page=0',
    ]) {
      const r = await t.app.get(`/content/classes?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.code).toBe('VALIDATION_ERROR');
    }
  });

  it('hides live classes and refuses isLive=true without the live_classes feature; 403 without classes', async () => {
    const vod = await contentTenant(node, ['classes']);
    expect(names(await vod.app.get('/content/classes'))).not.toContain('Live Spin Party');
    expect((await vod.app.get('/content/classes?isLive=true')).body.code).toBe('FEATURE_DISABLED');
    const none = await contentTenant(node, ['nutrition']);
    const r = await none.app.get('/content/classes');
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('FEATURE_DISABLED');
  });

  it('needs an API key', async () => {
    expect((await client(node.url).get('/content/classes')).status).toBe(401);
  });
});

describe('GET /content/classes/:id', () => {
  it('answers the documented shape with related classes (same category first)', async () => {
    const r = await t.app.get(`/content/classes/${t.classes.hiit.id}`);
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({
      id: t.classes.hiit.id,
      name: 'HIIT Inferno',
      thumbnailUrl: null,
      duration: 45,
      intensity: 'high',
      isPremium: true,
      trainer: { id: t.trainers.t1.id, image: null },
    });
    const related: string[] = r.body.data.relatedClasses.map((c: { name: string }) => c.name);
    expect(related.slice(0, 3).sort()).toEqual(['Boxing Basics', 'Live Spin Party', 'Strength Foundations']);
    expect(related).toContain('Pilates Core Burn'); // same trainer
    expect(related).not.toContain('HIIT Inferno');
    expect(related).not.toContain('Unreleased Pilates Draft');
  });

  it("answers 404 for a draft, an unknown id and another tenant's class", async () => {
    expect((await t.app.get(`/content/classes/${t.classes.draft.id}`)).status).toBe(404);
    expect((await t.app.get('/content/classes/99999999')).status).toBe(404);
    const r = await t.app.get(`/content/classes/${other.classes.pilates.id}`);
    expect(r.status).toBe(404);
    expect(r.body.code).toBe('NOT_FOUND');
    expect((await t.app.get('/content/classes/abc')).status).toBe(400);
  });

  it("does not filter by another tenant's trainer or category", async () => {
    expect(names(await t.app.get(`/content/classes?trainer=${other.trainers.t1.id}`))).toEqual([]);
    expect(names(await t.app.get(`/content/classes?category=${other.categories.mat.slug}`))).toEqual([]);
  });
});

describe('GET /content/categories', () => {
  it("lists the client's categories in order with classCount and image", async () => {
    const r = await t.app.get('/content/categories');
    expect(r.status).toBe(200);
    expect(r.body.data.pagination).toEqual({ page: 1, limit: 20, total: 3, totalPages: 1 });
    expect(r.body.data.items).toEqual([
      {
        id: t.categories.mat.id,
        name: t.categories.mat.name,
        slug: t.categories.mat.slug,
        image: 'https://img.example/Mat.png',
        classCount: 1,
      },
      {
        id: t.categories.calm.id,
        name: t.categories.calm.name,
        slug: t.categories.calm.slug,
        image: 'https://img.example/Calm.png',
        classCount: 2,
      },
      {
        id: t.categories.sweat.id,
        name: t.categories.sweat.name,
        slug: t.categories.sweat.slug,
        image: 'https://img.example/Sweat.png',
        classCount: 4,
      },
    ]);
  });
});

describe('class pages from the held catalogue', () => {
  const DAY = 86_400_000;
  const contextAt = (c: ContentTenant, features: Feature[], at: Date) =>
    buildContext(node.services.orm.em, {
      tenant: { id: c.tenant.id, slug: c.tenant.slug, name: c.tenant.slug, enabledFeatures: features },
      actor: { kind: 'anonymous' },
      clock: () => at,
    });
  const queries: Array<Partial<ClassFilters>> = [
    {},
    { sort: 'duration' },
    { sort: 'name' },
    { limit: 2, page: 2 },
    { limit: 3, page: 9 },
    { intensity: 'low' },
    { minDuration: 20, maxDuration: 45, sort: 'name' },
    { isLive: false, sort: 'duration' },
    { isLive: true },
  ];

  it('are the pages the SQL gives, for every filter, sort and page, at any clock and feature set', async () => {
    const c = await contentTenant(node);
    // Published in five days: hidden now, listed once the clock passes it, without any change to invalidate on.
    const later = await c.admin.post(`/admin/clients/${c.tenant.id}/classes`, {
      name: 'Scheduled Release',
      durationSeconds: 900,
      intensity: 'medium',
      trainerId: c.trainers.t2.id,
      categoryId: c.categories.calm.id,
      publishedAt: new Date(Date.now() + 5 * DAY).toISOString(),
    });
    expect(later.status).toBe(201);
    const withCategories = [
      ...queries,
      { category: c.categories.calm.name.toUpperCase() },
      { category: c.categories.sweat.slug, sort: 'name' as const },
      { trainer: c.trainers.t1.id },
    ];
    let compared = 0;
    for (const features of [['classes', 'live_classes'], ['classes']] as Feature[][]) {
      for (const at of [new Date(), new Date(Date.now() + 6 * DAY)]) {
        const ctx = contextAt(c, features, at);
        const held = await loadCatalogue(ctx);
        expect(held).not.toBeNull();
        for (const q of withCategories) {
          if (q.isLive === true && !features.includes('live_classes')) continue;
          const f = { page: 1, limit: 20, sort: 'newest' as const, ...q };
          const fromSql = await browseClasses(ctx, f, async () => null);
          expect(fromSql).not.toBeInstanceOf(JsonText);
          const fromMemory = await browseClasses(ctx, f, async () => held);
          expect(fromMemory).toBeInstanceOf(JsonText);
          expect(bytesOf(fromMemory), JSON.stringify({ q, at, features })).toBe(bytesOf(fromSql));
          compared++;
        }
      }
    }
    expect(compared).toBe(46);
  });

  it('follows a class edit and a trainer renaming their profile at once', async () => {
    const c = await contentTenant(node, ['classes', 'live_classes', 'coach_connect']);
    expect(names(await c.app.get('/content/classes?sort=name'))).toContain('Boxing Basics'); // held now
    const edited = await c.admin.patch(`/admin/clients/${c.tenant.id}/classes/${c.classes.boxing.id}`, {
      name: 'Boxing Fundamentals',
    });
    expect(edited.status).toBe(200);
    expect(names(await c.app.get('/content/classes?sort=name'))).toContain('Boxing Fundamentals');

    const coach = await createUser(node, c.tenant, 'trainer');
    const made = await c.admin.post(`/admin/clients/${c.tenant.id}/classes`, {
      name: 'Coached Class',
      durationSeconds: 600,
      intensity: 'low',
      trainerId: coach.trainerId,
      publishedAt: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(made.status).toBe(201);
    const trainerOf = async () =>
      (await c.app.get(`/content/classes?trainer=${coach.trainerId}`)).body.data.items[0].trainer.name as string;
    expect(await trainerOf()).toBe('Coach');
    const renamed = await client(node.url, { apiKey: c.tenant.apiKey, token: coach.token }).patch('/trainer/profile', {
      name: 'Coach Renamed',
    });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(await trainerOf()).toBe('Coach Renamed');
  });
});
