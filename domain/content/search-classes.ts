import type { EntityManager } from '@mikro-orm/postgresql';
import type { Ctx } from '../shared/context.ts';
import { CLASS_COLUMNS, CLASS_FROM, presentClass, visibleTo, type ClassRow } from './class-rows.ts';

/** How close a misspelt word must be to a word of a name (pg_trgm word similarity, 0..1). */
const TYPO_SIMILARITY = 0.45;

/** Words of the query as prefix terms (`yog:*`), letters and digits only, so no input can break tsquery syntax. */
export function prefixQuery(q: string): string | null {
  const words = q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);
  return words.length ? words.map((w) => `${w}:*`).join(' & ') : null;
}

/**
 * Full-text search over the class name (weight A), trainer and category names (B) and description (C),
 * accent-insensitive, ranked by `ts_rank` (GIN index on `search_vector`). Only when nothing matches as text, names
 * and trainer/category names that are a near miss of the query (a typo: "pilats", "strenght") are found by trigram
 * word similarity (`<%`, GIN trigram indexes), so near misses never crowd out exact hits.
 */
export async function searchClasses(ctx: Ctx, q: string, limit: number) {
  const tsq = prefixQuery(q);
  if (!tsq) return { query: q, items: [] };
  const visible = visibleTo(ctx);
  const text: Array<ClassRow & { rank: number }> = await ctx.em.execute(
    `select ${CLASS_COLUMNS}, ts_rank(c.search_vector, s.query) as rank
     from ${CLASS_FROM}, to_tsquery('simple', content_unaccent(?)) as s(query)
     where ${visible.sql} and c.search_vector @@ s.query
     order by rank desc, c.id desc limit ?`,
    [tsq, ...visible.params, limit],
  );
  if (text.length) return { query: q, items: text.map((r) => ({ ...presentClass(r), match: 'text' as const })) };
  const similar = await ctx.em.transactional((em) =>
    similarNames(em as EntityManager, ctx, q.trim().slice(0, 100), limit),
  );
  return { query: q, items: similar.map((r) => ({ ...presentClass(r), match: 'similar' as const })) };
}

/** The threshold `<%` uses is a setting; `set_config(..., true)` keeps it to this transaction. */
async function similarNames(em: EntityManager, ctx: Ctx, needle: string, limit: number): Promise<ClassRow[]> {
  await em.execute(`select set_config('pg_trgm.word_similarity_threshold', ?, true)`, [String(TYPO_SIMILARITY)]);
  const visible = visibleTo(ctx);
  return em.execute(
    `select ${CLASS_COLUMNS}, greatest(word_similarity(s.needle, c.name), word_similarity(s.needle, c.search_names)) as sim
     from ${CLASS_FROM}, (select content_unaccent(lower(?))) as s(needle)
     where ${visible.sql} and (s.needle <% c.name or s.needle <% c.search_names)
     order by sim desc, c.id desc limit ?`,
    [needle, ...visible.params, limit],
  );
}
