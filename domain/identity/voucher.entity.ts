import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const VOUCHER_STATUSES = ['active', 'redeemed', 'expired', 'revoked'] as const;
export type VoucherStatus = (typeof VOUCHER_STATUSES)[number];

export const Voucher = defineEntity({
  name: 'Voucher',
  tableName: 'vouchers',
  properties: {
    id: p.integer().primary().autoincrement(),
    clientId: p.integer().fieldName('client_id'),
    partnerId: p.integer().fieldName('partner_id').nullable(),
    code: p.string(),
    /** An optional label a partner gives an issued batch, to find and export it later. */
    batch: p.string().nullable(),
    status: p.string().$type<VoucherStatus>(),
    expiresAt: p.datetime().fieldName('expires_at').nullable(),
    redeemedAt: p.datetime().fieldName('redeemed_at').nullable(),
    redeemedByUserId: p.integer().fieldName('redeemed_by_user_id').nullable(),
    revokedAt: p.datetime().fieldName('revoked_at').nullable(),
    createdAt: p
      .datetime()
      .fieldName('created_at')
      .onCreate(() => new Date()),
  },
});
export type IVoucher = InferEntity<typeof Voucher>;
