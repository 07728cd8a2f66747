import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestNode } from './support/node.ts';
import { client } from './support/http.ts';
import { createTenant } from './support/tenant.ts';
import type { RunningNode } from '../server/node.ts';
import { mount, route } from '../server/http/route.ts';
import { toPublicError } from '../server/http/error-map.ts';

/**
 * The flag check lives in the route helper, so every area gets it by declaring `feature`. This mounts a
 * route that needs `nutrition` on a real HTTP server with the real services and checks both tenants.
 */
let node: RunningNode;
let server: Server;
let url: string;

beforeAll(async () => {
  node = await startTestNode();
  const app = express();
  app.use((_req, res, next) => {
    res.locals['requestId'] = 'test';
    next();
  });
  app.use(
    '/api/v1',
    mount(node.services, [
      route({
        method: 'get',
        path: '/flagged',
        tag: 'test',
        summary: 'needs nutrition',
        auth: 'key',
        feature: 'nutrition',
        response: z.object({ tenant: z.string() }),
        handler: async (_i, call) => ({ tenant: call.ctx.tenant.slug }),
      }),
    ]),
  );
  app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const e = toPublicError(err);
    res.status(e.status).json({ success: false, error: e.message, code: e.code });
  });
  server = createServer(app).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.close();
  await node.stop();
});

describe('feature flags', () => {
  it('answers 403 FEATURE_DISABLED where the client has not enabled the feature', async () => {
    const off = await createTenant(node, { enabledFeatures: ['classes'] });
    const r = await client(url, { apiKey: off.apiKey }).get('/flagged');
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('FEATURE_DISABLED');
  });

  it('serves the route where it is enabled', async () => {
    const on = await createTenant(node, { enabledFeatures: ['nutrition'] });
    const r = await client(url, { apiKey: on.apiKey }).get('/flagged');
    expect(r.status).toBe(200);
    expect(r.body.data.tenant).toBe(on.slug);
  });
});
