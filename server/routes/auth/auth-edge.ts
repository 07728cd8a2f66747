import type { EntityManager } from '@mikro-orm/postgresql';
import { LoginThrottled } from '../../../domain/auth/login-throttle.ts';
import type { LoginDeps } from '../../../domain/auth/login-user.ts';
import type { RevokeDeps } from '../../../domain/auth/revoke-access.ts';
import { Client, type IClient } from '../../../domain/tenancy/client.entity.ts';
import type { Call } from '../../http/route.ts';

/** Small pieces the auth routes share: the key's client, the tenant's client row, login dependencies. */

/** The client of a client key; null under the universal key. */
export function keyClientOf(call: Call): IClient | null {
  return call.key?.kind === 'client' ? call.key.client : null;
}

/** The client row of the request's tenant (bearer routes under the universal key have no key client). */
export async function tenantClientOf(call: Call): Promise<IClient> {
  return keyClientOf(call) ?? call.platformEm().findOneOrFail(Client, { id: call.ctx.tenant.id });
}

export function rootEm(call: Call): EntityManager {
  return call.services.orm.em;
}

export function loginDeps(call: Call): LoginDeps {
  return { tokens: call.services.tokens, limits: call.services.limits, ip: call.req.ip };
}

export function revokeDeps(call: Call): RevokeDeps {
  return { revocations: call.services.revocations, accessTtlSeconds: call.services.tokens.accessTtlSeconds };
}

/** A throttled login carries its wait in `Retry-After`, like every other 429. */
export async function withRetryAfter<T>(call: Call, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof LoginThrottled) call.res.setHeader('Retry-After', String(err.retryAfterSeconds));
    throw err;
  }
}
