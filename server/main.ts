import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { startNode } from './node.ts';
import { seedAndAnnounce } from './cli/start-banner.ts';
import { removeServerAddress, writeServerAddress } from './cli/local-files.ts';
import { loadDotEnv } from './dotenv.ts';

/** `npm start`: validate config, start one node, stop gracefully on SIGTERM/SIGINT. */
let config;
try {
  loadDotEnv();
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  throw err;
}
const logger = createLogger(config);
const node = await startNode(config, logger);
// `npm run admin` reads this to find the server while it holds the embedded database.
writeServerAddress(config, node.port);
process.on('exit', () => removeServerAddress(config));
await seedAndAnnounce(config, node, logger);

let signals = 0;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (++signals > 1) {
      logger.warn('second signal: exiting now');
      process.exit(1);
    }
    // Last resort: the node bounds every step by SHUTDOWN_TIMEOUT_MS itself; this only catches a bug in that.
    setTimeout(() => {
      logger.error('shutdown overran SHUTDOWN_TIMEOUT_MS: exiting now');
      process.exit(1);
    }, config.shutdownTimeoutMs + 1000).unref();
    node.stop(signal).then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
