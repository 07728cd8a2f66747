import type { Ctx } from '../shared/context.ts';
import {
  CLASS_COLUMNS,
  CLASS_FROM,
  presentClass,
  visibleTo,
  type ClassRow,
  type PresentedClass,
} from './class-rows.ts';
import { listClientCategories } from './categories.ts';
import { continueWatching, continueWatchingFrom, latestUnfinished } from './continue-watching.ts';
import type { DiscoverCache } from './discover-cache.ts';
import { loadCatalogue, type Catalogue } from './catalogue.ts';
import { JsonText } from '../shared/json-text.ts';

const SECTION_SIZE = 12;
const WEEK_MS = 7 * 86_400_000;

export interface TenantSections {
  featured: PresentedClass[];
  upcomingLive: PresentedClass[];
  categories: Awaited<ReturnType<typeof listClientCategories>>;
  newThisWeek: PresentedClass[];
}

async function select(ctx: Ctx, where: string, params: unknown[], order: string): Promise<PresentedClass[]> {
  const visible = visibleTo(ctx);
  const rows: ClassRow[] = await ctx.em.execute(
    `select ${CLASS_COLUMNS} from ${CLASS_FROM} where ${visible.sql} and ${where} order by ${order} limit ${SECTION_SIZE}`,
    [...visible.params, ...params],
  );
  return rows.map(presentClass);
}

/** The sections every user of a tenant sees alike, which is what the cache holds. */
export async function loadTenantSections(ctx: Ctx): Promise<TenantSections> {
  const now = ctx.clock();
  const live = ctx.tenant.enabledFeatures.includes('live_classes');
  const [featured, upcomingLive, categories, newThisWeek] = await Promise.all([
    select(ctx, 'c.is_featured', [], 'c.published_at desc, c.id desc'),
    live
      ? select(
          ctx,
          `c.kind = 'live' and c.status in ('scheduled', 'live') and c.scheduled_at + c.duration_seconds * interval '1 second' > ?::timestamptz`,
          [now],
          'c.scheduled_at asc, c.id asc',
        )
      : Promise.resolve([]),
    listClientCategories(ctx),
    select(
      ctx,
      `c.kind = 'on_demand' and c.published_at > ?::timestamptz`,
      [new Date(now.getTime() - WEEK_MS)],
      'c.published_at desc, c.id desc',
    ),
  ]);
  return { featured, upcomingLive, categories, newThisWeek };
}

/** What the node's tenant content cache holds per tenant: discover's sections and the published catalogue. */
export interface TenantContent {
  sections: TenantSections;
  /**
   * The sections as JSON, made once per load: `featured`, and the members after continueWatching
   * (`"upcomingLive":…,"categories":…,"newThisWeek":…`), so a response splices in only the user's own section.
   */
  sectionsJson: { featured: string; after: string };
  /** Null when the tenant has more classes than a node holds (catalogue.ts). */
  catalogue: Catalogue | null;
}

export async function loadTenantContent(ctx: Ctx): Promise<TenantContent> {
  const [sections, catalogue] = await Promise.all([loadTenantSections(ctx), loadCatalogue(ctx)]);
  const { featured, upcomingLive, categories, newThisWeek } = sections;
  const after = JSON.stringify({ upcomingLive, categories, newThisWeek }).slice(1, -1);
  return { sections, sectionsJson: { featured: JSON.stringify(featured), after }, catalogue };
}

export type TenantContentCache = DiscoverCache<TenantContent>;

/** The tenant's held catalogue (loaded with the tenant's content on a miss), or null when it is not held. */
export async function heldCatalogue(ctx: Ctx, cache: TenantContentCache): Promise<Catalogue | null> {
  return (await cache.get(ctx.tenant.id, () => loadTenantContent(ctx))).catalogue;
}

/** The tenant's cached content and the user's own continueWatching, read alongside each other. */
async function discoverParts(ctx: Ctx, userId: number | null, cache: TenantContentCache) {
  const [content, sessions] = await Promise.all([
    cache.get(ctx.tenant.id, () => loadTenantContent(ctx)),
    userId === null ? Promise.resolve(null) : latestUnfinished(ctx, userId),
  ]);
  const watching =
    userId === null
      ? []
      : content.catalogue && sessions
        ? continueWatchingFrom(ctx, content.catalogue, sessions)
        : await continueWatching(ctx, userId);
  return { content, watching };
}

/**
 * `/content/discover`: the cached tenant sections plus the user's own `continueWatching`, whose one statement
 * (the user's latest unfinished sessions) runs alongside the cache read; its classes come from the held catalogue.
 */
export async function discover(ctx: Ctx, userId: number | null, cache: TenantContentCache) {
  const { content, watching } = await discoverParts(ctx, userId, cache);
  const { sections } = content;
  return {
    featured: sections.featured,
    continueWatching: watching,
    upcomingLive: sections.upcomingLive,
    categories: sections.categories,
    newThisWeek: sections.newThisWeek,
  };
}

/** `discover` as JSON text: the tenant's pre-serialized sections with the user's section spliced in (same bytes). */
export async function discoverJson(ctx: Ctx, userId: number | null, cache: TenantContentCache): Promise<JsonText> {
  const { content, watching } = await discoverParts(ctx, userId, cache);
  const { featured, after } = content.sectionsJson;
  return new JsonText(`{"featured":${featured},"continueWatching":${JSON.stringify(watching)},${after}}`);
}
