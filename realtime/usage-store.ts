import type { Redis } from 'ioredis';

/**
 * Where the live partner counters live between nodes: Redis when configured (every node adds to the same
 * counters and at most one node per partner per second wins the right to emit), else this process's memory.
 */
export interface UsageCounterStore {
  /** Adds watch seconds to a partner's day, only once the day has its baseline (see `setBaseline`); answers whether it had one. */
  addWatch(key: string, seconds: number): Promise<boolean>;
  /**
   * Sets the day's starting value (from the database) and the snapshot it was read in, unless the day already has
   * them; answers the snapshot the day has (this one or an earlier caller's).
   */
  setBaseline(key: string, seconds: number, snapshot: string): Promise<string>;
  /** The snapshot the day's baseline was read in; null while the day has none. */
  getSnapshot(key: string): Promise<string | null>;
  getWatch(key: string): Promise<number | null>;
  /** Marks sessions as watching now; answers how many watched within the window. */
  touchViewers(key: string, sessions: string[], nowMs: number, windowMs: number): Promise<number>;
  /** True for exactly one caller per key (the emitter of a partner's update for one second). */
  claim(key: string, ttlSeconds: number): Promise<boolean>;
}

const ADD_IF_EXISTS = `if redis.call('exists', KEYS[1]) == 1 then redis.call('incrby', KEYS[1], ARGV[1]) return 1 else return 0 end`;
/** Value and snapshot together or not at all; answers the snapshot the day ends up with. */
const SET_BASELINE = `if redis.call('exists', KEYS[1]) == 0 then
  redis.call('set', KEYS[1], ARGV[1], 'EX', ARGV[3]) redis.call('set', KEYS[2], ARGV[2], 'EX', ARGV[3]) end
  return redis.call('get', KEYS[2])`;
const DAY_SECONDS = 2 * 86_400;

export function redisUsageStore(redis: Redis): UsageCounterStore {
  return {
    async addWatch(key, seconds) {
      return Number(await redis.eval(ADD_IF_EXISTS, 1, key, String(seconds))) === 1;
    },
    async setBaseline(key, seconds, snapshot) {
      return String(
        await redis.eval(SET_BASELINE, 2, key, `${key}:snapshot`, String(seconds), snapshot, String(DAY_SECONDS)),
      );
    },
    getSnapshot(key) {
      return redis.get(`${key}:snapshot`);
    },
    async getWatch(key) {
      const v = await redis.get(key);
      return v === null ? null : Number(v);
    },
    async touchViewers(key, sessions, nowMs, windowMs) {
      const multi = redis.multi();
      if (sessions.length) multi.zadd(key, ...sessions.flatMap((s) => [nowMs, s]));
      multi
        .zremrangebyscore(key, '-inf', nowMs - windowMs)
        .zcard(key)
        .pexpire(key, windowMs * 2);
      const res = await multi.exec();
      return Number(res?.[sessions.length ? 2 : 1]?.[1] ?? 0);
    },
    async claim(key, ttlSeconds) {
      return (await redis.set(key, '1', 'EX', ttlSeconds, 'NX')) === 'OK';
    },
  };
}

export function memoryUsageStore(): UsageCounterStore {
  const watch = new Map<string, number>();
  const snapshots = new Map<string, string>();
  const viewers = new Map<string, Map<string, number>>();
  const claims = new Map<string, number>();
  return {
    async addWatch(key, seconds) {
      const v = watch.get(key);
      if (v === undefined) return false;
      watch.set(key, v + seconds);
      return true;
    },
    async setBaseline(key, seconds, snapshot) {
      if (!watch.has(key)) {
        watch.set(key, seconds);
        snapshots.set(key, snapshot);
      }
      // Days are few per partner; drop yesterday's keys as a new day starts.
      if (watch.size > 10_000) {
        const oldest = watch.keys().next().value!;
        watch.delete(oldest);
        snapshots.delete(oldest);
      }
      return snapshots.get(key)!;
    },
    async getSnapshot(key) {
      return snapshots.get(key) ?? null;
    },
    async getWatch(key) {
      return watch.get(key) ?? null;
    },
    async touchViewers(key, sessions, nowMs, windowMs) {
      let m = viewers.get(key);
      if (!m) viewers.set(key, (m = new Map()));
      for (const s of sessions) m.set(s, nowMs);
      for (const [s, t] of m) if (t < nowMs - windowMs) m.delete(s);
      if (!m.size) viewers.delete(key);
      return m.size;
    },
    async claim(key, ttlSeconds) {
      const now = Date.now();
      for (const [k, until] of claims) if (until < now) claims.delete(k);
      if (claims.has(key)) return false;
      claims.set(key, now + ttlSeconds * 1000);
      return true;
    },
  };
}
