import { ConfigError, loadConfig } from '../config.ts';
import { platformEm } from '../db/orm.ts';
import { seedDemoTenant } from '../../domain/seed/seed-demo.ts';
import { cliLogger, EmbeddedBusyError, openDirect } from './cli-runtime.ts';
import { readDemoCredentials, writeDemoCredentials } from './demo-credentials.ts';

/**
 * `npm run seed`: creates the demo tenant unless a client with the slug `demo` exists (idempotent), and
 * keeps its credentials in .data/demo.json. `npm start` does the same by itself on an empty database.
 */
try {
  const config = loadConfig();
  const rt = await openDirect(config, cliLogger());
  try {
    const creds = await seedDemoTenant(platformEm(rt.services.orm), { onlyIfEmpty: false });
    if (creds) {
      const file = writeDemoCredentials(config, creds);
      process.stdout.write(`Demo tenant created; credentials kept in ${file}\n${JSON.stringify(creds, null, 2)}\n`);
    } else {
      const known = readDemoCredentials(config);
      process.stdout.write(`The demo tenant already exists; nothing to do.${known ? `\nDemo API key: ${known.apiKey}` : ''}\n`);
    }
  } finally {
    await rt.close();
  }
} catch (err) {
  if (err instanceof EmbeddedBusyError) {
    process.stderr.write(`${err.message}. Stop the server first; on an empty database "npm start" seeds the demo tenant itself.\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(`${err instanceof ConfigError ? err.message : `seed failed: ${(err as Error).stack ?? String(err)}`}\n`);
    process.exitCode = err instanceof ConfigError ? 78 : 1;
  }
}
