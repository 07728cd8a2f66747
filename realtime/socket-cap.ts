import type { Redis } from 'ioredis';
import type { Logger } from '../server/logger.ts';

/** How long a socket counts without its node renewing it: covers a node that died without saying goodbye. */
const LEASE_MS = 90_000;
const RENEW_MS = 30_000;

// Atomic check-and-add: expired leases dropped, the cap checked and the socket added in one step, so two
// handshakes of one account on two nodes cannot both take the last place.
const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[2]), ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

export interface SocketCap {
  /** Takes a place for this socket; false when the account already has `max` sockets. */
  acquire(account: string, socketId: string): Promise<boolean>;
  release(account: string, socketId: string): void;
  close(): void;
}

/**
 * At most `max` sockets per account (SOCKET_MAX_PER_ACCOUNT). With Redis the count is across nodes: each socket
 * holds a 90 s lease in a sorted set per account, renewed every 30 s by its node and removed on disconnect, and
 * a new socket is admitted by one Lua script. Guarantee: never more than `max` live sockets of an account
 * across all nodes; a node that crashes keeps its sockets counted for at most 90 s (the account may be refused
 * for that long). If Redis cannot be reached, the cap falls back to this node's own count (fails open across
 * nodes rather than refusing every socket). Without Redis the count is this node's.
 */
export function createSocketCap(max: number, redis: Redis | null, logger: Logger): SocketCap {
  const local = new Map<string, Set<string>>();
  const key = (account: string) => `stvos:sockets:${account}`;
  const addLocal = (account: string, socketId: string) => {
    let set = local.get(account);
    if (!set) local.set(account, (set = new Set()));
    set.add(socketId);
  };
  const localFull = (account: string) => (local.get(account)?.size ?? 0) >= max;

  let renew: NodeJS.Timeout | undefined;
  if (redis) {
    renew = setInterval(() => {
      const until = Date.now() + LEASE_MS;
      const pipe = redis.pipeline();
      for (const [account, ids] of local) {
        for (const id of ids) pipe.zadd(key(account), 'XX', until, id);
        pipe.pexpire(key(account), LEASE_MS);
      }
      pipe.exec().catch((err: Error) => logger.warn({ err: err.message }, 'could not renew socket leases'));
    }, RENEW_MS);
    renew.unref();
  }

  return {
    async acquire(account, socketId) {
      if (localFull(account)) return false;
      if (redis) {
        try {
          const ok = await redis.eval(ACQUIRE, 1, key(account), Date.now(), LEASE_MS, max, socketId);
          if (ok !== 1) return false;
        } catch (err) {
          logger.warn({ err: (err as Error).message }, 'socket cap: Redis unreachable, counting this node only');
        }
      }
      addLocal(account, socketId);
      return true;
    },
    release(account, socketId) {
      const set = local.get(account);
      if (!set?.delete(socketId)) return;
      if (set.size === 0) local.delete(account);
      redis?.zrem(key(account), socketId).catch(() => undefined);
    },
    close() {
      clearInterval(renew);
    },
  };
}
