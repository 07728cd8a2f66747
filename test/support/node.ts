import { inject } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { startNode, type RunningNode } from '../../server/node.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';
export const JWT_SECRET = 'test-jwt-secret-0123456789abcdef-0123456789';

/** The environment a test node runs with; the same one child-process nodes get. */
export function testEnv(overrides: Record<string, string> = {}): Record<string, string> {
  const redisUrl = inject('redisUrl');
  return {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    DATABASE_URL: inject('dbUrl'),
    DATABASE_POOL_MAX: '4',
    EMBEDDED_DB_DIR: `${inject('dataDir')}/unused`,
    // Each run's database starts its ids at 1: its Redis keys (rate limits, revocations) must not meet an earlier run's.
    ...(redisUrl ? { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: `${new URL(inject('dbUrl')).pathname.slice(1)}:` } : {}),
    JWT_ACCESS_SECRET: JWT_SECRET,
    ADMIN_TOKEN,
    SEED_DEMO: 'false',
    JOBS_ENABLED: 'false',
    SHUTDOWN_TIMEOUT_MS: '5000',
    // Generous limits so tests do not trip over each other; the rate-limit tests set their own.
    RATE_LIMIT_PER_MINUTE: '600000',
    RATE_LIMIT_BURST: '100000',
    LOGIN_ATTEMPTS_PER_15_MIN: '100000',
    SOCKET_EVENTS_PER_SECOND: '1000',
    // Tests stand in for a proxy on loopback: their X-Forwarded-For sets the client address (production trusts nothing by default).
    TRUST_PROXY: 'loopback',
    ...overrides,
  };
}

/** A real node (HTTP + sockets) in this test process, on a random port, against the run's database. */
export async function startTestNode(overrides: Record<string, string> = {}): Promise<RunningNode> {
  const config = loadConfig(testEnv(overrides));
  return startNode(config, createLogger(config));
}
