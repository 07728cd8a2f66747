import type { Ctx } from '../shared/context.ts';
import { CLASS_COLUMNS, CLASS_FROM, presentClass, visibleTo, type ClassRow } from './class-rows.ts';

/** How close a misspelt word must be to a word of a name (pg_trgm word similarity, 0..1). */
const TYPO_SIMILARITY = 0.45;

/** Words of the query as prefix terms (`yog:*`), letters and digits only, so no input can break tsquery syntax. */
export function prefixQuery(q: string): string | null {
  const words = q.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean).slice(0, 8);
  return words.length ? words.map((w) => `${w}:*`).join(' & ') : null;
}

/**
 * Full-text search over the class name (weight A), trainer and category names (B) and description (C),
 * accent-insensitive, ranked by `ts_rank`. Classes whose name, trainer or category name is a near miss of the
 * query (a typo: "pilats", "yoha") are found by trigram word similarity, only when the full-text pass found
 * nothing, so near misses never crowd out exact hits.
 * The per-tenant catalogue is small (hundreds of rows) after the client filter, so the similarity pass scans it.
 */
export async function searchClasses(ctx: Ctx, q: string, limit: number) {
  const tsq = prefixQuery(q);
  if (!tsq) return { query: q, items: [] };
  const visible = visibleTo(ctx);
  const text = q.trim().slice(0, 100);
  const rows: Array<ClassRow & { rank: number; sim: number }> = await ctx.em.execute(
    `select * from (
       select ${CLASS_COLUMNS},
         case when c.search_vector @@ query then ts_rank(c.search_vector, query) else 0 end as rank,
         greatest(word_similarity(needle, content_unaccent(c.name)), word_similarity(needle, content_unaccent(c.search_names))) as sim,
         bool_or(c.search_vector @@ query) over () as any_text
       from ${CLASS_FROM},
         lateral (select to_tsquery('simple', content_unaccent(?)) as query, content_unaccent(lower(?)) as needle) as s
       where ${visible.sql}
     ) m
     where m.rank > 0 or (not m.any_text and m.sim >= ?)
     order by (m.rank > 0) desc, m.rank desc, m.sim desc, m.id desc
     limit ?`,
    [tsq, text, ...visible.params, TYPO_SIMILARITY, limit],
  );
  return { query: q, items: rows.map((r) => ({ ...presentClass(r), match: Number(r.rank) > 0 ? ('text' as const) : ('similar' as const) })) };
}
