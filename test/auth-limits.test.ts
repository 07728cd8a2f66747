import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode } from './support/node.ts';
import { client, type Api } from './support/http.ts';
import { createTenant, uniqueEmail, type TestTenant } from './support/tenant.ts';
import { createPartner, createStaff } from './support/identities.ts';
import type { RunningNode } from '../server/node.ts';

// 3 attempts per account and 15 per address in 15 minutes.
describe('login attempts are limited before any password is checked', () => {
  let node: RunningNode;
  let api: Api;
  let t: TestTenant;
  const password = 'correct-horse-42';
  beforeAll(async () => {
    node = await startTestNode({ LOGIN_ATTEMPTS_PER_15_MIN: '3' });
    // A test address of its own: with Redis the per-address count is shared by every node of the run.
    const ip = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
    api = client(node.url, { headers: { 'X-Forwarded-For': ip } });
    t = await createTenant(node);
  });
  afterAll(() => node.stop('test end'));

  it('answers 429 TOO_MANY_LOGIN_ATTEMPTS with Retry-After, even for the right password', async () => {
    const email = uniqueEmail();
    await api.post('/auth/register', { email, password }, { apiKey: t.apiKey });
    const wrong = [];
    for (let i = 0; i < 3; i++)
      wrong.push((await api.post('/auth/login', { email, password: 'wrong-pass-000' }, { apiKey: t.apiKey })).status);
    expect(wrong).toEqual([401, 401, 401]);
    // The right password is refused too: the limit is consumed before the password is looked at.
    const limited = await api.post('/auth/login', { email: email.toUpperCase(), password }, { apiKey: t.apiKey });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ success: false, code: 'TOO_MANY_LOGIN_ATTEMPTS' });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  });

  it('limits unknown e-mails the same way (no hint that an account exists)', async () => {
    const email = uniqueEmail('ghost');
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await api.post('/auth/login', { email, password }, { apiKey: t.apiKey })).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('limits partner staff sign-in the same way', async () => {
    const partner = await createPartner(node, t);
    const email = uniqueEmail('staff');
    await createStaff(node, t, partner.id, { email, password });
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await api.post('/partner-auth/login', { email, password: 'wrong-pass-000' })).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('limits one address across accounts', async () => {
    // 3 + 4 + 4 attempts so far from this address; 15 is the cap.
    const statuses = [];
    for (let i = 0; i < 5; i++)
      statuses.push(
        (await api.post('/auth/login', { email: uniqueEmail('spray'), password }, { apiKey: t.apiKey })).status,
      );
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(3);
  });
});
