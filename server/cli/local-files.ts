import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../config.ts';

/**
 * Dev files kept in `.data/` beside the embedded database: which database a file belongs to, and where the
 * running `npm start` listens (so the CLI can reach it while it holds the embedded database).
 */
export function dataDir(config: Config): string {
  return dirname(resolve(config.database.embeddedDir));
}

/**
 * A file-name-safe name for the database this config points at: `embedded` for the PGlite directory
 * (its files are the database), else host, port and database name of DATABASE_URL (never its password).
 */
export function databaseLabel(config: Config): string {
  if (!config.database.url) return 'embedded';
  const u = new URL(config.database.url);
  const name = decodeURIComponent(u.pathname.replace(/^\//, '')) || u.username || 'postgres';
  return `${u.hostname}-${u.port || '5432'}-${name}`.replace(/[^A-Za-z0-9._-]+/g, '_');
}

export interface ServerAddress {
  url: string;
  pid: number;
  database: string;
  startedAt: string;
}

const addressFile = (config: Config) => join(dataDir(config), 'server.json');

export function writeServerAddress(config: Config, port: number): void {
  const file = addressFile(config);
  mkdirSync(dirname(file), { recursive: true });
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const address: ServerAddress = {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    pid: process.pid,
    database: databaseLabel(config),
    startedAt: new Date().toISOString(),
  };
  writeFileSync(file, `${JSON.stringify(address, null, 2)}\n`, { mode: 0o600 });
}

/** Removed on a clean stop; a file left by a killed server is ignored because its pid is gone. */
export function removeServerAddress(config: Config): void {
  const file = addressFile(config);
  try {
    const a = JSON.parse(readFileSync(file, 'utf8')) as ServerAddress;
    if (a.pid === process.pid) rmSync(file, { force: true });
  } catch {
    /* nothing to remove */
  }
}

/** The running server of this database, if its address file names a live process. */
export function readServerAddress(config: Config): ServerAddress | null {
  const file = addressFile(config);
  if (!existsSync(file)) return null;
  try {
    const a = JSON.parse(readFileSync(file, 'utf8')) as ServerAddress;
    if (a.database !== databaseLabel(config) || !isAlive(a.pid)) return null;
    return a;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
