import { ConfigError, loadConfig } from '../config.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../db/embedded.ts';
import { migrate, openOrm } from '../db/orm.ts';
import { loadDotEnv } from '../dotenv.ts';

/** `npm run migrate`: applies pending migrations to DATABASE_URL or the embedded database, then exits. */
try {
  loadDotEnv();
  const config = loadConfig();
  let embedded: EmbeddedPostgres | null = null;
  if (!config.database.url) {
    try {
      embedded = await startEmbeddedPostgres(config.database.embeddedDir);
    } catch (err) {
      if (!/in use by process/.test((err as Error).message)) throw err;
      // The running server applied every migration when it started.
      process.stdout.write(
        `${(err as Error).message}; the running server applies migrations on start, nothing to do.\n`,
      );
      process.exit(0);
    }
  }
  const orm = await openOrm(config.database.url ?? embedded!.url, 1);
  try {
    const applied = await migrate(orm);
    process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Database is up to date.\n');
  } finally {
    await orm.close(true);
    await embedded?.stop();
  }
} catch (err) {
  process.stderr.write(
    `${err instanceof ConfigError ? err.message : `migration failed: ${(err as Error).stack ?? String(err)}`}\n`,
  );
  process.exitCode = err instanceof ConfigError ? 78 : 1;
}
