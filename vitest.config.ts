import { defineConfig } from 'vitest/config';

/**
 * One suite, two tiers. By default it runs on an embedded PGlite started once for the run; with
 * TEST_DATABASE_URL (and TEST_REDIS_URL) it runs against real PostgreSQL and Redis (`npm run test:services`).
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
