import type { Ctx } from '../shared/context.ts';
import { demoCategories, demoClasses, demoLiveClasses } from './demo-catalogue.data.ts';

const HOUR_MS = 3_600_000;
const slugOf = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/**
 * The demo catalogue for the tenant of `ctx`, idempotent: categories are found or created platform-wide by slug,
 * assigned once, and a class is inserted only when the client has no class of that name yet. Publication dates
 * are spread over the last ~2 months (interleaved so every category has recent classes, a few this week);
 * live classes are scheduled over the coming days from the seeding time.
 */
export async function seedDemoCatalogue(ctx: Ctx, trainerIds: readonly number[]): Promise<void> {
  const now = ctx.clock().getTime();
  const categoryIds = new Map<string, number>();
  for (const [position, c] of demoCategories.entries()) {
    await ctx.em.execute(`insert into categories (name, slug, image_url) values (?, ?, ?) on conflict do nothing`, [
      c.name,
      c.slug,
      c.image,
    ]);
    const [row] = await ctx.em.execute(
      `select id from categories where slug = ? or name = ? order by (slug = ?) desc limit 1`,
      [c.slug, c.name, c.slug],
    );
    const id = Number(row!.id);
    categoryIds.set(c.slug, id);
    await ctx.em.execute(
      `insert into client_categories (client_id, category_id, position) values (?, ?, ?) on conflict (client_id, category_id) do nothing`,
      [ctx.tenant.id, id, position],
    );
  }

  const insert = (values: unknown[]) =>
    ctx.em.execute(
      `insert into classes (client_id, name, description, thumbnail_url, duration_seconds, intensity, is_premium, trainer_id, category_id,
         kind, video_provider, video_asset_id, is_featured, published_at, scheduled_at, status, capacity)
       select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::timestamptz, ?::timestamptz, ?, ?
       where not exists (select 1 from classes where client_id = ? and name = ?)`,
      values,
    );
  for (const [
    i,
    [name, category, trainer, minutes, intensity, premium, featured, description],
  ] of demoClasses.entries()) {
    const slug = slugOf(name);
    const publishedAt = new Date(now - (((i * 7) % demoClasses.length) * 22 + 2) * HOUR_MS);
    await insert([
      ctx.tenant.id,
      name,
      description,
      `https://picsum.photos/seed/${slug}/640/360`,
      minutes * 60,
      intensity,
      premium,
      trainerIds[trainer],
      categoryIds.get(category),
      'on_demand',
      'mux',
      `demo-${slug}`,
      featured,
      publishedAt,
      null,
      null,
      null,
      ctx.tenant.id,
      name,
    ]);
  }
  for (const [name, category, trainer, minutes, intensity, days, hour, capacity] of demoLiveClasses) {
    const day = new Date(now + days * 24 * HOUR_MS);
    const scheduledAt = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hour));
    await insert([
      ctx.tenant.id,
      name,
      `Join ${name.replace(/^Live: /, '')} live, with real-time coaching and the studio community.`,
      `https://picsum.photos/seed/${slugOf(name)}/640/360`,
      minutes * 60,
      intensity,
      false,
      trainerIds[trainer],
      categoryIds.get(category),
      'live',
      null,
      null,
      false,
      new Date(now),
      scheduledAt,
      'scheduled',
      capacity,
      ctx.tenant.id,
      name,
    ]);
  }
}
