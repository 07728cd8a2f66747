import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** An affiliate product a partner shows in its members' apps (migrations/0060). */
export const PartnerProduct = defineEntity({
  name: 'PartnerProduct',
  tableName: 'partner_products',
  properties: {
    id: p.integer().primary().autoincrement(),
    clientId: p.integer().fieldName('client_id'),
    partnerId: p.integer().fieldName('partner_id'),
    name: p.string(),
    description: p.string().default(''),
    url: p.string(),
    imageUrl: p.string().fieldName('image_url').nullable(),
    priceLabel: p.string().fieldName('price_label').nullable(),
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
export type IPartnerProduct = InferEntity<typeof PartnerProduct>;
