import { z } from 'zod';

/** The contract's list query: `page` from 1, `limit` default 20, capped at 100. */
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type PageQuery = z.infer<typeof pageQuery>;

export interface Page<T> {
  items: T[];
  pagination: { page: number; limit: number; total: number; totalPages: number };
}

/** The contract's list shape, from one page of rows and the total count. */
export function pageOf<T>(items: T[], total: number, q: PageQuery): Page<T> {
  return { items, pagination: { page: q.page, limit: q.limit, total, totalPages: Math.ceil(total / q.limit) } };
}

export function offsetOf(q: PageQuery): { limit: number; offset: number } {
  return { limit: q.limit, offset: (q.page - 1) * q.limit };
}

/** The same shape as a response schema, for the OpenAPI document of every list route. */
export const paginationSchema = z.object({
  page: z.number(),
  limit: z.number(),
  total: z.number(),
  totalPages: z.number(),
});
export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), pagination: paginationSchema });

interface Executor {
  execute(text: string, params: unknown[]): Promise<unknown>;
}

/**
 * One page of a select (its own `order by`, no `limit`) and the total it pages over: the query with
 * `limit/offset` appended, then a count over the very same query, so the two cannot disagree on the filter.
 */
export async function pageRows<T>(
  em: Executor,
  text: string,
  params: unknown[],
  q: PageQuery,
): Promise<{ rows: T[]; total: number }> {
  const { limit, offset } = offsetOf(q);
  const rows = (await em.execute(`${text} limit ? offset ?`, [...params, limit, offset])) as T[];
  const counted = (await em.execute(`select count(*)::int as total from (${text}) as counted`, params)) as Array<{
    total: number;
  }>;
  return { rows, total: Number(counted[0]?.total ?? 0) };
}
