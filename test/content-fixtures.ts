import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { RunningNode } from '../server/node.ts';
import type { Feature } from '../domain/tenancy/client.entity.ts';
import { ADMIN_TOKEN } from './support/node.ts';
import { client } from './support/http.ts';
import { createTenant, type TestTenant } from './support/tenant.ts';
import { createTrainer } from './support/identities.ts';
import { createUser } from './support/realtime.ts';

const DAY = 86_400_000;
export const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();
export const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString();

/**
 * A tenant with a small known catalogue, built through the admin API: two trainers, three categories (names
 * unique per call: the category catalogue is platform-wide), six published classes, a draft and a live class.
 */
export async function contentTenant(node: RunningNode, features: Feature[] = ['classes', 'live_classes']) {
  const admin = client(node.url, { adminToken: ADMIN_TOKEN });
  const tenant: TestTenant = await createTenant(node, { enabledFeatures: features });
  const tag = randomBytes(4).toString('hex');
  const t1 = await createTrainer(node, tenant, { name: `Anna Kowalska ${tag}` });
  const t2 = await createTrainer(node, tenant, { name: `Ben Osei ${tag}` });
  const cat = async (name: string) => {
    const r = await admin.post('/admin/categories', {
      name: `${name} ${tag}`,
      slug: `${name.toLowerCase()}-${tag}`,
      imageUrl: `https://img.example/${name}.png`,
    });
    expect(r.status).toBe(201);
    return r.body.data as { id: number; name: string; slug: string };
  };
  const mat = await cat('Mat');
  const calm = await cat('Calm');
  const sweat = await cat('Sweat');
  const assigned = await admin.put(`/admin/clients/${tenant.id}/categories`, {
    categoryIds: [mat.id, calm.id, sweat.id],
  });
  expect(assigned.status).toBe(200);

  const make = async (body: Record<string, unknown>, path = 'classes') => {
    const r = await admin.post(`/admin/clients/${tenant.id}/${path}`, {
      video: { provider: 'mux', assetId: `a-${randomBytes(3).toString('hex')}` },
      ...body,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.data as { id: number; name: string };
  };
  const classes = {
    pilates: await make({
      name: 'Pilates Core Burn',
      description: 'Deep abdominal work on the mat.',
      durationSeconds: 1200,
      intensity: 'low',
      trainerId: t1.id,
      categoryId: mat.id,
      isFeatured: true,
      publishedAt: daysAgo(1),
    }),
    yoga: await make({
      name: 'Morning Yoga Flow',
      description: 'Sun salutations to wake up.',
      durationSeconds: 1800,
      intensity: 'low',
      trainerId: t2.id,
      categoryId: calm.id,
      publishedAt: daysAgo(3),
    }),
    hiit: await make({
      name: 'HIIT Inferno',
      description: 'Intervals that leave nothing in the tank.',
      durationSeconds: 2700,
      intensity: 'high',
      isPremium: true,
      trainerId: t1.id,
      categoryId: sweat.id,
      publishedAt: daysAgo(10),
    }),
    strength: await make({
      name: 'Strength Foundations',
      description: 'Squat, hinge, push and pull basics.',
      durationSeconds: 3600,
      intensity: 'medium',
      trainerId: t2.id,
      categoryId: sweat.id,
      publishedAt: daysAgo(20),
    }),
    stretch: await make({
      name: 'Evening Stretch',
      description: 'A gentle core release before bed.',
      durationSeconds: 900,
      intensity: 'low',
      trainerId: t2.id,
      categoryId: calm.id,
      publishedAt: daysAgo(2),
    }),
    boxing: await make({
      name: 'Boxing Basics',
      description: 'Footwork, jab and cross.',
      durationSeconds: 2400,
      intensity: 'medium',
      trainerId: t1.id,
      categoryId: sweat.id,
      publishedAt: daysAgo(30),
    }),
    draft: await make({
      name: 'Unreleased Pilates Draft',
      durationSeconds: 600,
      intensity: 'low',
      trainerId: t1.id,
      categoryId: mat.id,
      publishedAt: null,
    }),
    live: await make(
      {
        name: 'Live Spin Party',
        description: 'Ride together.',
        durationSeconds: 2700,
        intensity: 'high',
        trainerId: t1.id,
        categoryId: sweat.id,
        scheduledAt: inDays(1),
        capacity: 30,
      },
      'live-classes',
    ),
  };
  const user = await createUser(node, tenant);
  return {
    tenant,
    tag,
    trainers: { t1, t2 },
    categories: { mat, calm, sweat },
    classes,
    user,
    app: client(node.url, { apiKey: tenant.apiKey, token: user.token }),
    admin,
  };
}
export type ContentTenant = Awaited<ReturnType<typeof contentTenant>>;
