import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode } from './support/node.ts';
import type { RunningNode } from '../server/node.ts';
import { contentTenant, type ContentTenant } from './content-fixtures.ts';

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

const search = async (q: string, limit?: number) => {
  const r = await t.app.get(`/content/search?q=${encodeURIComponent(q)}${limit ? `&limit=${limit}` : ''}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.data.items as Array<{ id: number; name: string; match: string }>;
};

describe('GET /content/search', () => {
  it('ranks a name match above a description match', async () => {
    const items = await search('core');
    expect(items.map((i) => i.name)).toEqual(['Pilates Core Burn', 'Evening Stretch']);
    expect(items.every((i) => i.match === 'text')).toBe(true);
  });

  it('finds classes by trainer name and by category name, accent-insensitively', async () => {
    const byTrainer = await search(`Kowalska ${t.tag}`);
    expect(byTrainer.map((i) => i.name).sort()).toEqual([
      'Boxing Basics',
      'HIIT Inferno',
      'Live Spin Party',
      'Pilates Core Burn',
    ]);
    const byCategory = await search(t.categories.calm.name);
    expect(byCategory.map((i) => i.name).sort()).toEqual(['Evening Stretch', 'Morning Yoga Flow']);
    await t.admin.patch(`/admin/clients/${t.tenant.id}/classes/${t.classes.yoga.id}`, { name: 'Morning Yoga Flów' });
    expect((await search('flow')).map((i) => i.name)).toEqual(['Morning Yoga Flów']);
  });

  it('matches word prefixes and tolerates small typos', async () => {
    expect((await search('pil')).map((i) => i.name)).toEqual(['Pilates Core Burn']);
    const typo = await search('pilats');
    expect(typo[0]).toMatchObject({ name: 'Pilates Core Burn', match: 'similar' });
    expect((await search('strenght'))[0]?.name).toBe('Strength Foundations');
    expect(await search('zzqxv')).toEqual([]);
  });

  it("never returns drafts or another tenant's classes, and honours limit", async () => {
    expect((await search('unreleased')).length).toBe(0);
    const mine = await search(`Kowalska ${t.tag}`, 2);
    expect(mine).toHaveLength(2);
    const otherIds = Object.values(other.classes).map((c) => c.id);
    for (const q of ['pilates', 'pilats', 'spin', `Kowalska ${other.tag}`]) {
      expect(
        (await search(q)).filter((i) => otherIds.includes(i.id)),
        q,
      ).toEqual([]);
    }
  });

  it('copes with query syntax characters and refuses empty or oversized queries', async () => {
    expect(await search("core & | ! ( ) :* ' \\")).toHaveLength(2);
    expect(await search('&&&')).toEqual([]);
    for (const q of ['', '%20%20', 'x'.repeat(101)]) {
      const r = await t.app.get(`/content/search?q=${q}`);
      expect(r.status, q).toBe(400);
    }
    expect((await t.app.get('/content/search?q=core&limit=0')).status).toBe(400);
  });
});
