import type { Ctx } from '../shared/context.ts';
import { Trainer } from '../identity/trainer.entity.ts';
import { Category } from './category.entity.ts';
import { ContentClass } from './class.entity.ts';
import { catalogueRow, describeRowIssues, withoutEmptyCells, type NumberedRow } from './catalogue-row.ts';

export interface ImportOutcome {
  created: number;
  failed: Array<{ line: number; error: string }>;
}

/**
 * Imports checked catalogue rows into the client of `ctx`, in the caller's transaction. Rows naming a trainer
 * or category that cannot be resolved are reported by line and skipped; the others are inserted together in
 * one flush. Categories found in the platform catalogue but not yet assigned to the client are assigned.
 */
export async function importCatalogueRows(ctx: Ctx, rows: NumberedRow[]): Promise<ImportOutcome> {
  const trainers = await ctx.em.find(Trainer, {});
  const trainerOf = new Map<string, number>();
  for (const t of trainers) trainerOf.set(String(t.id), t.id).set(t.name.toLowerCase(), t.id);
  const categories = await ctx.em.find(Category, {});
  const categoryOf = new Map<string, number>();
  for (const c of categories) categoryOf.set(String(c.id), c.id).set(c.name.toLowerCase(), c.id).set(c.slug, c.id);

  const failed: ImportOutcome['failed'] = [];
  const needed = new Set<number>();
  let created = 0;
  for (const row of rows) {
    const trainerId = row.trainer === undefined ? null : trainerOf.get(row.trainer.toLowerCase());
    const categoryId = row.category === undefined ? null : categoryOf.get(row.category.toLowerCase());
    if (trainerId === undefined) {
      failed.push({ line: row.line, error: `trainer "${row.trainer}" is not a trainer of this client` });
      continue;
    }
    if (categoryId === undefined) {
      failed.push({ line: row.line, error: `category "${row.category}" is not in the category catalogue` });
      continue;
    }
    if (row.scheduledAt && row.scheduledAt.getTime() <= ctx.clock().getTime()) {
      failed.push({ line: row.line, error: 'scheduledAt must be in the future' });
      continue;
    }
    if (categoryId !== null) needed.add(categoryId);
    ctx.em.create(ContentClass, {
      clientId: ctx.tenant.id,
      name: row.name,
      description: row.description,
      thumbnailUrl: row.thumbnailUrl ?? null,
      durationSeconds: row.durationMinutes * 60,
      intensity: row.intensity,
      isPremium: row.isPremium,
      trainerId,
      categoryId,
      kind: row.scheduledAt ? 'live' : 'on_demand',
      videoProvider: row.videoProvider ?? null,
      videoAssetId: row.videoAssetId ?? null,
      isFeatured: row.isFeatured,
      publishedAt: row.publishedAt ?? ctx.clock(),
      scheduledAt: row.scheduledAt ?? null,
      status: row.scheduledAt ? 'scheduled' : null,
      capacity: row.capacity ?? null,
      startedAt: null,
      endedAt: null,
    });
    created++;
  }
  // Assignments first: the classes' composite foreign key needs them.
  if (needed.size) {
    await ctx.em.execute(
      `insert into client_categories (client_id, category_id, position)
       select ?, id, 1000 from unnest(?::int[]) as id on conflict (client_id, category_id) do nothing`,
      [ctx.tenant.id, `{${[...needed].join(',')}}`],
    );
  }
  await ctx.em.flush();
  return { created, failed };
}

export interface RawCatalogueRow {
  line: number;
  row: Record<string, unknown>;
}

/** Checks raw rows (from a file or the admin API) and imports the good ones; bad rows come back by line. */
export async function importCatalogue(ctx: Ctx, raw: RawCatalogueRow[]): Promise<ImportOutcome> {
  const good: NumberedRow[] = [];
  const invalid: ImportOutcome['failed'] = [];
  for (const { line, row } of raw) {
    const checked = catalogueRow.safeParse(withoutEmptyCells(row));
    if (checked.success) good.push({ ...checked.data, line });
    else invalid.push({ line, error: describeRowIssues(checked.error) });
  }
  const outcome = await importCatalogueRows(ctx, good);
  return { created: outcome.created, failed: [...invalid, ...outcome.failed].sort((a, b) => a.line - b.line) };
}
