import type { Request, Response } from 'express';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { sha256, verifyAccessToken } from '../../../domain/auth/tokens.ts';
import { AppError } from '../../../domain/shared/errors.ts';
import type { Services } from '../../services.ts';
import type { Limiter, NamedBucket } from '../../rate-limits.ts';
import type { AuthMode } from '../route.ts';
import { authCacheOf } from '../../auth-cache.ts';
import { consumeBoth, PairRefusal } from '../../token-bucket.ts';
import { apiKeyHashOf, type KeyInfo } from '../request-auth.ts';
import type { IClient } from '../../../domain/tenancy/client.entity.ts';

/**
 * Who a request counts against, decided before any database work: the account of a validly signed bearer
 * token (user or partner staff, whatever key or address it comes from), otherwise the client address within
 * the API key sent (hashed, so unknown keys are limited too). Only the signature is checked here; revocation
 * and the key itself are checked by authentication, which runs next.
 */
async function callerOf(
  services: Services,
  req: Request,
  auth: AuthMode,
): Promise<{ caller: string; client: IClient | undefined }> {
  let claims: Awaited<ReturnType<typeof verifyAccessToken>> | null = null;
  if (auth !== 'none' && auth !== 'admin') {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (bearer) claims = await verifyAccessToken(services.tokens, bearer).catch(() => null);
  }
  const key = auth === 'none' || auth === 'admin' || auth === 'partner' ? undefined : req.get('x-api-key');
  const keyHash = key && key.length <= 200 ? apiKeyHashOf(req, key) : undefined;
  const client = heldClient(services, keyHash, claims?.cid);
  if (claims) return { caller: `${claims.typ === 'user' ? 'u' : 'p'}:${claims.cid}:${claims.sub}`, client };
  return { caller: `ip:${req.ip ?? 'unknown'}:${key ? (keyHash ?? sha256(key)).slice(0, 24) : '-'}`, client };
}

/**
 * The client authentication will most likely name, when the node's auth cache already holds it (no lookup here:
 * the caller is counted before any database work): the key's client, else the token's. Authentication still
 * decides; a request it refuses has then also spent a token of that client's aggregate, as any keyed request may.
 */
function heldClient(
  services: Services,
  keyHash: string | undefined,
  tokenClient: number | undefined,
): IClient | undefined {
  const cache = authCacheOf(services);
  if (keyHash) {
    const info = cache.peek<KeyInfo>(`key:${keyHash}`);
    if (info?.kind === 'client') return info.client;
    if (info) return undefined;
  }
  return tokenClient === undefined ? undefined : cache.peek<IClient>(`client:${tokenClient}`);
}

/**
 * The per-caller token bucket (RATE_LIMIT_BURST, refilled at RATE_LIMIT_PER_MINUTE) and, when the route
 * declares one, its stricter named bucket. Sets the IETF `RateLimit-*` headers from the caller's bucket on
 * every answer and `Retry-After` on a 429 (then throws RATE_LIMITED). Called first by each route's handler
 * (route.ts mount), not as a middleware layer of its own: one router step and one promise fewer per request.
 */
export async function limitCaller(
  services: Services,
  req: Request,
  res: Response,
  auth: AuthMode,
  named: NamedBucket | undefined,
): Promise<void> {
  const { caller, client } = await callerOf(services, req, auth);
  if (client) {
    // The caller's bucket and its client's aggregate in one Redis call (server/token-bucket.ts consumeBoth).
    await consumePair(services, caller, client, res);
    res.locals['clientCounted'] = client.id;
  } else await consume(services.limits.caller, caller, res, true);
  if (named) await consume(services.limits.named[named], caller, res, false);
}

/**
 * The client's aggregate quota, once authentication has named the client: every caller of a tenant
 * together, so the tenant's budget is bounded without one caller being able to spend it for the others.
 */
export async function limitClient(
  services: Services,
  res: Response,
  clientId: number,
  quota: number | null,
): Promise<void> {
  if (res.locals['clientCounted'] === clientId) return; // counted with the caller (limitCaller)
  await consume(services.limits.client(quota), `c:${clientId}`, res, false);
}

async function consumePair(services: Services, caller: string, client: IClient, res: Response): Promise<void> {
  const callerBucket = services.limits.caller;
  const clientBucket = services.limits.client(client.rateLimitPerMinute ?? null);
  try {
    const [state] = await consumeBoth(callerBucket.limiter, clientBucket.limiter, caller, `c:${client.id}`);
    setHeaders(res, callerBucket.shape.capacity, state);
  } catch (err) {
    if (!(err instanceof PairRefusal)) throw err;
    refuse(res, err.which === 1 ? callerBucket : clientBucket, err.res);
  }
}

async function consume(bucket: Limiter, key: string, res: Response, headers: boolean): Promise<void> {
  try {
    const state = await bucket.limiter.consume(key);
    if (headers) setHeaders(res, bucket.shape.capacity, state);
  } catch (err) {
    if (!(err instanceof RateLimiterRes)) throw err;
    refuse(res, bucket, err);
  }
}

function refuse(res: Response, bucket: Limiter, state: RateLimiterRes): never {
  setHeaders(res, bucket.shape.capacity, state);
  res.setHeader('Retry-After', String(Math.max(1, Math.ceil(state.msBeforeNext / 1000))));
  throw new AppError('rate_limited', 'RATE_LIMITED', 'Too many requests; retry after the time in Retry-After');
}

function setHeaders(res: Response, limit: number, state: RateLimiterRes): void {
  res.setHeader('RateLimit-Limit', String(limit));
  res.setHeader('RateLimit-Remaining', String(Math.max(0, state.remainingPoints)));
  res.setHeader('RateLimit-Reset', String(Math.max(0, Math.ceil(state.msBeforeNext / 1000))));
}
