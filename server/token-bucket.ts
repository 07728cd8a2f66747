import {
  RateLimiterCompatibleAbstract,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterLike,
} from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';

/** A bucket of `capacity` requests refilled at `perMinute`: a burst of `capacity`, then the steady rate. */
export interface BucketShape {
  capacity: number;
  perMinute: number;
}

/**
 * Why not a stock limiter: rate-limiter-flexible's store limiters count points in a fixed window, so a window
 * boundary lets twice the burst through (39 requests in 1.08 s with "burst 20"). Its `BurstyRateLimiter` is
 * two fixed windows, with the same edge. We keep the library's machinery (RateLimiterRes, consume/reject,
 * insurance limiter when Redis fails, key prefixes, delete) and replace only the store step by a token bucket
 * in GCRA form: one number per key, the time at which the bucket will be full again ("tat").
 *
 * Redis: one Lua call, with Redis's own clock, so every node agrees. The reply is what the library's
 * `_getRateLimiterRes` expects: [points in use, ms]. Refused: nothing is stored, the points in use are reported
 * as capacity + cost (over the limit) and the ms are the wait until the request would fit.
 */
const TOKEN_BUCKET_LUA = `
local cost = tonumber(ARGV[1])
local capacity = tonumber(ARGV[2])
local interval = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local used = tat + cost * interval - now
if used > capacity * interval then
  return {capacity + cost, math.ceil(used - capacity * interval)}
end
redis.call('SET', KEYS[1], tostring(now + used), 'PX', math.max(1, math.ceil(used)))
return {math.ceil(used / interval - 1e-9), math.ceil(used)}
`;

/**
 * Pairs of buckets (a caller's, then its client's aggregate), many pairs in one call, each with the same arithmetic
 * as above and in the order given (a key met twice sees its first consumption): a request the first bucket refuses
 * touches nothing; one the second refuses has spent its first token, as two calls in a row would.
 * KEYS: key1, key2 per pair; ARGV: capacity1, interval1, capacity2, interval2 per pair.
 * Reply, 5 numbers per pair: [bucket refused (0: none, 1, 2), points in use 1, ms 1, points in use 2, ms 2].
 */
const TOKEN_BUCKET_PAIRS_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local out = {}
for j = 0, #KEYS / 2 - 1 do
  local base = 5 * j
  out[base + 1] = 0
  out[base + 2] = 0
  out[base + 3] = 0
  out[base + 4] = 0
  out[base + 5] = 0
  for i = 1, 2 do
    local capacity = tonumber(ARGV[4 * j + 2 * i - 1])
    local interval = tonumber(ARGV[4 * j + 2 * i])
    local key = KEYS[2 * j + i]
    local tat = tonumber(redis.call('GET', key) or '0')
    if tat < now then tat = now end
    local used = tat + interval - now
    if used > capacity * interval then
      out[base + 1] = i
      out[base + 2 * i] = capacity + 1
      out[base + 2 * i + 1] = math.ceil(used - capacity * interval)
      break
    end
    redis.call('SET', key, tostring(now + used), 'PX', math.max(1, math.ceil(used)))
    out[base + 2 * i] = math.ceil(used / interval - 1e-9)
    out[base + 2 * i + 1] = math.ceil(used)
  end
