import { z } from 'zod';
import { RawReply, route } from '../http/route.ts';
import type { Services } from '../services.ts';
import { assertOpsAccess } from '../http/ops-access.ts';

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
    await Promise.race([fn(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 2s')), 2000).unref())]);
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
  const redis: DependencyState = services.redis ? await probe(() => services.redis!.ping()) : { status: 'not_configured' };
  return { database: { ...database, kind: services.config.database.url ? 'postgresql' : 'embedded' }, redis };
}

export const healthRoutes = [
  route({
    method: 'get', path: '/health', tag: 'health', auth: 'none', summary: 'Liveness: the process answers',
    response: health,
    handler: async (_input, { services }) => basics(services),
  }),
  route({
    method: 'get', path: '/health/detailed', tag: 'health', auth: 'none',
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
    method: 'get', path: '/health/ready', tag: 'health', auth: 'none',
    summary: 'Readiness: 200 when the database (and Redis, when configured) answer and the node is not draining',
    handler: async (_input, { services }) => {
      const deps = await dependencies(services);
      const ready = !services.draining.value && deps.database.status === 'up' && deps.redis.status !== 'down';
      const data = { ready, draining: services.draining.value, dependencies: deps };
      if (ready) return data;
      return new RawReply((res) =>
        res.status(503).json({ success: false, error: 'Not ready', code: 'NOT_READY', details: data, requestId: res.locals['requestId'] }),
      );
    },
  }),
];
