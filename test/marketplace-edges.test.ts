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

  it('an inactive trainer offers no slots and is absent from the trainer list', async () => {
    const active = await createBookableTrainer(node, t);
    const inactive = await createBookableTrainer(node, t);
    await node.services.orm.em.fork({ useContext: false }).execute(`update trainers set is_active = false where client_id = ? and id = ?`, [t.id, inactive.trainerId]);
    const api = client(node.url, { apiKey: t.apiKey });
    const listed = (await api.get('/trainers?limit=100')).body.data.items.map((x: { id: number }) => x.id);
    expect(listed).toContain(active.trainerId);
    expect(listed).not.toContain(inactive.trainerId);
    expect((await api.get('/trainers?limit=100&active=false')).body.data.items).toEqual([]);
    expect((await api.get(`/trainers/${active.trainerId}/availability`)).body.data.slots.length).toBeGreaterThan(0);
    expect((await api.get(`/trainers/${inactive.trainerId}/availability`)).body.data.slots).toEqual([]);
  });
});
