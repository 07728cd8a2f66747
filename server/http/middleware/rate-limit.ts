import type { Request, Response, NextFunction, RequestHandler } from 'express';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { sha256 } from '../../../domain/auth/tokens.ts';
import { AppError } from '../../../domain/shared/errors.ts';
import type { Services } from '../../services.ts';
import type { AuthMode } from '../route.ts';

/**
 * Rate limit per API key (keyed by a hash of the header, so unknown keys are limited too, before any
 * database lookup); routes without a key are limited per IP, partner routes per token. Sets the IETF
 * `RateLimit-*` headers on every answer and `Retry-After` on a 429.
 */
export function applyRateLimit(services: Services, auth: AuthMode): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const apiKey = auth === 'none' || auth === 'admin' || auth === 'partner' ? undefined : req.get('x-api-key');
    const subject = apiKey ? `key:${sha256(apiKey).slice(0, 32)}` : `ip:${req.ip}`;
    try {
      const state = await services.limits.api.consume(subject);
      setHeaders(res, services.limits.apiLimit, state);
      next();
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) return next(err);
      setHeaders(res, services.limits.apiLimit, err);
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(err.msBeforeNext / 1000))));
      next(new AppError('rate_limited', 'RATE_LIMITED', 'Too many requests; retry after the time in Retry-After'));
    }
  };
}

function setHeaders(res: Response, limit: number, state: RateLimiterRes): void {
  res.setHeader('RateLimit-Limit', String(limit));
  res.setHeader('RateLimit-Remaining', String(Math.max(0, state.remainingPoints)));
  res.setHeader('RateLimit-Reset', String(Math.max(0, Math.ceil(state.msBeforeNext / 1000))));
}
