import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../server/db/embedded.ts';
import { migrate, openOrm } from '../../server/db/orm.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dbUrl: string;
    redisUrl: string | null;
    dataDir: string;
  }
}

/**
 * One database for the run: a fresh PostgreSQL database on the server in TEST_DATABASE_URL, or an
 * embedded PGlite. Tests isolate themselves by building their own tenants, as in production.
 */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), 'stvos-test-'));
  let embedded: EmbeddedPostgres | null = null;
  let dbUrl: string;
  let dropDb: (() => Promise<void>) | null = null;
  const serverUrl = process.env['TEST_DATABASE_URL'];
  if (serverUrl) {
    const name = `stvos_test_${Date.now()}_${process.pid}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    dbUrl = url.toString();
    dropDb = async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  } else {
    embedded = await startEmbeddedPostgres(join(dataDir, 'pglite'));
    dbUrl = embedded.url;
  }
  const orm = await openOrm(dbUrl, 2);
  await migrate(orm);
  await orm.close(true);

  project.provide('dbUrl', dbUrl);
  project.provide('redisUrl', process.env['TEST_REDIS_URL'] ?? null);
  project.provide('dataDir', dataDir);

  return async () => {
    if (embedded) await embedded.stop();
    if (dropDb) await dropDb();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
