import { pino } from 'pino';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../db/embedded.ts';
import { migrate, openOrm } from '../db/orm.ts';
import { resolveSecrets } from '../secrets.ts';
import { buildServices, type Services } from '../services.ts';

/** CLI logs go to stderr, so stdout carries only the command's JSON result. */
export function cliLogger(): Logger {
  return pino(
    { level: process.env['LOG_LEVEL'] ?? 'warn', base: { service: 'stvos-cli' } },
    pino.destination(2),
  ) as Logger;
}

export interface DirectRuntime {
  kind: 'direct';
  services: Services;
  close(): Promise<void>;
}

export class EmbeddedBusyError extends Error {}

/**
 * Opens the database itself: DATABASE_URL, or the embedded directory (which fails with EmbeddedBusyError
 * while `npm start` holds it). Migrations are applied, as the server would on start.
 */
export async function openDirect(config: Config, logger: Logger): Promise<DirectRuntime> {
  let embedded: EmbeddedPostgres | null = null;
  if (!config.database.url) {
    try {
      embedded = await startEmbeddedPostgres(config.database.embeddedDir);
    } catch (err) {
      if (/in use by process/.test((err as Error).message)) throw new EmbeddedBusyError((err as Error).message);
      throw err;
    }
  }
  const orm = await openOrm(config.database.url ?? embedded!.url, 2, logger);
  try {
    await migrate(orm);
  } catch (err) {
    await orm.close(true);
    await embedded?.stop();
    throw err;
  }
  // No sockets in this process: events a command records are logged, not lost silently.
  const publisher = {
    publish: (tenantSlug: string, events: readonly unknown[]) =>
      logger.info({ tenantSlug, events }, 'events not delivered (CLI)'),
  };
  const services = buildServices({
    config,
    logger,
    orm,
    redis: null,
    secrets: resolveSecrets(config),
    publisher,
    version: 'cli',
  });
  return {
    kind: 'direct',
    services,
    async close() {
      await orm.close(true);
      await embedded?.stop();
    },
  };
}
