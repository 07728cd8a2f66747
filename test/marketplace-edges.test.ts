import { platformEm } from '../server/db/orm.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningNode } from '../server/node.ts';
import { startTestNode } from './support/node.ts';
import { client } from './support/http.ts';
import { createTenant, type TestTenant } from './support/tenant.ts';
import { createBookableTrainer } from './support/marketplace.ts';

describe('marketplace edges', () => {
  let node: RunningNode;
  let t: TestTenant;
  beforeAll(async () => {
    node = await startTestNode();
    t = await createTenant(node);
  });
  afterAll(() => node.stop());

  it("a trainer's classes and profile show their published on-demand classes (they answered [])", async () => {
    const tr = await createBookableTrainer(node, t);
    const other = await createBookableTrainer(node, t);
    const em = platformEm(node.services.orm);
    const add = (trainerId: number, name: string, published: string | null) =>
      em.execute(
        `insert into classes (client_id, name, duration_seconds, intensity, trainer_id, published_at) values (?, ?, 1800, 'low', ?, ${published ?? 'null'})`,
        [t.id, name, trainerId],
      );
    await add(tr.trainerId, 'Morning flow', `now() - interval '1 day'`);
    await add(tr.trainerId, 'Draft', null);
    await add(other.trainerId, 'Not theirs', `now() - interval '1 day'`);
    const api = client(node.url, { apiKey: t.apiKey });
    const classes = (await api.get(`/trainers/${tr.trainerId}/classes`)).body.data;
    expect(classes.recordedClasses.map((c: { name: string }) => c.name)).toEqual(['Morning flow']);
    expect(classes.recordedClasses[0]).toMatchObject({
      duration: 30,
      trainer: expect.objectContaining({ id: tr.trainerId }),
    });
    const profile = (await api.get(`/trainers/${tr.trainerId}`)).body.data;
    expect(profile.classes.map((c: { name: string }) => c.name)).toContain('Morning flow');
  });

  it('an inactive trainer offers no slots and is absent from the trainer list', async () => {
    const active = await createBookableTrainer(node, t);
    const inactive = await createBookableTrainer(node, t);
    await platformEm(node.services.orm).execute(
      `update trainers set is_active = false where client_id = ? and id = ?`,
      [t.id, inactive.trainerId],
    );
    const api = client(node.url, { apiKey: t.apiKey });
    const listed = (await api.get('/trainers?limit=100')).body.data.items.map((x: { id: number }) => x.id);
    expect(listed).toContain(active.trainerId);
    expect(listed).not.toContain(inactive.trainerId);
    expect((await api.get('/trainers?limit=100&active=false')).body.data.items).toEqual([]);
    expect((await api.get(`/trainers/${active.trainerId}/availability`)).body.data.slots.length).toBeGreaterThan(0);
    expect((await api.get(`/trainers/${inactive.trainerId}/availability`)).body.data.slots).toEqual([]);
  });
});
