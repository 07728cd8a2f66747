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
import { closeHeartbeatWriter } from '../domain/viewing/heartbeat-writers.ts';

export interface RunningNode {
  url: string;
  port: number;
  services: Services;
  http: Server;
  gateway: Gateway;
  /** Graceful stop: refuse new work, finish what is in flight, disconnect sockets, flush, close. */
  stop(reason?: string): Promise<void>;
}

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Starts one server node: database (embedded or real), migrations, HTTP, sockets and jobs. */
export async function startNode(config: Config, logger: Logger = createLogger(config)): Promise<RunningNode> {
  let embedded: EmbeddedPostgres | null = null;
  const dbUrl = config.database.url ?? (embedded = await startEmbeddedPostgres(config.database.embeddedDir)).url;
  const orm = await openOrm(dbUrl, config.database.poolMax, logger);
  const applied = await migrate(orm);
  if (applied.length) logger.info({ applied }, 'migrations applied');

  const redis = config.redisUrl ? connectRedis(config.redisUrl, logger, 'main') : null;
  const publisher = createPublisher(logger);
  const services = buildServices({ config, logger, orm, redis, secrets: resolveSecrets(config), publisher, version });

  const http = createServer(buildApp(services));
  http.headersTimeout = 20_000;
  http.requestTimeout = 30_000;
  const gateway = await attachGateway(http, services);
  publisher.bind(gateway);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const scheduler: Scheduler | null = config.jobsEnabled ? startScheduler(services) : null;
  if (config.livekit.devServer) logger.info('live video: no LiveKit settings, using the livekit-server --dev defaults (ws://127.0.0.1:7880)');
  logger.info({ port, database: embedded ? `embedded (${embedded.dataDir})` : 'postgresql', redis: Boolean(redis) }, 'sTvOS listening');

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
      // 1. Draining: readiness answers 503 and new socket handshakes are refused with SHUTTING_DOWN.
      services.draining.value = true;
      // 2. Stop accepting connections; idle keep-alive connections are closed now, busy ones after their response.
      http.close();
      http.closeIdleConnections();
      await scheduler?.stop();
      // 3. Let in-flight requests finish (they may still publish events after their commit), within a deadline.
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), config.shutdownTimeoutMs)));
      if ((await Promise.race([requestsDone(), deadline])) === 'timeout') logger.warn({ inFlight }, 'requests still running at the shutdown deadline');
      clearTimeout(timer);
      // 4. Sockets, in batches; the adapter's Redis subscriptions and clients go with them.
      await gateway.close();
      // 4b. Heartbeats still waiting for their batch: no socket or request can add one now, so this is all of them.
      await closeHeartbeatWriter(services);
      http.closeAllConnections();
      // 5. Flush and close what is left: database, Redis, the embedded server, then the log.
      await orm.close(true);
      if (redis) await redis.quit().catch(() => undefined);
      if (embedded) await embedded.stop();
      logger.info('shutdown complete');
      logger.flush();
    })());

  return { url: `http://127.0.0.1:${port}`, port, services, http, gateway, stop };
}
