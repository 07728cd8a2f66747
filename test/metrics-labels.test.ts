import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode } from './support/node.ts';
import { client } from './support/http.ts';
import { createTenant } from './support/tenant.ts';
import { createUser } from './support/realtime.ts';
import type { RunningNode } from '../server/node.ts';
import { metrics } from '../server/metrics.ts';

let node: RunningNode;
beforeAll(async () => {
  node = await startTestNode();
});
afterAll(() => node.stop());

describe('/metrics route labels', () => {
  it('labels a route by its full template alike on success and on error', async () => {
    const t = await createTenant(node);
    const user = await createUser(node, t);
    expect((await client(node.url, { apiKey: t.apiKey, token: user.token }).get('/auth/me')).status).toBe(200);
    expect((await client(node.url, { apiKey: t.apiKey }).get('/auth/me')).status).toBe(401);
    expect((await client(node.url, { apiKey: t.apiKey, token: user.token }).get('/content/classes/abc')).status).toBe(
      400,
    );
    const text = await metrics.getSingleMetricAsString('stvos_http_request_duration_seconds');
    const routes = new Set([...text.matchAll(/route="([^"]+)"/g)].map((m) => m[1]));
    expect(routes).toContain('/api/v1/auth/me');
    expect(routes).toContain('/api/v1/content/classes/:id');
    expect(routes).not.toContain('/auth/me');
    expect(routes).not.toContain('/content/classes/:id');
    expect(text).toContain('route="/api/v1/auth/me",status="401"');
  });
});
