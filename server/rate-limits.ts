import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import type { Config } from './config.ts';
import { createLoginLimiters, type LoginLimiters } from '../domain/auth/login-throttle.ts';

export interface RateLimiters extends LoginLimiters {
  /** Per API key (or per IP where a route takes no key): `burst` requests per window, refilled to a steady per-minute rate. */
  api: RateLimiterAbstract;
  apiLimit: number;
}

/**
 * "100 per minute, burst 20" as a window of 20 points that lasts 12 s: never more than 20 requests in a
 * burst, and never more than 100 in any minute. With Redis the counters are shared by every node.
 */
export function createRateLimiters(config: Config, redis: Redis | null): RateLimiters {
  const { perMinute, burst, loginAttemptsPer15Min } = config.rateLimit;
  const windowSeconds = Math.max(1, Math.ceil((60 * burst) / perMinute));
  const make = (keyPrefix: string, points: number, duration: number): RateLimiterAbstract =>
    redis
      ? new RateLimiterRedis({ storeClient: redis, useRedisPackage: false, keyPrefix, points, duration, insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }) })
      : new RateLimiterMemory({ keyPrefix, points, duration });
  return {
    api: make('rl:api', burst, windowSeconds),
    // Login counters (per address, per account + address, per-account backoff): domain/auth/login-throttle.ts.
    ...createLoginLimiters(make, loginAttemptsPer15Min),
    apiLimit: burst,
  };
}

export function isRateLimited(err: unknown): err is RateLimiterRes {
  return err instanceof RateLimiterRes;
}
