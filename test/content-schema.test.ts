import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode } from './support/node.ts';
import { createTenant } from './support/tenant.ts';
import { platformEm } from '../server/db/orm.ts';
import type { RunningNode } from '../server/node.ts';

/** The content schema keeps its own invariants: composite keys across tenants, the search vector and names. */
let node: RunningNode;
const sql = (q: string, params: unknown[] = []): Promise<any[]> => platformEm(node.services.orm).execute(q, params);

beforeAll(async () => {
  node = await startTestNode();
});
afterAll(async () => {
  await node.stop();
});

async function setup() {
  const a = await createTenant(node);
  const b = await createTenant(node);
  const slug = `cat-${a.slug}`;
  const [cat] = await sql(`insert into categories (name, slug) values (?, ?) returning id`, [
    `Pilates ${a.slug}`,
    slug,
  ]);
  await sql(`insert into client_categories (client_id, category_id) values (?, ?)`, [a.id, cat.id]);
  const [ta] = await sql(`insert into trainers (client_id, name) values (?, 'Zoë Martín') returning id`, [a.id]);
  const [tb] = await sql(`insert into trainers (client_id, name) values (?, 'Other') returning id`, [b.id]);
  return { a, b, catId: cat.id as number, trainerA: ta.id as number, trainerB: tb.id as number };
}

describe('content schema', () => {
  it('fills search names from trainer and category and refreshes them when those change', async () => {
    const s = await setup();
    const [cls] = await sql(
      `insert into classes (client_id, name, description, duration_seconds, intensity, trainer_id, category_id)
       values (?, 'Core Flow', 'A calm session', 1200, 'low', ?, ?) returning id, search_names`,
      [s.a.id, s.trainerA, s.catId],
    );
    expect(cls.search_names).toContain('Zoë Martín');
    const hit = await sql(
      `select id from classes where id = ? and search_vector @@ plainto_tsquery('simple', content_unaccent('zoe'))`,
      [cls.id],
    );
    expect(hit).toHaveLength(1);
    await sql(`update trainers set name = 'Renamed Coach' where id = ?`, [s.trainerA]);
    const [after] = await sql(`select search_names from classes where id = ?`, [cls.id]);
    expect(after.search_names).toContain('Renamed Coach');
  });

  it("refuses another tenant's trainer and an unassigned category", async () => {
    const s = await setup();
    await expect(
      sql(
        `insert into classes (client_id, name, duration_seconds, intensity, trainer_id) values (?, 'x', 60, 'low', ?)`,
        [s.a.id, s.trainerB],
      ),
    ).rejects.toThrow(/foreign key/);
    await expect(
      sql(
        `insert into classes (client_id, name, duration_seconds, intensity, category_id) values (?, 'x', 60, 'low', ?)`,
        [s.b.id, s.catId],
      ),
    ).rejects.toThrow(/foreign key/);
  });

  it('requires schedule and status together for live classes', async () => {
    const s = await setup();
    await expect(
      sql(
        `insert into classes (client_id, name, duration_seconds, intensity, kind) values (?, 'x', 60, 'low', 'live')`,
        [s.a.id],
      ),
    ).rejects.toThrow(/classes_live_is_scheduled/);
  });
});
