import { existsSync } from 'node:fs';

/**
 * Reads `./.env` into process.env when there is one (variables already set win, as with Node's
 * --env-file). Done here rather than with `node --env-file-if-exists`, which prints ".env not found"
 * on every start without one. Called first by every entry point (server, CLIs, voice agent), so they
 * all see the same DATABASE_URL.
 */
export function loadDotEnv(file = '.env'): string | null {
  if (!existsSync(file)) return null;
  process.loadEnvFile(file);
  return file;
}
