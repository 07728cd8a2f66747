import type { EntityManager } from '@mikro-orm/postgresql';
import type { Ctx } from '../shared/context.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { offsetOf, pageOf, pageRows, type PageQuery } from '../shared/pagination.ts';
import { Category, type ICategory } from './category.entity.ts';
import { visibleTo } from './class-rows.ts';

export interface CategoryInput {
  name: string;
  slug: string;
  imageUrl?: string | null;
}

/** Categories are platform-wide (one catalogue every client picks from), so these take the platform em. */
export async function createCategory(em: EntityManager, input: CategoryInput): Promise<ICategory> {
  const category = em.create(Category, { name: input.name, slug: input.slug, imageUrl: input.imageUrl ?? null });
  await em.flush();
  return category;
}

export async function updateCategory(em: EntityManager, id: number, input: Partial<CategoryInput>): Promise<ICategory> {
  const category = await em.findOne(Category, { id });
  if (!category) throw notFound('Category');
  em.assign(category, input);
  await em.flush();
  return category;
}

/** Deleting a category unassigns it everywhere; classes keep existing without a category. */
export async function deleteCategory(em: EntityManager, id: number): Promise<void> {
  const deleted = await em.nativeDelete(Category, { id });
  if (deleted === 0) throw notFound('Category');
}

export async function listAllCategories(em: EntityManager, q: PageQuery) {
  const [rows, total] = await em.findAndCount(Category, {}, { orderBy: { name: 'asc', id: 'asc' }, ...offsetOf(q) });
  return pageOf(rows.map(presentCategory), total, q);
}

export function presentCategory(c: ICategory) {
  return { id: c.id, name: c.name, slug: c.slug, image: c.imageUrl ?? null };
}

/**
 * Sets exactly which categories a client shows, in the order given. Unknown ids are refused as a whole;
 * categories removed from the client leave their classes uncategorised (the foreign key sets null).
 */
export async function assignCategories(ctx: Ctx, categoryIds: number[]) {
  const ids = [...new Set(categoryIds)];
  const known = ids.length ? await ctx.em.count(Category, { id: { $in: ids } }) : 0;
  if (known !== ids.length) throw new AppError('not_found', 'NOT_FOUND', 'One or more categories were not found');
  // A Postgres array literal: the query layer would expand a JS array into a list of parameters.
  const idArray = `{${ids.join(',')}}`;
  await ctx.em.execute(`delete from client_categories where client_id = ? and not (category_id = any(?::int[]))`, [
    ctx.tenant.id,
    idArray,
  ]);
  await ctx.em.execute(
    `insert into client_categories (client_id, category_id, position)
     select ?, id, ord from unnest(?::int[]) with ordinality as u(id, ord)
     on conflict (client_id, category_id) do update set position = excluded.position`,
    [ctx.tenant.id, idArray],
  );
  // The whole new list, as one page: at most 200 ids were given.
  const categories = await listClientCategories(ctx);
  return pageOf(categories, categories.length, { page: 1, limit: Math.max(categories.length, 1) });
}

type CategoryRow = { id: number; name: string; slug: string; image_url: string | null; class_count: string | number };

function clientCategoriesQuery(ctx: Ctx): { text: string; params: unknown[] } {
  const visible = visibleTo(ctx);
  return {
    text: `select cat.id, cat.name, cat.slug, cat.image_url,
       (select count(*) from classes c where ${visible.sql} and c.category_id = cat.id) as class_count
     from client_categories cc join categories cat on cat.id = cc.category_id
     where cc.client_id = ? order by cc.position, cat.name, cat.id`,
    params: [...visible.params, ctx.tenant.id],
  };
}

const presentClientCategory = (r: CategoryRow) => ({
  id: Number(r.id),
  name: r.name,
  slug: r.slug,
  image: r.image_url,
  classCount: Number(r.class_count),
});

/** The client's categories with how many visible classes each has (all of them: discover shows every one). */
export async function listClientCategories(ctx: Ctx) {
  const { text, params } = clientCategoriesQuery(ctx);
  const rows: CategoryRow[] = await ctx.em.execute(text, params);
  return rows.map(presentClientCategory);
}

/** The same, one page at a time, for `GET /content/categories`. */
export async function clientCategoriesPage(ctx: Ctx, q: PageQuery) {
  const { text, params } = clientCategoriesQuery(ctx);
  const { rows, total } = await pageRows<CategoryRow>(ctx.em, text, params, q);
  return pageOf(rows.map(presentClientCategory), total, q);
}