end
return out
`;

/** At most this many pairs go in one call. */
const MAX_PAIRS_PER_CALL = 256;

interface PendingPair {
  keys: [string, string];
  args: [number, number, number, number];
  resolve(reply: number[]): void;
  reject(err: unknown): void;
}

/**
 * The pairs asked for during one turn of the event loop, sent as one Lua call when the turn ends (`setImmediate`):
 * requests that arrive together (the sockets one poll of the loop found readable) share one write and one read on
 * the Redis connection instead of one each, with the same per-request answers. A CPU profile of `/app/config`
 * had that write, more than the response's own, at a quarter of the node's time per request.
 */
class PairBatches {
  private queue: PendingPair[] = [];
  private readonly client: TokenBucketClient;
  constructor(client: TokenBucketClient) {
    this.client = client;
  }

  consume(keys: [string, string], args: [number, number, number, number]): Promise<number[]> {
    return new Promise((resolve, reject) => {
      if (this.queue.push({ keys, args, resolve, reject }) === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const all = this.queue;
    this.queue = [];
    for (let from = 0; from < all.length; from += MAX_PAIRS_PER_CALL) {
      const batch = all.slice(from, from + MAX_PAIRS_PER_CALL);
      if (this.client.status !== 'ready') {
        const err = new Error(`Redis connection is ${this.client.status}`);
        for (const p of batch) p.reject(err);
        continue;
      }
      this.client
        .stvTokenBucketPairs(batch.length * 2, ...batch.flatMap((p) => p.keys), ...batch.flatMap((p) => p.args))
        .then(
          (reply) => batch.forEach((p, i) => p.resolve(reply.slice(5 * i, 5 * i + 5))),
          (err: unknown) => batch.forEach((p) => p.reject(err)),
        );
    }
  }
}

const batchesByClient = new WeakMap<TokenBucketClient, PairBatches>();

const intervalMs = (shape: BucketShape): number => 60_000 / shape.perMinute;

/** The same arithmetic in process memory: the limiter without Redis, and the insurance when Redis fails. */
export class MemoryTokenBucket extends RateLimiterCompatibleAbstract {
  private readonly tats = new Map<string, number>();
  private readonly shape: BucketShape;
  override readonly keyPrefix: string;
  // The library sets these on an insurance limiter; a token bucket neither blocks nor delays.
  override blockDuration = 0;
  override execEvenly = false;
  private lastSweep = Date.now();

  constructor(keyPrefix: string, shape: BucketShape) {
    super();
    this.keyPrefix = keyPrefix;
    this.shape = shape;
  }

  override consume(key: string | number, pointsToConsume = 1): Promise<RateLimiterRes> {
    const now = Date.now();
    this.sweep(now);
    const rlKey = `${this.keyPrefix}:${key}`;
    const interval = intervalMs(this.shape);
    const tat = Math.max(this.tats.get(rlKey) ?? 0, now);
    const used = tat + pointsToConsume * interval - now;
    const capacity = this.shape.capacity;
    if (used > capacity * interval) {
      return Promise.reject(new RateLimiterRes(0, Math.ceil(used - capacity * interval), capacity + pointsToConsume));
    }
    this.tats.set(rlKey, now + used);
    const inUse = Math.ceil(used / interval - 1e-9);
    return Promise.resolve(new RateLimiterRes(Math.max(0, capacity - inUse), Math.ceil(used), inUse));
  }

  override get(key: string | number): Promise<RateLimiterRes | null> {
    const tat = this.tats.get(`${this.keyPrefix}:${key}`);
    const now = Date.now();
    if (tat === undefined || tat <= now) return Promise.resolve(null);
    const inUse = Math.ceil((tat - now) / intervalMs(this.shape));
    return Promise.resolve(new RateLimiterRes(Math.max(0, this.shape.capacity - inUse), Math.ceil(tat - now), inUse));
  }

  override delete(key: string | number): Promise<boolean> {
    return Promise.resolve(this.tats.delete(`${this.keyPrefix}:${key}`));
  }

  override penalty(key: string | number, points = 1): Promise<RateLimiterRes> {
    return this.consume(key, points).catch((res: RateLimiterRes) => res);
  }

  override reward(key: string | number, points = 1): Promise<RateLimiterRes> {
    const rlKey = `${this.keyPrefix}:${key}`;
    const tat = this.tats.get(rlKey);
    if (tat !== undefined) this.tats.set(rlKey, tat - points * intervalMs(this.shape));
    return this.get(key).then((r) => r ?? new RateLimiterRes(this.shape.capacity, 0, 0));
  }

  override set(): Promise<RateLimiterRes> {
    return Promise.reject(new Error('A token bucket is not set directly'));
  }

  override block(): Promise<RateLimiterRes> {
    return Promise.reject(new Error('A token bucket does not block'));
  }

  /** Full buckets are forgotten (at most once a second), so anonymous addresses do not accumulate. */
  private sweep(now: number): void {
    if (now - this.lastSweep < 1000) return;
    this.lastSweep = now;
    for (const [k, tat] of this.tats) if (tat <= now) this.tats.delete(k);
  }
}

type TokenBucketClient = Redis & {
  stvTokenBucket(key: string, cost: number, capacity: number, interval: number): Promise<[number, number]>;
  stvTokenBucketPairs(numberOfKeys: number, ...keysThenArgs: Array<string | number>): Promise<number[]>;
};

/** The Redis store step replaced (see above); everything else is RateLimiterRedis's. */
export class RedisTokenBucket extends RateLimiterRedis {
  private readonly bucketClient: TokenBucketClient;
  private readonly shape: BucketShape;

  constructor(redis: Redis, keyPrefix: string, shape: BucketShape) {
    super({
      storeClient: redis,
      useRedisPackage: false,
      keyPrefix,
      points: shape.capacity,
      duration: Math.max(1, Math.ceil((shape.capacity * intervalMs(shape)) / 1000)),
      insuranceLimiter: new MemoryTokenBucket(keyPrefix, shape),
      // Redis not connected: the in-memory bucket answers at once (per node) instead of the request waiting.
      rejectIfRedisNotReady: true,
    });
    if (!('stvTokenBucket' in redis)) redis.defineCommand('stvTokenBucket', { numberOfKeys: 1, lua: TOKEN_BUCKET_LUA });
    // No fixed number of keys: the first argument says how many (two per pair).
    if (!('stvTokenBucketPairs' in redis)) redis.defineCommand('stvTokenBucketPairs', { lua: TOKEN_BUCKET_PAIRS_LUA });
    this.bucketClient = redis as TokenBucketClient;
    this.shape = shape;
  }

  sharesClient(other: RedisTokenBucket): boolean {
    return this.bucketClient === other.bucketClient;
  }

  /**
   * Both buckets in one Lua call, shared with the other pairs asked for in the same turn of the event loop
   * (PairBatches); rejects with an Error (nothing spent) when Redis is not ready, a PairRefusal on a refusal.
   */
  async pairWith(second: RedisTokenBucket, key1: string, key2: string): Promise<[RateLimiterRes, RateLimiterRes]> {
    if (this.bucketClient.status !== 'ready') throw new Error(`Redis connection is ${this.bucketClient.status}`);
    let batches = batchesByClient.get(this.bucketClient);
    if (!batches) batchesByClient.set(this.bucketClient, (batches = new PairBatches(this.bucketClient)));
    const [refused, used1, ms1, used2, ms2] = (await batches.consume(
      [this.getKey(key1), second.getKey(key2)],
      [this.shape.capacity, intervalMs(this.shape), second.shape.capacity, intervalMs(second.shape)],
    )) as [number, number, number, number, number];
    const a = new RateLimiterRes(Math.max(0, this.shape.capacity - used1), ms1, used1);
    const b = new RateLimiterRes(Math.max(0, second.shape.capacity - used2), ms2, used2);
    if (refused === 1) throw new PairRefusal(1, new RateLimiterRes(0, ms1, used1));
    if (refused === 2) throw new PairRefusal(2, new RateLimiterRes(0, ms2, used2));
    return [a, b];
  }

  /** Called by RateLimiterStoreAbstract's `_consume`; its result goes through `_getRateLimiterRes`. */
  _upsert(rlKey: string, points: number): Promise<[number, number]> {
    // RateLimiterRedis checks readiness in its own _upsert, which this one replaces; a rejection here goes to the insurance bucket.
    if (this.bucketClient.status !== 'ready')
      return Promise.reject(new Error(`Redis connection is ${this.bucketClient.status}`));
    return this.bucketClient.stvTokenBucket(rlKey, points, this.shape.capacity, intervalMs(this.shape));
  }
}

/**
 * Consumes one point from `first`, then (if it had one) from `second`: one Redis round trip where two buckets are
 * both in Redis, else the two limiters one after the other (memory buckets; Redis not ready, or failing: their
 * insurance buckets answer as on their own). Resolves with both answers; rejects with the refusing bucket's
 * RateLimiterRes, and `which` says whose it was.
 */
export async function consumeBoth(
  first: RateLimiterLike,
  second: RateLimiterLike,
  key1: string,
  key2: string,
): Promise<[RateLimiterRes, RateLimiterRes]> {
  if (first instanceof RedisTokenBucket && second instanceof RedisTokenBucket && first.sharesClient(second)) {
    // Any failure but a refusal (Redis not ready, a dropped connection): the limiters one by one, as below.
    const paired = await first.pairWith(second, key1, key2).catch((err: unknown) => {
      if (err instanceof PairRefusal) throw err;
      return null;
    });
    if (paired) return paired;
  }
  const a = await first.consume(key1).catch((err: unknown) => {
    throw err instanceof RateLimiterRes ? new PairRefusal(1, err) : err;
  });
  const b = await second.consume(key2).catch((err: unknown) => {
    throw err instanceof RateLimiterRes ? new PairRefusal(2, err) : err;
  });
  return [a, b];
}

/** Which of `consumeBoth`'s buckets refused, and its answer. */
export class PairRefusal {
  readonly which: 1 | 2;
  readonly res: RateLimiterRes;
  constructor(which: 1 | 2, res: RateLimiterRes) {
    this.which = which;
    this.res = res;
  }
}

export function tokenBucket(redis: Redis | null, keyPrefix: string, shape: BucketShape): RateLimiterLike {
  return redis ? new RedisTokenBucket(redis, keyPrefix, shape) : new MemoryTokenBucket(keyPrefix, shape);
}
