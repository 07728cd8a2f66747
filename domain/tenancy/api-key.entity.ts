import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * Client API keys, the universal key (no client) and voice-agent keys (socket handshakes only).
 * Only a hash of the secret is kept.
 */
export const ApiKey = defineEntity({
  name: 'ApiKey',
  tableName: 'api_keys',
  properties: {
    id: p.integer().primary().autoincrement(),
    clientId: p.integer().fieldName('client_id').nullable(),
    kind: p.string().$type<'client' | 'universal' | 'agent'>(),
    name: p.string(),
    prefix: p.string(),
    keyHash: p.string().fieldName('key_hash').hidden(),
    createdAt: p
      .datetime()
      .fieldName('created_at')
      .onCreate(() => new Date()),
    lastUsedAt: p.datetime().fieldName('last_used_at').nullable(),
    revokedAt: p.datetime().fieldName('revoked_at').nullable(),
    rotatedFromId: p.integer().fieldName('rotated_from_id').nullable(),
  },
});
export type IApiKey = InferEntity<typeof ApiKey>;
