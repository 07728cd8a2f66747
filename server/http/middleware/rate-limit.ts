import type { Request, Response, NextFunction, RequestHandler } from 'express';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { sha256, verifyAccessToken } from '../../../domain/auth/tokens.ts';
import { AppError } from '../../../domain/shared/errors.ts';
import type { Services } from '../../services.ts';
import type { Limiter, NamedBucket } from '../../rate-limits.ts';
import type { AuthMode } from '../route.ts';

/**
 * Who a request counts against, decided before any database work: the account of a validly signed bearer
 * token (user or partner staff, whatever key or address it comes from), otherwise the client address within
 * the API key sent (hashed, so unknown keys are limited too). Only the signature is checked here; revocation
 * and the key itself are checked by authentication, which runs next.
 */
async function callerOf(services: Services, req: Request, auth: AuthMode): Promise<string> {
  if (auth !== 'none' && auth !== 'admin') {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (bearer) {
      const claims = await verifyAccessToken(services.tokens, bearer).catch(() => null);
      if (claims) return `${claims.typ === 'user' ? 'u' : 'p'}:${claims.cid}:${claims.sub}`;
    }
  }
  const key = auth === 'none' || auth === 'admin' || auth === 'partner' ? undefined : req.get('x-api-key');
  return `ip:${req.ip ?? 'unknown'}:${key ? sha256(key).slice(0, 24) : '-'}`;
}

/**
 * The per-caller token bucket (RATE_LIMIT_BURST, refilled at RATE_LIMIT_PER_MINUTE) and, when the route
 * declares one, its stricter named bucket. Sets the IETF `RateLimit-*` headers from the caller's bucket on
 * every answer and `Retry-After` on a 429.
 */
export function limitCaller(services: Services, auth: AuthMode, named: NamedBucket | undefined): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const caller = await callerOf(services, req, auth);
      await consume(services.limits.caller, caller, res, true);
      if (named) await consume(services.limits.named[named], caller, res, false);
      next();
    } catch (err) {
      next(err);
    }
  };
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
  await consume(services.limits.client(quota), `c:${clientId}`, res, false);
}

async function consume(bucket: Limiter, key: string, res: Response, headers: boolean): Promise<void> {
  try {
    const state = await bucket.limiter.consume(key);
    if (headers) setHeaders(res, bucket.shape.capacity, state);
  } catch (err) {
    if (!(err instanceof RateLimiterRes)) throw err;
    setHeaders(res, bucket.shape.capacity, err);
    res.setHeader('Retry-After', String(Math.max(1, Math.ceil(err.msBeforeNext / 1000))));
    throw new AppError('rate_limited', 'RATE_LIMITED', 'Too many requests; retry after the time in Retry-After');
  }
}

function setHeaders(res: Response, limit: number, state: RateLimiterRes): void {
  res.setHeader('RateLimit-Limit', String(limit));
  res.setHeader('RateLimit-Remaining', String(Math.max(0, state.remainingPoints)));
  res.setHeader('RateLimit-Reset', String(Math.max(0, Math.ceil(state.msBeforeNext / 1000))));
}
