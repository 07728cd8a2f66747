import { Redis } from 'ioredis';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { Orm } from './db/orm.ts';
import type { Secrets } from './secrets.ts';
import { createRateLimiters, type RateLimiters } from './rate-limits.ts';
import type { TokenSettings } from '../domain/auth/tokens.ts';
import type { Publisher } from '../domain/shared/events.ts';
import type { Revocations } from '../domain/auth/revocations.ts';
import { createRevocations } from './revocations.ts';
import { createMailSender, type MailSender } from './mail-sender.ts';
import { buildNodeParts, type NodeParts } from './node-parts.ts';

/**
 * Long-lived process parts, built once at start and handed to the HTTP app, the gateway and jobs; the per-node
 * parts (heartbeat writer, presence broadcaster, discover cache, vendor adapters, limiters) come with them
 * (server/node-parts.ts).
 */
export interface Services extends NodeParts {
  config: Config;
  logger: Logger;
  orm: Orm;
  redis: Redis | null;
  secrets: Secrets;
  tokens: TokenSettings;
  limits: RateLimiters;
  publisher: Publisher;
  /** Revoked sessions and accounts, checked on every token (server/revocations.ts). */
  revocations: Revocations & { ready: Promise<void> };
  /** Account mail from the outbox table (SMTP when configured). */
  mail: MailSender;
  startedAt: Date;
  version: string;
  /** Set while shutting down: readiness fails and new work is refused. */
  draining: { value: boolean };
}

export function connectRedis(
  url: string,
  logger: Logger,
  name: string,
  keyPrefix = '',
  opts: { failFast?: boolean } = {},
): Redis {
  // Reconnect attempts at most a second apart (ioredis' default backs off to 2 s), so fan-out resumes soon after an outage.
  const client = new Redis(url, {
    keyPrefix,
    lazyConnect: false,
    maxRetriesPerRequest: 3,
    connectionName: `stvos:${name}`,
    retryStrategy: (times) => Math.min(times * 100, 1000),
  });
  client.on('error', (err: Error) => logger.warn({ err: err.message, redis: name }, 'redis connection error'));
  if (opts.failFast) {
    // The command client (rate limits, revocations, socket caps, counters): until its first connection commands
    // wait in ioredis' offline queue, so a node that starts just before Redis still loads its revocations. After
    // that, a command sent while the connection is down fails at once and the caller's fallback answers (the
    // in-memory buckets, the revocation outbox), instead of a request waiting out three reconnect attempts.
    // Commands already written when the connection drops are still retried (maxRetriesPerRequest).
    // Connections `duplicate()`d from this one before that point (the revocation subscriber) keep the queue.
    client.once('ready', () => void (client.options.enableOfflineQueue = false));
  }
  return client;
}

export function buildServices(
  parts: Omit<Services, 'limits' | 'tokens' | 'startedAt' | 'draining' | 'revocations' | 'mail' | keyof NodeParts>,
): Services {
  const revocations = createRevocations(parts.redis, parts.config.jwt.accessTtlSeconds, parts.logger);
  const core: Omit<Services, keyof NodeParts> = {
    ...parts,
    revocations,
    mail: createMailSender(parts.config, parts.orm, parts.logger),
    limits: createRateLimiters(parts.config, parts.redis),
    tokens: {
      accessSecret: parts.secrets.accessSecret,
      issuer: parts.config.jwt.issuer,
      audience: parts.config.jwt.audience,
      accessTtlSeconds: parts.config.jwt.accessTtlSeconds,
      refreshTtlSeconds: parts.config.jwt.refreshTtlSeconds,
      notBefore: (account) => revocations.notBefore(account),
    },
    startedAt: new Date(),
    draining: { value: false },
  };
  // Getters stay getters (each part is built on first use), so the parts are defined, not spread.
  return Object.defineProperties(core, Object.getOwnPropertyDescriptors(buildNodeParts(parts))) as Services;
}
