import type { Redis } from 'ioredis';
import {
  RevocationList,
  revocationSchema,
  type AccountRef,
  type Revocation,
  type Revocations,
  type TokenIdentity,
} from '../domain/auth/revocations.ts';
import type { Logger } from './logger.ts';

const LOG_KEY = 'stvos:revocations';
const CHANNEL = 'stvos:revocations';
/** Channels are not keys: ioredis does not prefix them, so the deployment's REDIS_KEY_PREFIX is put on by hand. */
const channelOf = (redis: Redis) => `${redis.options.keyPrefix ?? ''}${CHANNEL}`;
/** How often a node re-reads recent revocations, in case a pub/sub message was lost (Redis reconnect). */
const POLL_MS = 2_000;
/** Revocations waiting for Redis to come back (an outage); beyond this many the oldest are dropped, and logged. */
const OUTBOX_MAX = 10_000;

/**
 * Token revocation shared by every node. Each node keeps a `RevocationList` in memory, so checking a token
 * is a Map lookup. With Redis, a revocation is written to a sorted set (score = when) and published; every
 * node applies what it hears at once and re-reads the last seconds of the set every 2 s, so a lost message
 * delays a revocation by at most that. A node that starts reads every entry still in force. Without Redis
 * the list is this process's only.
 *
 * While Redis is down a revocation still answers at once: it applies on this node, waits in an outbox (bounded,
 * entries past their `until` dropped) and is written and published when the connection is ready again; the other
 * nodes learn it then (pub/sub, or their next poll, which re-reads from their last successful poll). Until then
 * a revoked access token is still accepted by the other nodes, at most for its remaining lifetime (the access
 * TTL); refresh tokens are revoked in PostgreSQL, so it cannot be renewed anywhere. If this node dies before
 * Redis returns, its outbox is lost and the token lives out its TTL on the other nodes.
 */
export function createRevocations(
  redis: Redis | null,
  accessTtlSeconds: number,
  logger: Logger,
): Revocations & { ready: Promise<void> } {
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
      await subscriber!.subscribe(channelOf(redis));
      await readSince(Date.now() - keepMs);
    })().catch((err: Error) => logger.warn({ err: err.message }, 'could not load revocations from Redis'));
    // The next poll reads from the last one that succeeded (less a margin for clock skew between nodes), so an
    // outage does not open a window of revocations nobody reads.
    let lastRead = Date.now();
    const pollOnce = () => {
      const startedAt = Date.now();
      readSince(lastRead - POLL_MS * 3).then(
        () => void (lastRead = startedAt),
        (err: Error) => logger.warn({ err: err.message }, 'could not poll revocations'),
      );
    };
    poll = setInterval(pollOnce, POLL_MS);
    poll.unref();

    const outbox: Revocation[] = [];
    const write = async (entries: readonly Revocation[]) => {
      const now = Date.now();
      const multi = redis.multi();
      for (const e of entries) {
        const raw = JSON.stringify(e);
        multi.zadd(LOG_KEY, now, raw).publish(channelOf(redis), raw);
      }
      multi.zremrangebyscore(LOG_KEY, '-inf', now - keepMs);
      const replies = await multi.exec();
      const failed = replies?.find(([err]) => err);
      if (!replies || failed) throw failed?.[0] ?? new Error('revocation write discarded');
    };
    // One writer at a time, in order; what arrives during a write goes in the next round.
    const drain = async () => {
      while (outbox.length && redis.status === 'ready') {
        const now = Date.now();
        const batch = outbox.splice(0).filter((e) => e.until > now);
        try {
          await write(batch);
        } catch (err) {
          outbox.unshift(...batch);
          logger.warn({ err: (err as Error).message, pending: outbox.length }, 'revocations waiting for Redis');
          return;
        }
      }
    };
    let flushing: Promise<void> | null = null;
    const flush = (): Promise<void> => (flushing ??= drain().finally(() => void (flushing = null)));
    redis.on('ready', () => {
      void flush();
      pollOnce();
    });
    const retry = setInterval(() => void flush(), POLL_MS);
    retry.unref();

    return {
      ready,
      assertLive: (t: TokenIdentity) => list.assertLive(t),
      notBefore: (a: AccountRef) => list.notBefore(a),
      onRevoke: (l) => void listeners.push(l),
      async revoke(entries) {
        for (const e of entries) learn(e);
        outbox.push(...entries);
        if (outbox.length > OUTBOX_MAX)
          logger.error(
            { dropped: outbox.splice(0, outbox.length - OUTBOX_MAX).length },
            'revocation outbox full: oldest entries dropped',
          );
        await flush();
        if (outbox.length)
          logger.warn(
            { redis: redis.status, pending: outbox.length },
            'Redis unavailable: revocation applied on this node, held for the others',
          );
      },
      async close() {
        clearInterval(sweep);
        clearInterval(poll);
        clearInterval(retry);
        if (outbox.length) await flush();
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
