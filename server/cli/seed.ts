import { ConfigError, loadConfig } from '../config.ts';
import { platformEm } from '../db/orm.ts';
import { seedDemoTenant } from '../../domain/seed/seed-demo.ts';
import { cliLogger, EmbeddedBusyError, openDirect } from './cli-runtime.ts';
import { readDemoCredentials, writeDemoCredentials } from './demo-credentials.ts';
import { demoKeyWorks, reissueDemoCredentials } from '../../domain/seed/demo-credentials-live.ts';
import { loadDotEnv } from '../dotenv.ts';

/**
 * `npm run seed`: creates the demo tenant unless a client with the slug `demo` exists (idempotent), and
 * keeps its credentials in .data/ (one file per database). On an existing demo it tops up the marketplace
 * (next group classes, the demo user's booking) and, when the credentials on file are missing or do not
 * work against this database, re-issues them. `npm start` seeds by itself on an empty database.
 */
try {
  loadDotEnv();
  const config = loadConfig();
  const rt = await openDirect(config, cliLogger());
  try {
    const em = platformEm(rt.services.orm);
    const creds = await seedDemoTenant(em, { onlyIfEmpty: false });
    if (creds) {
      const file = writeDemoCredentials(config, creds);
      process.stdout.write(`Demo tenant created; credentials kept in ${file}\n${JSON.stringify(creds, null, 2)}\n`);
    } else {
      const known = readDemoCredentials(config);
      if (known && (await demoKeyWorks(em, known))) {
        process.stdout.write(
          `The demo tenant already exists (marketplace topped up).\nDemo API key: ${known.apiKey}\n`,
        );
      } else {
        const fresh = await reissueDemoCredentials(em);
        if (!fresh) throw new Error('the demo tenant vanished while seeding');
        const file = writeDemoCredentials(config, fresh);
        process.stdout.write(
          `The demo tenant already exists; its credentials were not on file for this database, so new ones were issued (kept in ${file})\n${JSON.stringify(fresh, null, 2)}\n`,
        );
      }
    }
  } finally {
    await rt.close();
  }
} catch (err) {
  if (err instanceof EmbeddedBusyError) {
    process.stderr.write(
      `${err.message}. Stop the server first; on an empty database "npm start" seeds the demo tenant itself.\n`,
    );
    process.exitCode = 1;
  } else {
    process.stderr.write(
      `${err instanceof ConfigError ? err.message : `seed failed: ${(err as Error).stack ?? String(err)}`}\n`,
    );
    process.exitCode = err instanceof ConfigError ? 78 : 1;
  }
}
