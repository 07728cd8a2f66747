import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestNode } from './support/node.ts';
import { client } from './support/http.ts';
import { createTenant, type TestTenant } from './support/tenant.ts';
import type { RunningNode } from '../server/node.ts';

// 30 per minute with a burst of 5: a 10 s window of 5 requests.
const limits = { RATE_LIMIT_PER_MINUTE: '30', RATE_LIMIT_BURST: '5' };

describe('rate limit per API key', () => {
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
    const api = client(node.url, { apiKey: a.apiKey });
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
    expect(retryAfter).toBeLessThanOrEqual(10);
  });

  it('counts each key separately', async () => {
    const r = await client(node.url, { apiKey: b.apiKey }).get('/app/config');
    expect(r.status).toBe(200);
  });

  it('limits requests without a key per IP, unknown keys included', async () => {
    const api = client(node.url, { apiKey: 'stv_ck_00000000_not-a-key' });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await api.get('/app/config')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
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

  it('counts requests made on either node against one budget', async () => {
    const t = await createTenant(one);
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      const node = i % 2 === 0 ? one : two;
      statuses.push((await client(node.url, { apiKey: t.apiKey }).get('/app/config')).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });
});
