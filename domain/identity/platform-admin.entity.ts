import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** Operators of the whole platform; not tenant-scoped. */
export const PlatformAdmin = defineEntity({
  name: 'PlatformAdmin',
  tableName: 'platform_admins',
  properties: {
    id: p.integer().primary().autoincrement(),
    email: p.string(),
    name: p.string().nullable(),
    passwordHash: p.string().fieldName('password_hash').hidden(),
    createdAt: p
      .datetime()
      .fieldName('created_at')
      .onCreate(() => new Date()),
  },
});
export type IPlatformAdmin = InferEntity<typeof PlatformAdmin>;
