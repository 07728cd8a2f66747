import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
  type RateLimiterLike,
} from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import type { Config } from './config.ts';
import { createLoginLimiters, type LoginLimiters } from '../domain/auth/login-throttle.ts';
import { tokenBucket, type BucketShape } from './token-bucket.ts';

/**
 * Stricter buckets for expensive operations, per caller, consumed on top of the caller's general bucket.
 * A route declares one with `limit: 'ai'` (see server/http/route.ts). Each is a share of RATE_LIMIT_PER_MINUTE
 * and RATE_LIMIT_BURST, so raising those (benchmarks, tests) raises these too; with the defaults (100/min,
 * burst 20): ai 5/min burst 5, scan 10/min burst 5, search 50/min burst 10, register 10/min burst 10,
 * token 20/min burst 10.
 */
export const NAMED_BUCKETS = {
  ai: { perMinute: 1 / 20, burst: 1 / 4 },
  scan: { perMinute: 1 / 10, burst: 1 / 4 },
  search: { perMinute: 1 / 2, burst: 1 / 2 },
  register: { perMinute: 1 / 10, burst: 1 / 2 },
  token: { perMinute: 1 / 5, burst: 1 / 2 },
  /** Partner voucher issuance (up to 500 codes a request) and streamed CSV exports. */
  bulk: { perMinute: 1 / 10, burst: 1 / 4 },
} as const;
export type NamedBucket = keyof typeof NAMED_BUCKETS;

export interface Limiter {
  limiter: RateLimiterLike;
  shape: BucketShape;
}

export interface RateLimiters extends LoginLimiters {
  /** Per caller (account, or address within a key when anonymous): a token bucket of RATE_LIMIT_BURST refilled at RATE_LIMIT_PER_MINUTE. */
  caller: Limiter;
  named: Record<NamedBucket, Limiter>;
  /** The per-client aggregate bucket for a client's quota (requests/minute); one limiter per distinct quota. */
  client(perMinute: number | null): Limiter;
}

/**
 * Token buckets (server/token-bucket.ts): a burst of N is N requests, then the steady refill rate. With Redis
 * the buckets are shared by every node. The client aggregate has the caller's shape scaled to the client's
 * quota (RATE_LIMIT_CLIENT_PER_MINUTE, or the admin's per-client value).
 */
export function createRateLimiters(config: Config, redis: Redis | null): RateLimiters {
  const { perMinute, burst, loginAttemptsPer15Min, clientPerMinute } = config.rateLimit;
  const bucket = (keyPrefix: string, shape: BucketShape): Limiter => ({
    limiter: tokenBucket(redis, keyPrefix, shape),
    shape,
  });
  const named = Object.fromEntries(
    Object.entries(NAMED_BUCKETS).map(([name, share]) => [
      name,
      bucket(`rl:${name}`, {
        perMinute: Math.max(1, perMinute * share.perMinute),
        capacity: Math.max(1, Math.floor(burst * share.burst)),
      }),
    ]),
  ) as Record<NamedBucket, Limiter>;
  const clientBuckets = new Map<number, Limiter>();
  const client = (quota: number | null): Limiter => {
    const rate = quota ?? clientPerMinute;
    let l = clientBuckets.get(rate);
    if (!l)
      clientBuckets.set(
        rate,
        (l = bucket(`rl:client:${rate}`, {
          perMinute: rate,
          capacity: Math.max(1, Math.ceil((rate * burst) / perMinute)),
        })),
      );
    return l;
  };
  const make = (keyPrefix: string, points: number, duration: number): RateLimiterAbstract =>
    redis
      ? new RateLimiterRedis({
          storeClient: redis,
          useRedisPackage: false,
          rejectIfRedisNotReady: true,
          keyPrefix,
          points,
          duration,
          insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }),
        })
      : new RateLimiterMemory({ keyPrefix, points, duration });
  return {
    caller: bucket('rl:caller', { perMinute, capacity: burst }),
    named,
    client,
    // Login counters (per address, per account + address, per-account backoff): domain/auth/login-throttle.ts.
    ...createLoginLimiters(make, loginAttemptsPer15Min),
  };
}

export function isRateLimited(err: unknown): err is RateLimiterRes {
  return err instanceof RateLimiterRes;
}
