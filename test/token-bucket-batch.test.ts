import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { Redis } from 'ioredis';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { consumeBoth, PairRefusal, RedisTokenBucket } from '../server/token-bucket.ts';

/**
 * Issue 12: the caller's and the client's buckets of the requests that arrive in one turn of the event loop are
 * consumed in one Lua call (server/token-bucket.ts, PairBatches), with the answers each would have had alone.
 */
describe.runIf(inject('redisUrl'))('token bucket pairs, batched', () => {
  let redis: Redis;
  const prefix = `tb-batch-${Math.random().toString(36).slice(2, 8)}`;
  beforeAll(() => {
    redis = new Redis(inject('redisUrl')!, { keyPrefix: `${prefix}:` });
  });
  afterAll(() => redis.quit());

  const outcome = (p: Promise<[RateLimiterRes, RateLimiterRes]>) =>
    p.then(
      ([a]) => `ok ${a.remainingPoints}`,
      (err: unknown) => (err instanceof PairRefusal ? `refused by ${err.which}` : `error ${String(err)}`),
    );

  it('answers requests made together in one call, in order, exactly as one by one', async () => {
    // Callers: a burst of 3 each; their client's aggregate: a burst of 5 (both refilled slowly: nothing refills here).
    const caller = new RedisTokenBucket(redis, 'rl:caller', { capacity: 3, perMinute: 1 });
    const clientBucket = new RedisTokenBucket(redis, 'rl:client', { capacity: 5, perMinute: 1 });
    await redis.ping();
    const calls = vi.spyOn(redis as unknown as { stvTokenBucketPairs: () => unknown }, 'stvTokenBucketPairs');
    const asked = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'c'].map((who) =>
      outcome(consumeBoth(caller, clientBucket, who, 'c:1')),
    );
    expect(await Promise.all(asked)).toEqual([
      'ok 2',
      'ok 1',
      'ok 0',
      'refused by 1', // a's own burst is spent: the client's bucket is not touched
      'ok 2',
      'ok 1',
      'refused by 2', // the client's 5 are spent (a: 3, b: 2); b's own token was spent, as two calls in a row would
      'refused by 2',
    ]);
    expect(calls).toHaveBeenCalledTimes(1);
    // What was spent is what one-by-one calls would have spent: b has none left of its 3, c has 2 (another client).
    expect(await outcome(consumeBoth(caller, clientBucket, 'b', 'c:2'))).toBe('refused by 1');
    expect(await outcome(consumeBoth(caller, clientBucket, 'c', 'c:2'))).toBe('ok 1');
  });
});
