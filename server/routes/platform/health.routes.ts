import { z } from 'zod';
import { RawReply, route } from '../../http/route.ts';
import type { Services } from '../../services.ts';
import { assertOpsAccess } from '../../http/ops-access.ts';

const health = z.object({
  status: z.literal('ok'),
  timestamp: z.string(),
  uptime: z.number(),
  version: z.string(),
  environment: z.string(),
});

type DependencyState = { status: 'up' | 'down' | 'not_configured'; latencyMs?: number; error?: string };

async function probe(fn: () => Promise<unknown>): Promise<DependencyState> {
  const start = performance.now();
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 2s')), 2000).unref()),
    ]);
    return { status: 'up', latencyMs: Math.round(performance.now() - start) };
  } catch (err) {
    return { status: 'down', error: (err as Error).message };
  }
}

function basics(services: Services) {
  return {
    status: 'ok' as const,
    timestamp: new Date().toISOString(),
    uptime: Math.round((Date.now() - services.startedAt.getTime()) / 1000),
    version: services.version,
    environment: services.config.env,
  };
}

export async function dependencies(services: Services) {
  const database = await probe(() => services.orm.em.fork({ useContext: false }).getConnection().execute('select 1'));
  // A Redis client that is reconnecting would queue the PING until its retries run out: answer "down" at once, so a
  // balancer's health check (1–2 s timeouts) sees a quick "degraded" rather than a timeout.
  const redis: DependencyState = !services.redis
    ? { status: 'not_configured' }
    : services.redis.status !== 'ready'
      ? { status: 'down', error: `connection ${services.redis.status}` }
      : await probe(() => services.redis!.ping());
  return { database: { ...database, kind: services.config.database.url ? 'postgresql' : 'embedded' }, redis };
}

export const healthRoutes = [
  route({
    method: 'get',
    path: '/health',
    tag: 'health',
    auth: 'none',
    summary: 'Liveness: the process answers',
    response: health,
    handler: async (_input, { services }) => basics(services),
  }),
  route({
    method: 'get',
    path: '/health/detailed',
    tag: 'health',
    auth: 'none',
    summary: 'Process, database and Redis state (production: Authorization: Bearer <METRICS_TOKEN or ADMIN_TOKEN>)',
    handler: async (_input, { services, req }) => {
      assertOpsAccess(services, req);
      const mem = process.memoryUsage();
      return {
        ...basics(services),
        memory: { rssBytes: mem.rss, heapUsedBytes: mem.heapUsed, heapTotalBytes: mem.heapTotal },
        platform: { os: process.platform, arch: process.arch, node: process.version, pid: process.pid },
        dependencies: await dependencies(services),
      };
    },
  }),
  route({
    method: 'get',
    path: '/health/ready',
    tag: 'health',
    auth: 'none',
    summary:
      'Readiness: 200 when the database answers and the node is not draining ("degraded" while Redis is down); 503 otherwise',
    handler: async (_input, { services }) => {
      const deps = await dependencies(services);
      // Without Redis a node still serves REST and its own sockets (rate limits and fan-out fall back to the
      // node), so it stays in the balancer, reported as degraded; without the database it cannot do anything.
      const ready = !services.draining.value && deps.database.status === 'up';
      const status = !ready ? 'not_ready' : deps.redis.status === 'down' ? 'degraded' : 'ok';
      const data = { ready, status, draining: services.draining.value, dependencies: deps };
      if (ready) return data;
      return new RawReply((res) =>
        res.status(503).json({
          success: false,
          error: 'Not ready',
          code: 'NOT_READY',
          details: data,
          requestId: res.locals['requestId'],
        }),
      );
    },
  }),
];
