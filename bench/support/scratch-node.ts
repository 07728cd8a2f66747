/**
 * The preamble several benches shared: a scratch database on a PostgreSQL server (default the local one), dropped
 * at the end, and one sTvOS node in this process on it, with bench settings (quiet log, no jobs, no demo, limits
 * lifted) that a bench overrides where it needs to.
 */
import pg from 'pg';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { startNode, type RunningNode } from '../../server/node.ts';

export const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';
export const BENCH_ADMIN_TOKEN = 'bench-admin-token-0000000000';

export interface ScratchDatabase {
  url: string;
  /** A connection to the server's `postgres` database (server version, and the drop at the end). */
  admin: pg.Client;
  drop(): Promise<void>;
}

export async function scratchDatabase(server: string, name: string): Promise<ScratchDatabase> {
  const db = `stvos_bench_${name}_${process.pid}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create database ${db}`);
  const url = new URL(server);
  url.pathname = `/${db}`;
  return {
    url: url.toString(),
    admin,
    async drop() {
      await admin.query(`drop database if exists ${db} with (force)`);
      await admin.end();
    },
  };
}

/** A node in this process on a fresh scratch database; `close()` stops it and drops the database. */
export async function scratchNode(
  name: string,
  server: string,
  env: Record<string, string> = {},
): Promise<{ node: RunningNode; db: ScratchDatabase; close(): Promise<void> }> {
  const db = await scratchDatabase(server, name);
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    DATABASE_URL: db.url,
    SEED_DEMO: 'false',
    JOBS_ENABLED: 'false',
    JWT_ACCESS_SECRET: 'bench-secret-bench-secret-bench-secret-00',
    ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
    RATE_LIMIT_PER_MINUTE: '100000000',
    RATE_LIMIT_BURST: '10000000',
    LOGIN_ATTEMPTS_PER_15_MIN: '100000',
    ...env,
  });
  const node = await startNode(config, createLogger(config));
  return {
    node,
    db,
    async close() {
      await node.stop();
      await db.drop();
    },
  };
}
