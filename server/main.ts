import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { startNode } from './node.ts';
import { seedAndAnnounce } from './cli/start-banner.ts';

/** `npm start`: validate config, start one node, stop gracefully on SIGTERM/SIGINT. */
let config;
try {
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
