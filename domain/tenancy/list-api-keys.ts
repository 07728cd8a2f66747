import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiKey } from './api-key.entity.ts';
import { presentApiKey } from './api-keys.ts';

/** A client's keys (or, with `clientId: null`, the universal keys), newest first; never the secrets. */
export async function listApiKeys(em: EntityManager, clientId: number | null, opts: { includeRevoked?: boolean } = {}) {
  const keys = await em.find(
    ApiKey,
    { clientId, ...(opts.includeRevoked === false ? { revokedAt: null } : {}) },
    { orderBy: { id: 'desc' } },
  );
  return keys.map(presentApiKey);
}
