import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const Partner = defineEntity({
  name: 'Partner',
  tableName: 'partners',
  properties: {
    id: p.integer().primary().autoincrement(),
    clientId: p.integer().fieldName('client_id'),
    name: p.string(),
    createdAt: p
      .datetime()
      .fieldName('created_at')
      .onCreate(() => new Date()),
  },
});
export type IPartner = InferEntity<typeof Partner>;

/** `owner` manages vouchers, staff and products; `viewer` reads only. */
export const PARTNER_ROLES = ['owner', 'viewer'] as const;
export type PartnerRole = (typeof PARTNER_ROLES)[number];

export const PartnerStaff = defineEntity({
  name: 'PartnerStaff',
  tableName: 'partner_staff',
  properties: {
    id: p.integer().primary().autoincrement(),
    clientId: p.integer().fieldName('client_id'),
    partnerId: p.integer().fieldName('partner_id'),
    email: p.string(),
    name: p.string().nullable(),
    passwordHash: p.string().fieldName('password_hash').hidden(),
    role: p.string().$type<PartnerRole>(),
    /** A deactivated account cannot sign in or refresh; the row stays for the record. */
    deactivatedAt: p.datetime().fieldName('deactivated_at').nullable(),
    createdAt: p
      .datetime()
      .fieldName('created_at')
      .onCreate(() => new Date()),
  },
});
export type IPartnerStaff = InferEntity<typeof PartnerStaff>;
