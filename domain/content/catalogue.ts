import type { Ctx } from '../shared/context.ts';
import { CLASS_COLUMNS, CLASS_FROM, presentClass, type ClassRow, type PresentedClass } from './class-rows.ts';

/**
 * A tenant's published catalogue (every class with a `published_at`, future ones included), held in the node's
 * tenant content cache beside the discover sections, so `/content/classes` pages and discover's continueWatching
 * need no database round trip for the classes. Visibility still depends on the request's clock and the client's
 * features, so it is applied per request (`visibleNow`), not at load. Orders come from PostgreSQL itself
 * (`row_number()` over each sort), so a page from memory is the page the SQL would give, collation included.
 * A tenant with more than `CATALOGUE_MAX` published classes is not held (bounded memory): its pages come from SQL.
 */
export const CATALOGUE_MAX = 1000;

export interface CatalogueEntry {
  row: ClassRow;
  presented: PresentedClass;
  /** `presented` as JSON, made once at load: pages are spliced from these (domain/shared/json-text.ts). */
  json: string;
  publishedMs: number;
  categoryLower: string | null;
  categorySlug: string | null;
}

export interface Catalogue {
  byId: Map<number, CatalogueEntry>;
  /** The entries in each memory-served sort order (`popular` changes with every view: always SQL). */
  newest: CatalogueEntry[];
  duration: CatalogueEntry[];
  name: CatalogueEntry[];
}

type LoadedRow = ClassRow & {
  category_lower: string | null;
  category_slug: string | null;
  newest_rank: string | number;
  duration_rank: string | number;
  name_rank: string | number;
};

/** One statement: the catalogue with its three orders, or null past `CATALOGUE_MAX` classes. */
export async function loadCatalogue(ctx: Ctx): Promise<Catalogue | null> {
  const rows: LoadedRow[] = await ctx.em.execute(
    `select ${CLASS_COLUMNS}, lower(cat.name) as category_lower, cat.slug as category_slug,
            row_number() over (order by c.published_at desc, c.id desc) as newest_rank,
            row_number() over (order by c.duration_seconds asc, c.id asc) as duration_rank,
            row_number() over (order by lower(c.name) asc, c.id asc) as name_rank
       from ${CLASS_FROM}
      where c.client_id = ? and c.published_at is not null
      limit ?`,
    [ctx.tenant.id, CATALOGUE_MAX + 1],
  );
  if (rows.length > CATALOGUE_MAX) return null;
  const ranked = rows.map((r) => {
    const presented = presentClass(r);
    return {
      entry: {
        row: r,
        presented,
        json: JSON.stringify(presented),
        publishedMs: new Date(r.published_at!).getTime(),
        categoryLower: r.category_lower,
        categorySlug: r.category_slug,
      },
      newest: Number(r.newest_rank),
      duration: Number(r.duration_rank),
      name: Number(r.name_rank),
    };
  });
  const order = (by: 'newest' | 'duration' | 'name') => [...ranked].sort((a, b) => a[by] - b[by]).map((x) => x.entry);
  return {
    byId: new Map(ranked.map((x) => [x.entry.presented.id, x.entry])),
    newest: order('newest'),
    duration: order('duration'),
    name: order('name'),
  };
}

/** `visibleTo` (class-rows.ts) for one held entry: published by now, and live only with the live_classes feature. */
export function visibleNow(ctx: Ctx, nowMs: number): (e: CatalogueEntry) => boolean {
  const live = ctx.tenant.enabledFeatures.includes('live_classes');
  return (e) => e.publishedMs <= nowMs && (live || e.row.kind === 'on_demand');
}
