import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const RefreshToken = defineEntity({
  name: 'RefreshToken',
  tableName: 'refresh_tokens',
  properties: {
    id: p.uuid().primary(),
    clientId: p.integer().fieldName('client_id'),
    userId: p.integer().fieldName('user_id').nullable(),
    partnerStaffId: p.integer().fieldName('partner_staff_id').nullable(),
    familyId: p.uuid().fieldName('family_id'),
    tokenHash: p.string().fieldName('token_hash').hidden(),
    expiresAt: p.datetime().fieldName('expires_at'),
    createdAt: p
      .datetime()
      .fieldName('created_at')
      .onCreate(() => new Date()),
    rotatedAt: p.datetime().fieldName('rotated_at').nullable(),
    revokedAt: p.datetime().fieldName('revoked_at').nullable(),
  },
});
export type IRefreshToken = InferEntity<typeof RefreshToken>;
