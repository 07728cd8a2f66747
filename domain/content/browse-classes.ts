import type { Ctx } from '../shared/context.ts';
import { requireFeature } from '../shared/context.ts';
import { notFound } from '../shared/errors.ts';
import { offsetOf, pageOf, type PageQuery } from '../shared/pagination.ts';
import type { Intensity } from './class.entity.ts';
import { CLASS_COLUMNS, CLASS_FROM, presentClass, visibleTo, type ClassRow } from './class-rows.ts';
import { popularityOrder } from './class-popularity.ts';
import { visibleNow, type Catalogue, type CatalogueEntry } from './catalogue.ts';
import { JsonText } from '../shared/json-text.ts';

export const CLASS_SORTS = ['newest', 'popular', 'duration', 'name'] as const;
export type ClassSort = (typeof CLASS_SORTS)[number];

export interface ClassFilters extends PageQuery {
  category?: string;
  trainer?: number;
  intensity?: Intensity;
  /** Minutes, inclusive. */
  minDuration?: number;
  maxDuration?: number;
  isLive?: boolean;
  sort: ClassSort;
}

const orderBy: Record<ClassSort, () => string> = {
  newest: () => 'c.published_at desc, c.id desc',
  popular: () => `${popularityOrder('c')}, c.published_at desc, c.id desc`,
  duration: () => 'c.duration_seconds asc, c.id asc',
  name: () => 'lower(c.name) asc, c.id asc',
};

/**
 * The filtered, sorted, paginated catalogue. `category` matches a category's name (or slug), any case.
 * From the tenant's held catalogue when there is one (no database round trip), else in SQL; `popular` (which
 * moves with every view) and a non-ASCII category (where JavaScript's lower case may differ from PostgreSQL's)
 * always in SQL.
 */
export async function browseClasses(ctx: Ctx, f: ClassFilters, catalogue: () => Promise<Catalogue | null>) {
  if (f.isLive === true) requireFeature(ctx, 'live_classes');
  if (f.sort !== 'popular' && !(f.category !== undefined && /[\u0080-\uffff]/.test(f.category))) {
    const held = await catalogue();
    if (held) return pageFromCatalogue(ctx, held, f, f.sort);
  }
  return browseInSql(ctx, f);
}

/**
 * The same filters as `browseInSql` over the held entries, in the order PostgreSQL gave them; the page as JSON text
 * spliced from the entries' own (what `JSON.stringify(pageOf(...))` gives, without serializing each class again).
 */
function pageFromCatalogue(ctx: Ctx, catalogue: Catalogue, f: ClassFilters, sort: Exclude<ClassSort, 'popular'>) {
  const visible = visibleNow(ctx, ctx.clock().getTime());
  const category = f.category?.toLowerCase();
  const kind = f.isLive === undefined ? undefined : f.isLive ? 'live' : 'on_demand';
  const min = f.minDuration === undefined ? undefined : f.minDuration * 60;
  const max = f.maxDuration === undefined ? undefined : f.maxDuration * 60;
  const matches = (e: CatalogueEntry) =>
    visible(e) &&
    (category === undefined || e.categoryLower === category || e.categorySlug === category) &&
    (f.trainer === undefined || Number(e.row.trainer_id) === f.trainer) &&
    (f.intensity === undefined || e.row.intensity === f.intensity) &&
    (min === undefined || e.row.duration_seconds >= min) &&
    (max === undefined || e.row.duration_seconds <= max) &&
    (kind === undefined || e.row.kind === kind);
  const { limit, offset } = offsetOf(f);
  const items: string[] = [];
  let total = 0;
  for (const e of catalogue[sort]) {
    if (!matches(e)) continue;
    if (total >= offset && total < offset + limit) items.push(e.json);
    total++;
  }
  const { pagination } = pageOf([], total, f);
  return new JsonText(`{"items":[${items.join(',')}],"pagination":${JSON.stringify(pagination)}}`);
}

async function browseInSql(ctx: Ctx, f: ClassFilters) {
  const visible = visibleTo(ctx);
  const where = [visible.sql];
  const params: unknown[] = [...visible.params];
  const add = (sql: string, ...values: unknown[]) => {
    where.push(sql);
    params.push(...values);
  };
  if (f.category !== undefined) add('(lower(cat.name) = lower(?) or cat.slug = lower(?))', f.category, f.category);
  if (f.trainer !== undefined) add('c.trainer_id = ?', f.trainer);
  if (f.intensity !== undefined) add('c.intensity = ?', f.intensity);
  if (f.minDuration !== undefined) add('c.duration_seconds >= ?', f.minDuration * 60);
  if (f.maxDuration !== undefined) add('c.duration_seconds <= ?', f.maxDuration * 60);
  if (f.isLive !== undefined) add('c.kind = ?', f.isLive ? 'live' : 'on_demand');

  const { limit, offset } = offsetOf(f);
  const rows: Array<ClassRow & { total: string | number }> = await ctx.em.execute(
    `select ${CLASS_COLUMNS}, count(*) over () as total from ${CLASS_FROM}
     where ${where.join(' and ')} order by ${orderBy[f.sort]()} limit ? offset ?`,
    [...params, limit, offset],
  );
  const total = rows[0] ? Number(rows[0].total) : await countOnly(ctx, where, params);
  return pageOf(rows.map(presentClass), total, f);
}

/** A page past the end has no rows to carry the window count; count separately then. */
async function countOnly(ctx: Ctx, where: string[], params: unknown[]): Promise<number> {
  const [row] = await ctx.em.execute(`select count(*) as n from ${CLASS_FROM} where ${where.join(' and ')}`, params);
  return Number(row?.n ?? 0);
}

/** One visible class with up to six related ones (same category first, then same trainer, newest first). */
export async function getClassDetail(ctx: Ctx, classId: number) {
  const visible = visibleTo(ctx);
  const [row]: ClassRow[] = await ctx.em.execute(
    `select ${CLASS_COLUMNS} from ${CLASS_FROM} where ${visible.sql} and c.id = ?`,
    [...visible.params, classId],
  );
  if (!row) throw notFound('Class');
  const related: ClassRow[] = await ctx.em.execute(
    `select ${CLASS_COLUMNS} from ${CLASS_FROM}
     where ${visible.sql} and c.id <> ? and (c.category_id = ? or c.trainer_id = ?)
     order by (c.category_id = ?) desc nulls last, c.published_at desc, c.id desc limit 6`,
    [...visible.params, row.id, row.category_id, row.trainer_id, row.category_id],
  );
  return { ...presentClass(row), relatedClasses: related.map(presentClass) };
}
