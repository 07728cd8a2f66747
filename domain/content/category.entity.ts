import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A category in the platform-wide catalogue; clients show the ones assigned to them. */
export const Category = defineEntity({
  name: 'Category',
  tableName: 'categories',
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string(),
    slug: p.string(),
    imageUrl: p.string().fieldName('image_url').nullable(),
    createdAt: p
      .datetime()
      .fieldName('created_at')
      .onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .fieldName('updated_at')
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type ICategory = InferEntity<typeof Category>;

/** A category assigned to one client; classes of that client may only use assigned categories. */
export const ClientCategory = defineEntity({
  name: 'ClientCategory',
  tableName: 'client_categories',
  properties: {
    id: p.integer().primary().autoincrement(),
    clientId: p.integer().fieldName('client_id'),
    categoryId: p.integer().fieldName('category_id'),
    position: p.integer(),
    createdAt: p
      .datetime()
      .fieldName('created_at')
      .onCreate(() => new Date()),
  },
});
export type IClientCategory = InferEntity<typeof ClientCategory>;
