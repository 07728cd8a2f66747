import type { Request } from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  accountOfClaims,
  sha256,
  verifyAccessToken,
  type AccessClaims,
  type VerifiedClaims,
} from '../../domain/auth/tokens.ts';
import { AppError } from '../../domain/shared/errors.ts';
import { Client, type IClient } from '../../domain/tenancy/client.entity.ts';
import { ApiKey } from '../../domain/tenancy/api-key.entity.ts';
import type { Services } from '../services.ts';
import { authCacheOf } from '../auth-cache.ts';
import { unscoped } from '../../domain/shared/scope.ts';

export type KeyInfo = { kind: 'client'; keyId: number; client: IClient } | { kind: 'universal'; keyId: number };

/**
 * Resolves `X-API-Key` to its client (or to the universal key). A missing, unknown or revoked key is a
 * 401 with a code an integrator can tell apart from an expired user token.
 */
export async function resolveApiKey(
  services: Services,
  em: EntityManager | null,
  header: string | undefined,
  knownHash?: string,
): Promise<KeyInfo> {
  if (!header) throw new AppError('unauthenticated', 'API_KEY_REQUIRED', 'X-API-Key header is required');
  if (header.length > 200) throw new AppError('unauthenticated', 'INVALID_API_KEY', 'Invalid API key');
  // Per node, emptied on every node within a second of a key or client change (server/auth-cache.ts).
  const hash = knownHash ?? sha256(header);
  const info = await authCacheOf(services).get(`key:${hash}`, () =>
    loadKey(em ?? unscoped(services.orm.em, 'API-key resolution: the key names the tenant'), hash),
  );
  if (!info) throw new AppError('unauthenticated', 'INVALID_API_KEY', 'Invalid API key');
  touchKey(services, info.keyId);
  return info;
}

async function loadKey(em: EntityManager, hash: string): Promise<KeyInfo | null> {
  const key = await em.findOne(ApiKey, { keyHash: hash });
  // Agent keys open agent sockets only; as an app's X-API-Key they are simply not valid.
  if (!key || key.revokedAt || key.kind === 'agent') return null;
  if (key.kind === 'universal' || key.clientId === null) return { kind: 'universal', keyId: key.id };
  const client = await em.findOne(Client, { id: key.clientId });
  return client ? { kind: 'client', keyId: key.id, client } : null;
}

/** A client by id through the same per-node cache (bearer-only routes name their client by the token). */
export function cachedClient(services: Services, clientId: number): Promise<IClient | null> {
  return authCacheOf(services).get(`client:${clientId}`, () =>
    unscoped(services.orm.em, 'tenant resolution: the token names the client').findOne(Client, { id: clientId }),
  );
}

/** A key's last use is written at most once a minute per node (the node's `keyTouches`). */
const TOUCH_EVERY_MS = 60_000;

/**
 * Last-used time, off the request's path. The minute is kept in this process first, so a busy key costs
 * one write a minute per node instead of a statement per request; the SQL condition keeps nodes from
 * writing the same minute twice.
 */
function touchKey(services: Services, keyId: number): void {
  const seen = services.keyTouches;
  const now = Date.now();
  if (now - (seen.get(keyId) ?? 0) < TOUCH_EVERY_MS) return;
  seen.set(keyId, now);
  unscoped(services.orm.em, 'key bookkeeping: the key is resolved before its tenant')
    .execute(
      `update api_keys set last_used_at = now() where id = ? and (last_used_at is null or last_used_at < now() - interval '1 minute')`,
      [keyId],
    )
    .catch((err: Error) => services.logger.warn({ err: err.message, keyId }, 'could not record API key use'));
}

// On the request itself rather than in a WeakMap keyed by it: a WeakMap entry per request is an ephemeron the
// garbage collector must trace specially, on the path every keyed request takes.
const KEY_HASH = Symbol('api-key-hash');
type WithKeyHash = Request & { [KEY_HASH]?: { header: string; hash: string } };

/** SHA-256 of the request's `X-API-Key` (up to 200 characters), made once per request: the rate limit and the key lookup both need it. */
export function apiKeyHashOf(req: Request, header: string): string {
  const held = (req as WithKeyHash)[KEY_HASH];
  if (held?.header === header) return held.hash;
  const hash = sha256(header);
  (req as WithKeyHash)[KEY_HASH] = { header, hash };
  return hash;
}

export function bearerOf(req: Request): string | undefined {
  const header = req.get('authorization');
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new AppError('unauthenticated', 'INVALID_TOKEN', 'Authorization must be "Bearer <token>"');
  return match[1];
}

/** A valid signature is not enough: the session or the account may have been revoked since (logout, password change). */
export async function verifyBearer(services: Services, token: string): Promise<VerifiedClaims> {
  const claims = await verifyAccessToken(services.tokens, token);
  services.revocations.assertLive({ account: accountOfClaims(claims), sid: claims.sid, iat: claims.iat });
  return claims;
}

/** A token is only valid with a key of the same client (a universal key accepts any client's token). */
export function assertTokenMatchesKey(claims: AccessClaims, key: KeyInfo): void {
  if (key.kind === 'client' && key.client.id !== claims.cid) {
    throw new AppError('unauthenticated', 'INVALID_TOKEN', 'This token does not belong to the client of this API key');
  }
}
