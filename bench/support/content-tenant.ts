/**
 * A tenant with a catalogue, for the content routes' benches: classes and live_classes enabled, six categories,
 * 200 published on-demand classes (every fifth featured), 10 scheduled live classes, and a user who has half
 * watched eight classes (so discover's continueWatching has rows to join).
 */
import { seedTenant, sql, type BenchTenant } from './seed.ts';

export async function seedContentTenant(
  dbUrl: string,
): Promise<{ tenant: BenchTenant; user: BenchTenant['users'][0] }> {
  const t = await seedTenant(dbUrl, 1);
  await sql(
    dbUrl,
    `update clients set enabled_features = array(select distinct unnest(enabled_features || array['classes', 'live_classes'])) where id = ?`,
    [t.id],
  );
  await sql(
    dbUrl,
    `insert into categories (name, slug) select 'Bench ' || g, 'bench-' || g from generate_series(1, 6) g on conflict do nothing`,
  );
  await sql(
    dbUrl,
    `insert into client_categories (client_id, category_id, position) select ?, id, id from categories where slug like 'bench-%'`,
    [t.id],
  );
  await sql(
    dbUrl,
    `insert into classes (client_id, name, duration_seconds, intensity, category_id, is_featured, published_at)
    select ?, 'Class ' || g, 600 + g * 60, (array['low', 'medium', 'high'])[1 + g % 3], (select min(category_id) from client_categories where client_id = ?) + g % 6,
           g % 5 = 0, now() - g * interval '1 hour' from generate_series(1, 200) g`,
    [t.id, t.id],
  );
  await sql(
    dbUrl,
    `insert into classes (client_id, name, duration_seconds, intensity, kind, status, scheduled_at, published_at)
    select ?, 'Live ' || g, 3600, 'medium', 'live', 'scheduled', now() + g * interval '1 hour', now() from generate_series(1, 10) g`,
    [t.id],
  );
  const user = t.users[0]!;
  await sql(
    dbUrl,
    `insert into viewing_sessions (client_id, user_id, class_id, device_type, total_duration_seconds, progress_seconds, position_seconds)
    select ?, ?, id, 'bench', duration_seconds, duration_seconds / 3, duration_seconds / 3 from classes where client_id = ? and kind = 'on_demand' order by id limit 8`,
    [t.id, user.id, t.id],
  );
  return { tenant: t, user };
}
