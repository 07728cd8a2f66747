import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningNode } from '../server/node.ts';
import { startTestNode } from './support/node.ts';
import { client, type Api } from './support/http.ts';
import { createTenant, uniqueEmail, type TestTenant } from './support/tenant.ts';
import { closeSockets, connectSocket } from './support/realtime.ts';
import { startPrivateRedis, type PrivateRedis } from './support/private-redis.ts';

const password = 'correct-horse-42';

/** Waits (no deadline but the test's own) until `check` holds, polling every 50 ms. */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 50));
}

/**
 * Redis taken away from two running nodes (a private redis-server, killed with SIGKILL, then started again empty
 * on the same port; the run's shared Redis is never touched). REST must keep answering from the fallbacks, not wait
 * for Redis: rate limits from the in-memory buckets, sign-in throttling likewise, revocation from the node's own
 * list plus an outbox that reaches the other nodes once Redis is back. No timings are asserted: a request that
 * waited out the reconnect attempts would still pass here, so the fault run (bench/faults.ts) measures latency.
 */
describe.runIf(inject('redisUrl'))('REST while Redis is down (two nodes on a private redis-server)', () => {
  let redis: PrivateRedis;
  let one: RunningNode;
  let two: RunningNode;
  let t: TestTenant;
  let api1: Api;
  let api2: Api;
  beforeAll(async () => {
    redis = await startPrivateRedis();
    const env = { REDIS_URL: redis.url, REDIS_KEY_PREFIX: `outage-${process.pid}:` };
    [one, two] = await Promise.all([startTestNode(env), startTestNode(env)]);
    t = await createTenant(one);
    api1 = client(one.url, { apiKey: t.apiKey });
    api2 = client(two.url, { apiKey: t.apiKey });
  });
  afterAll(async () => {
    closeSockets();
    await Promise.all([one?.stop('test end'), two?.stop('test end')]);
    await redis?.stop();
  });

  it('answers from the fallbacks while Redis is down, and a revocation made meanwhile reaches the other node when it is back', async () => {
    const signUp = await api1.post('/auth/register', { email: uniqueEmail(), password });
    expect(signUp.status).toBe(201);
    const email = signUp.body.data.user.email as string;
    const staying = (await api1.post('/auth/login', { email, password })).body.data;
    const leaving = (await api1.post('/auth/login', { email, password })).body.data;
    expect((await api2.get('/auth/me', { token: leaving.accessToken })).status).toBe(200);

    await redis.stop();
    await until(() => one.services.redis!.status !== 'ready' && two.services.redis!.status !== 'ready');

    // Rate-limited routes that need no Redis answer 200, not 503, on both nodes.
    for (const api of [api1, api2]) {
      const ready = await api.get('/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.data).toMatchObject({ status: 'degraded' });
      expect((await api.get('/auth/me', { token: staying.accessToken })).status).toBe(200);
      expect((await api.get('/content/search?q=yoga')).status).toBe(200); // a named bucket
      expect((await api.get('/content/discover', { token: staying.accessToken })).status).toBe(200); // its cache lives in Redis
      // Sign-in: the throttles' counters fall back to this node's memory.
      expect((await api.post('/auth/login', { email, password })).status).toBe(200);
    }
    // A socket still connects (the per-account socket cap counts this node's sockets alone meanwhile).
    await connectSocket(two.url, t.slug, { apiKey: t.apiKey, token: staying.accessToken });

    // Sign-out during the outage: answered at once, and the token is refused on this node at once.
    expect(
      (await api1.post('/auth/logout', { refreshToken: leaving.refreshToken }, { token: leaving.accessToken })).status,
    ).toBe(200);
    expect((await api1.get('/auth/me', { token: leaving.accessToken })).body).toMatchObject({ code: 'TOKEN_REVOKED' });
    // The documented window: the other node has not heard of it while Redis is down (README, "Redis down").
    expect((await api2.get('/auth/me', { token: leaving.accessToken })).status).toBe(200);
    // Its refresh token is revoked in PostgreSQL, so it cannot be renewed on any node.
    expect((await api2.post('/auth/refresh', { refreshToken: leaving.refreshToken })).status).toBe(401);

    // Redis back, empty: node one's outbox writes the revocation, node two learns it (pub/sub or its next poll).
    await redis.start();
    await until(async () => (await api2.get('/auth/me', { token: leaving.accessToken })).status === 401);
    expect((await api2.get('/auth/me', { token: leaving.accessToken })).body).toMatchObject({ code: 'TOKEN_REVOKED' });
    expect((await api2.get('/auth/me', { token: staying.accessToken })).status).toBe(200);
  });
});
