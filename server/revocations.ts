import type { Redis } from 'ioredis';
import { RevocationList, revocationSchema, type AccountRef, type Revocation, type Revocations, type TokenIdentity } from '../domain/auth/revocations.ts';
import type { Logger } from './logger.ts';

const LOG_KEY = 'stvos:revocations';
const CHANNEL = 'stvos:revocations';
/** How often a node re-reads recent revocations, in case a pub/sub message was lost (Redis reconnect). */
const POLL_MS = 2_000;

/**
 * Token revocation shared by every node. Each node keeps a `RevocationList` in memory, so checking a token
 * is a Map lookup. With Redis, a revocation is written to a sorted set (score = when) and published; every
 * node applies what it hears at once and re-reads the last seconds of the set every 2 s, so a lost message
 * delays a revocation by at most that. A node that starts reads every entry still in force. Without Redis
 * the list is this process's only.
 */
export function createRevocations(redis: Redis | null, accessTtlSeconds: number, logger: Logger): Revocations & { ready: Promise<void> } {
  const list = new RevocationList();
  const listeners: Array<(e: Revocation) => void> = [];
  const learn = (e: Revocation) => {
    if (!list.apply(e)) return;
    for (const l of listeners) {
      try {
        l(e);
      } catch (err) {
        logger.error({ err }, 'revocation listener failed');
      }
    }
  };
  const parse = (raw: string): Revocation | null => {
    try {
      const r = revocationSchema.safeParse(JSON.parse(raw));
      return r.success ? r.data : null;
    } catch {
      return null;
    }
  };
  const sweep = setInterval(() => list.prune(), 60_000);
  sweep.unref();

  let subscriber: Redis | null = null;
  let poll: NodeJS.Timeout | undefined;
  let ready = Promise.resolve();
  if (redis) {
    const keepMs = (accessTtlSeconds + 120) * 1000;
    const readSince = async (since: number) => {
      const rows = await redis.zrangebyscore(LOG_KEY, since, '+inf');
      for (const raw of rows) {
        const e = parse(raw);
        if (e) learn(e);
      }
    };
    subscriber = redis.duplicate({ connectionName: 'stvos:revocations' });
    subscriber.on('error', (err: Error) => logger.warn({ err: err.message }, 'revocation subscriber error'));
    subscriber.on('message', (_channel: string, raw: string) => {
      const e = parse(raw);
      if (e) learn(e);
    });
    ready = (async () => {
      await subscriber!.subscribe(CHANNEL);
      await readSince(Date.now() - keepMs);
    })().catch((err: Error) => logger.warn({ err: err.message }, 'could not load revocations from Redis'));
    let last = Date.now();
    poll = setInterval(() => {
      const from = last - POLL_MS * 3;
      last = Date.now();
      readSince(from).catch((err: Error) => logger.warn({ err: err.message }, 'could not poll revocations'));
    }, POLL_MS);
    poll.unref();

    return {
      ready,
      assertLive: (t: TokenIdentity) => list.assertLive(t),
      notBefore: (a: AccountRef) => list.notBefore(a),
      onRevoke: (l) => void listeners.push(l),
      async revoke(entries) {
        const now = Date.now();
        for (const e of entries) learn(e);
        const multi = redis.multi();
        for (const e of entries) {
          const raw = JSON.stringify(e);
          multi.zadd(LOG_KEY, now, raw).publish(CHANNEL, raw);
        }
        multi.zremrangebyscore(LOG_KEY, '-inf', now - keepMs);
        await multi.exec();
      },
      async close() {
        clearInterval(sweep);
        clearInterval(poll);
        // Not quit(): a shutdown must not wait on a Redis that is down; nothing is pending on this connection.
        subscriber?.disconnect();
      },
    };
  }

  return {
    ready,
    assertLive: (t) => list.assertLive(t),
    notBefore: (a) => list.notBefore(a),
    onRevoke: (l) => void listeners.push(l),
    async revoke(entries) {
      for (const e of entries) learn(e);
    },
    async close() {
      clearInterval(sweep);
    },
  };
}
