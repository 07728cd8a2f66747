import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import type { Config } from './config.ts';
import { createLogger, type Logger } from './logger.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './db/embedded.ts';
import { migrate, openOrm } from './db/orm.ts';
import { resolveSecrets } from './secrets.ts';
import { buildServices, connectRedis, type Services } from './services.ts';
import { buildApp } from './http/app.ts';
import { createPublisher } from '../realtime/publisher.ts';
import { attachGateway, type Gateway } from '../realtime/gateway.ts';
import { startScheduler, type Scheduler } from '../jobs/scheduler.ts';
import { deadlineIn, quitRedis } from './shutdown.ts';
import { closeAuthCache } from './auth-cache.ts';

export interface RunningNode {
  url: string;
  port: number;
  services: Services;
  http: Server;
  gateway: Gateway;
  /** Graceful stop within SHUTDOWN_TIMEOUT_MS: refuse new work, finish what is in flight, flush heartbeats, close sockets, close. */
  stop(reason?: string): Promise<void>;
}

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

/** Starts one server node: database (embedded or real), migrations, HTTP, sockets and jobs. */
export async function startNode(config: Config, logger: Logger = createLogger(config)): Promise<RunningNode> {
  let embedded: EmbeddedPostgres | null = null;
  const dbUrl = config.database.url ?? (embedded = await startEmbeddedPostgres(config.database.embeddedDir)).url;
  const orm = await openOrm(dbUrl, config.database.poolMax, logger);
  const applied = await migrate(orm);
  if (applied.length) logger.info({ applied }, 'migrations applied');

  const redis = config.redisUrl
    ? connectRedis(config.redisUrl, logger, 'main', config.redisKeyPrefix, { failFast: true })
    : null;
  const publisher = createPublisher(logger);
  const services = buildServices({ config, logger, orm, redis, secrets: resolveSecrets(config), publisher, version });

  await services.revocations.ready;
  const http = createServer(buildApp(services));
  http.headersTimeout = 20_000;
  http.requestTimeout = 30_000;
  const gateway = await attachGateway(http, services);
  publisher.bind(gateway);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen({ port: config.port, host: config.host, reusePort: config.reusePort }, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const scheduler: Scheduler | null = config.jobsEnabled ? startScheduler(services) : null;
  if (config.livekit.devServer)
    logger.info('live video: no LiveKit settings, using the livekit-server --dev defaults (ws://127.0.0.1:7880)');
  logger.info(
    { port, database: embedded ? `embedded (${embedded.dataDir})` : 'postgresql', redis: Boolean(redis) },
    'sTvOS listening',
  );

  // In-flight REST requests, so shutdown can wait for them before it takes the sockets down. Socket.IO's
  // long-polling requests are left out: they end when their socket is closed, not before.
  let inFlight = 0;
  let idle: (() => void) | null = null;
  http.on('request', (req, res) => {
    if (req.url?.startsWith('/socket.io/')) return;
    inFlight++;
    res.once('close', () => {
      if (--inFlight === 0) idle?.();
    });
  });
  const requestsDone = () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (idle = resolve)));

  let stopping: Promise<void> | null = null;
  const stop = (reason = 'stop') =>
    (stopping ??= (async () => {
      logger.info({ reason }, 'shutting down');
      // Every step below waits at most until one deadline; the process is done by SHUTDOWN_TIMEOUT_MS whatever the
      // clients, the database or Redis do. The last part of it is kept for closing the database and Redis.
      const deadline = deadlineIn(config.shutdownTimeoutMs);
      const socketsBy = deadline.at - Math.min(1000, Math.floor(config.shutdownTimeoutMs / 5));
      const late = (step: string, extra: object = {}) =>
        logger.warn({ step, ...extra }, 'shutdown step cut off at its deadline');
      // 1. Draining: readiness answers 503 and new socket handshakes are refused with SHUTTING_DOWN.
      services.draining.value = true;
      // 2. Stop accepting connections; idle keep-alive connections are closed now, busy ones after their response.
      http.close();
      http.closeIdleConnections();
      if ((await deadline.race(scheduler?.stop() ?? Promise.resolve(), socketsBy)) === 'timeout') late('scheduler');
      // 3. Let in-flight requests finish (they may still publish events after their commit).
      if ((await deadline.race(requestsDone(), socketsBy)) === 'timeout') late('requests', { inFlight });
      // 4. Heartbeats: new ones are refused (SHUTTING_DOWN), pending ones are written and acked while the sockets are
      //    still open. One not written by then is not acked, so the app sends it again elsewhere.
      if ((await deadline.race(services.closeHeartbeats(), socketsBy)) === 'timeout') late('heartbeats');
      // 5. Sockets: transports closed in batches (clients reconnect to another node), adapters released, and what
      //    has not finished closing by then (a client that ignores the close frame) is terminated.
      await gateway.close(socketsBy);
      http.closeAllConnections();
      // 6. Database, Redis, the embedded server, then the log.
      services.mail.close();
      if ((await deadline.race(orm.close(true))) === 'timeout') late('database');
      await services.revocations.close();
      closeAuthCache(services);
      services.closeContentCache();
      if (redis) await quitRedis(redis, Math.min(500, deadline.left()));
      if (embedded && (await deadline.race(embedded.stop())) === 'timeout') late('embedded database');
      logger.info('shutdown complete');
      logger.flush();
    })());

  return { url: `http://127.0.0.1:${port}`, port, services, http, gateway, stop };
}
