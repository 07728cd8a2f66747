import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../server/db/embedded.ts';

/**
 * Databases of a test file's own, for what acts on an empty database (seeding, first start): a fresh
 * database on the TEST_DATABASE_URL server, or a fresh embedded PGlite. `dir` is a scratch directory
 * beside it (the `.data/` of a node started on it). Call `dropFreshDatabases` in afterAll.
 */
export function freshDatabases() {
  const cleanups: Array<() => Promise<void>> = [];
  async function freshDatabase(): Promise<{ url: string; dir: string }> {
    const dir = mkdtempSync(join(tmpdir(), 'stvos-seed-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const server = process.env['TEST_DATABASE_URL'];
    if (!server) {
      const embedded = await startEmbeddedPostgres(join(dir, 'pglite'));
      cleanups.push(() => embedded.stop());
      return { url: embedded.url, dir };
    }
    const name = `stvos_seed_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    cleanups.push(async () => {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    });
    const url = new URL(server);
    url.pathname = `/${name}`;
    return { url: url.toString(), dir };
  }
  async function dropFreshDatabases(): Promise<void> {
    for (const fn of cleanups.reverse()) await fn();
  }
  return { freshDatabase, dropFreshDatabases };
}
