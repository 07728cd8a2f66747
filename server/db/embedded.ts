import { mkdirSync, openSync, closeSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { servePglite } from './pglite-server.ts';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';

export interface EmbeddedPostgres {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * The no-install default: PGlite (Postgres compiled to WASM) kept in a data directory, served on a
 * loopback port (server/db/pglite-server.ts) so the app reaches it with the same `pg` driver and the same
 * migrations as a real server. A lock file keeps two processes from opening one directory.
 */
export async function startEmbeddedPostgres(dir: string): Promise<EmbeddedPostgres> {
  const dataDir = resolve(dir);
  mkdirSync(dataDir, { recursive: true });
  const lockPath = join(dataDir, '..', `${dataDir.split('/').pop()}.lock`);
  takeLock(lockPath);

  // The contrib extensions migrations may `create extension` (a real server ships them in postgresql-contrib).
  const db = await PGlite.create({ dataDir, extensions: { btree_gist, pg_trgm, unaccent } });
  const server = await servePglite(db);
  const port = server.port;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dataDir,
    async stop() {
      await server.stop();
      await db.close();
      rmSync(lockPath, { force: true });
    },
  };
}

function takeLock(lockPath: string): void {
  try {
    const fd = openSync(lockPath, 'wx');
    writeFileSync(fd, String(process.pid));
    closeSync(fd);
  } catch {
    const holder = Number(readFileSync(lockPath, 'utf8'));
    if (holder && holder !== process.pid && isAlive(holder)) {
      throw new Error(`The embedded database at ${lockPath.replace(/\.lock$/, '')} is in use by process ${holder}`);
    }
    writeFileSync(lockPath, String(process.pid)); // a stale lock from a process that died
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
