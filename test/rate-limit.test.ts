import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ADMIN_TOKEN, startTestNode } from './support/node.ts';
import { client } from './support/http.ts';
import { createTenant, uniqueEmail, type TestTenant } from './support/tenant.ts';
import type { RunningNode } from '../server/node.ts';

// 30 per minute with a burst of 5: a bucket of 5, refilled with one token every 2 s.
const limits = { RATE_LIMIT_PER_MINUTE: '30', RATE_LIMIT_BURST: '5' };
let lastOctet = 1;
/** A distinct client address per call site (the test node trusts loopback's X-Forwarded-For). */
const from = () => ({ 'X-Forwarded-For': `203.0.113.${lastOctet++}` });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function register(node: RunningNode, t: TestTenant): Promise<string> {
  const r = await client(node.url, { apiKey: t.apiKey, headers: from() }).post('/auth/register', {
    email: uniqueEmail(),
    password: 'correct-horse-battery-9',
  });
  expect(r.status).toBe(201);
  return r.body.data.accessToken as string;
}

describe('rate limit per caller', () => {
  let node: RunningNode;
  let a: TestTenant;
  let b: TestTenant;
  beforeAll(async () => {
    node = await startTestNode(limits);
    a = await createTenant(node);
    b = await createTenant(node);
  });
  afterAll(() => node.stop());

  it('allows the burst, then answers 429 with Retry-After and RateLimit headers', async () => {
    const api = client(node.url, { apiKey: a.apiKey, headers: from() });
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await api.get('/app/config'));
    expect(answers.slice(0, 5).map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers[0]!.headers.get('ratelimit-limit')).toBe('5');
    expect(answers[4]!.headers.get('ratelimit-remaining')).toBe('0');
    const limited = answers[5]!;
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ success: false, code: 'RATE_LIMITED' });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(2);
  });

  it('is a token bucket: after the burst, the refill rate and nothing more', async () => {
    // One token every 3 s: wide margins, so a slow machine cannot slip an extra token in between requests.
    const n = await startTestNode({ RATE_LIMIT_PER_MINUTE: '20', RATE_LIMIT_BURST: '5' });
    try {
      const t = await createTenant(n);
      const api = client(n.url, { apiKey: t.apiKey });
      const first = [];
      for (let i = 0; i < 8; i++) first.push((await api.get('/app/config')).status);
      expect(first).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
      // 3.5 s later exactly one more request fits (a fixed window lets none or a whole burst).
      await sleep(3500);
      const later = [(await api.get('/app/config')).status, (await api.get('/app/config')).status];
      expect(later).toEqual([200, 429]);
    } finally {
      await n.stop();
    }
  });

  it("one anonymous caller flooding a tenant key does not limit the tenant's other callers", async () => {
    const userToken = await register(node, a);
    const address = from();
    const attacker = client(node.url, { apiKey: a.apiKey, headers: address });
    for (let i = 0; i < 10; i++) await attacker.get('/app/config');
    expect((await attacker.get('/app/config')).status).toBe(429);
    // Another installation of the same app (another address), and a signed-in user on the attacker's own address.
    expect((await client(node.url, { apiKey: a.apiKey, headers: from() }).get('/app/config')).status).toBe(200);
    const user = client(node.url, { apiKey: a.apiKey, token: userToken, headers: address });
    expect((await user.get('/app/config')).status).toBe(200);
    expect((await user.get('/users/me')).status).toBe(200);
  });

  it('limits a signed-in user per account, whatever address the requests come from', async () => {
    const token = await register(node, a);
    const statuses = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await client(node.url, { apiKey: a.apiKey, token, headers: from() }).get('/users/me')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('counts each key separately', async () => {
    const headers = from();
    for (let i = 0; i < 5; i++) await client(node.url, { apiKey: a.apiKey, headers }).get('/app/config');
    expect((await client(node.url, { apiKey: a.apiKey, headers }).get('/app/config')).status).toBe(429);
    expect((await client(node.url, { apiKey: b.apiKey, headers }).get('/app/config')).status).toBe(200);
  });

  it('limits requests with unknown keys per address, before any lookup', async () => {
    const api = client(node.url, { apiKey: 'stv_ck_00000000_not-a-key', headers: from() });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await api.get('/app/config')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('puts expensive operations in a stricter bucket (registration: burst 2 with these limits)', async () => {
    const api = client(node.url, { apiKey: a.apiKey, headers: from() });
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push(
        (await api.post('/auth/register', { email: uniqueEmail(), password: 'correct-horse-battery-9' })).status,
      );
    expect(statuses).toEqual([201, 201, 429]);
    // The caller's general bucket still has room.
    expect((await api.get('/app/config')).status).toBe(200);
  });

  it('applies the per-client aggregate quota an admin sets, and the default again when cleared', async () => {
    const t = await createTenant(node);
    const admin = client(node.url, { adminToken: ADMIN_TOKEN });
    const set = await admin.patch(`/admin/clients/${t.id}`, { rateLimitPerMinute: 6 });
    expect(set.status).toBe(200);
    expect(set.body.data.rateLimitPerMinute).toBe(6);
    // 6/min with this node's burst ratio (5 per 30): a bucket of one request for the whole tenant.
    expect((await client(node.url, { apiKey: t.apiKey, headers: from() }).get('/app/config')).status).toBe(200);
    const second = await client(node.url, { apiKey: t.apiKey, headers: from() }).get('/app/config');
    expect([second.status, second.body.code]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(
      (await admin.patch(`/admin/clients/${t.id}`, { rateLimitPerMinute: null })).body.data.rateLimitPerMinute,
    ).toBeNull();
    expect((await client(node.url, { apiKey: t.apiKey, headers: from() }).get('/app/config')).status).toBe(200);
    expect((await admin.patch(`/admin/clients/${t.id}`, { rateLimitPerMinute: 0 })).status).toBe(400);
  });
});

describe('client address and proxies', () => {
  it('ignores X-Forwarded-For unless TRUST_PROXY says whom to trust (no rotating addresses by header)', async () => {
    const node = await startTestNode({ ...limits, TRUST_PROXY: 'false' });
    try {
      const t = await createTenant(node);
      const statuses = [];
      for (let i = 0; i < 6; i++)
        statuses.push((await client(node.url, { apiKey: t.apiKey, headers: from() }).get('/app/config')).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    } finally {
      await node.stop();
    }
  });
});

describe.runIf(inject('redisUrl'))('rate limit shared across nodes through Redis', () => {
  let one: RunningNode;
  let two: RunningNode;
  beforeAll(async () => {
    [one, two] = await Promise.all([startTestNode(limits), startTestNode(limits)]);
  });
  afterAll(async () => {
    await Promise.all([one.stop(), two.stop()]);
  });

  it('counts requests made on either node against one bucket', async () => {
    const t = await createTenant(one);
    const headers = from();
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      const node = i % 2 === 0 ? one : two;
      statuses.push((await client(node.url, { apiKey: t.apiKey, headers }).get('/app/config')).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });
});
