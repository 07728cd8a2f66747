import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { ADMIN_TOKEN, startTestNode } from './support/node.ts';
import { client, type Api } from './support/http.ts';
import type { RunningNode } from '../server/node.ts';
import { contentTenant, inDays, type ContentTenant } from './content-fixtures.ts';

let node: RunningNode;
let admin: Api;
let t: ContentTenant;
let other: ContentTenant;

beforeAll(async () => {
  node = await startTestNode();
  admin = client(node.url, { adminToken: ADMIN_TOKEN });
  t = await contentTenant(node);
  other = await contentTenant(node);
});
afterAll(async () => {
  await node.stop();
});

const base = { durationSeconds: 900, intensity: 'medium' };

describe('admin content API', () => {
  it('needs the admin token', async () => {
    expect((await client(node.url).post('/admin/categories', { name: 'x', slug: 'x' })).status).toBe(401);
    expect(
      (await client(node.url, { apiKey: t.tenant.apiKey }).get(`/admin/clients/${t.tenant.id}/classes`)).status,
    ).toBe(401);
  });

  it('creates, renames and deletes categories; names and slugs are unique', async () => {
    const slug = `c-${randomBytes(4).toString('hex')}`;
    const c = await admin.post('/admin/categories', { name: `Barre ${slug}`, slug });
    expect(c.status).toBe(201);
    expect(c.body.data).toEqual({ id: expect.any(Number), name: `Barre ${slug}`, slug, image: null });
    expect((await admin.post('/admin/categories', { name: `Other ${slug}`, slug })).status).toBe(409);
    expect((await admin.post('/admin/categories', { name: 'Bad', slug: 'Not A Slug' })).status).toBe(400);
    const renamed = await admin.patch(`/admin/categories/${c.body.data.id}`, {
      imageUrl: 'https://img.example/barre.png',
    });
    expect(renamed.body.data.image).toBe('https://img.example/barre.png');
    expect(
      (await admin.get('/admin/categories?limit=100')).body.data.items.map((x: { slug: string }) => x.slug),
    ).toContain(slug);
    expect((await admin.delete(`/admin/categories/${c.body.data.id}`)).status).toBe(200);
    expect((await admin.delete(`/admin/categories/${c.body.data.id}`)).status).toBe(404);
    expect((await admin.patch('/admin/categories/99999999', { name: 'x' })).status).toBe(404);
  });

  it('assigning categories replaces the set; unassigned categories leave classes uncategorised', async () => {
    const c = await contentTenant(node);
    const r = await admin.put(`/admin/clients/${c.tenant.id}/categories`, {
      categoryIds: [c.categories.sweat.id, c.categories.mat.id],
    });
    expect(r.status).toBe(200);
    expect(r.body.data.items.map((x: { id: number }) => x.id)).toEqual([c.categories.sweat.id, c.categories.mat.id]);
    const yoga = await c.app.get(`/content/classes/${c.classes.yoga.id}`);
    expect(yoga.body.data.category).toBeNull();
    expect((await admin.put(`/admin/clients/${c.tenant.id}/categories`, { categoryIds: [99999999] })).status).toBe(404);
    expect((await admin.put('/admin/clients/99999999/categories', { categoryIds: [] })).status).toBe(404);
  });

  it("refuses another client's trainer, an unassigned category and another client's class", async () => {
    let r = await admin.post(`/admin/clients/${t.tenant.id}/classes`, {
      ...base,
      name: 'X',
      trainerId: other.trainers.t1.id,
    });
    expect(r.status).toBe(404);
    expect(r.body.error).toMatch(/Trainer/);
    r = await admin.post(`/admin/clients/${t.tenant.id}/classes`, {
      ...base,
      name: 'X',
      categoryId: other.categories.mat.id,
    });
    expect(r.status).toBe(404);
    expect(
      (
        await admin.patch(`/admin/clients/${t.tenant.id}/classes/${t.classes.pilates.id}`, {
          trainerId: other.trainers.t2.id,
        })
      ).status,
    ).toBe(404);
    expect(
      (await admin.patch(`/admin/clients/${t.tenant.id}/classes/${other.classes.pilates.id}`, { name: 'Stolen' }))
        .status,
    ).toBe(404);
    expect((await admin.delete(`/admin/clients/${t.tenant.id}/classes/${other.classes.pilates.id}`)).status).toBe(404);
    expect((await other.app.get(`/content/classes/${other.classes.pilates.id}`)).body.data.name).toBe(
      'Pilates Core Burn',
    );
  });

  it('updates a class partially and lists drafts for operators', async () => {
    const r = await admin.patch(`/admin/clients/${t.tenant.id}/classes/${t.classes.draft.id}`, {
      publishedAt: new Date().toISOString(),
      video: null,
      isPremium: true,
    });
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ isPremium: true, video: null, name: 'Unreleased Pilates Draft' });
    expect((await t.app.get(`/content/classes/${t.classes.draft.id}`)).status).toBe(200);
    const list = await admin.get(`/admin/clients/${t.tenant.id}/classes?limit=100`);
    expect(list.body.data.pagination.total).toBe(8);
  });

  it('schedules live classes in the future only and reschedules them', async () => {
    const past = await admin.post(`/admin/clients/${t.tenant.id}/live-classes`, {
      ...base,
      name: 'Late',
      scheduledAt: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(past.status).toBe(400);
    const live = await admin.post(`/admin/clients/${t.tenant.id}/classes`, {
      ...base,
      name: 'Live via live{}',
      live: { scheduledAt: inDays(3), capacity: 12 },
    });
    expect(live.status).toBe(201);
    expect(live.body.data).toMatchObject({ kind: 'live', live: { status: 'scheduled', capacity: 12 } });
    const moved = await admin.patch(`/admin/clients/${t.tenant.id}/classes/${live.body.data.id}`, {
      live: { scheduledAt: inDays(4), capacity: null },
    });
    expect(moved.body.data.live.capacity).toBeNull();
    expect(new Date(moved.body.data.live.scheduledAt).getTime()).toBeGreaterThan(Date.now() + 3.5 * 86_400_000);
    const notLive = await admin.patch(`/admin/clients/${t.tenant.id}/classes/${t.classes.pilates.id}`, {
      live: { capacity: 3 },
    });
    expect(notLive.status).toBe(422);
    expect(notLive.body.code).toBe('NOT_A_LIVE_CLASS');
  });

  it('refuses bad bodies', async () => {
    for (const body of [
      {},
      { ...base },
      { ...base, name: 'x', intensity: 'extreme' },
      { ...base, name: 'x', durationSeconds: 0 },
      { ...base, name: 'x', extra: 1 },
      { ...base, name: 'x', video: { provider: 'mux' } },
    ]) {
      const r = await admin.post(`/admin/clients/${t.tenant.id}/classes`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
    }
    expect((await admin.patch(`/admin/clients/${t.tenant.id}/classes/${t.classes.pilates.id}`, {})).status).toBe(400);
  });
});
