import { platformEm } from '../server/db/orm.ts';
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestNode } from './support/node.ts';
import { client, type Api, type Creds } from './support/http.ts';
import { createTenant, uniqueEmail, type TestTenant } from './support/tenant.ts';
import { createPartner, createStaff } from './support/identities.ts';
import type { RunningNode } from '../server/node.ts';

/**
 * Issue 10 item 3: wrong passwords from strangers must not lock the owner out, yet a guesser stays slowed.
 * 3 failures per account + address; past 3 failures of the account, unknown addresses wait a backoff.
 * Every address is unique to this run: with Redis the counters are shared by every node.
 */
const run = `${randomInt(1, 250)}.${randomInt(1, 250)}`;
let host = 1;
const address = (): Creds => ({ headers: { 'X-Forwarded-For': `10.${run}.${host++}` } });

let node: RunningNode;
let api: Api;
let t: TestTenant;
const password = 'correct-horse-42';

beforeAll(async () => {
  node = await startTestNode({ LOGIN_ATTEMPTS_PER_15_MIN: '3', TRUST_PROXY: 'loopback' });
  api = client(node.url);
  t = await createTenant(node);
});
afterAll(() => node.stop('test end'));

interface Probe {
  login(password: string, from: Creds): Promise<{ status: number; retryAfter: number }>;
}

/** Owner signs in from home; an attacker hammers from one address, then from 12 rotating ones; the owner signs in again. */
async function lockoutProbe(probe: Probe) {
  const home = address();
  expect((await probe.login(password, home)).status).toBe(200);

  const attacker = address();
  const fromOne = [];
  for (let i = 0; i < 10; i++) fromOne.push((await probe.login(`wrong-guess-${i}`, attacker)).status);
  expect(fromOne.slice(0, 3)).toEqual([401, 401, 401]);
  expect(fromOne.slice(3).every((s) => s === 429)).toBe(true);

  const rotating = [];
  for (let i = 0; i < 12; i++) rotating.push(await probe.login(`wrong-guess-r${i}`, address()));
  // The account's backoff gate is closed: rotating addresses are refused before any password check.
  expect(rotating.filter((r) => r.status === 401).length).toBeLessThanOrEqual(1);
  const refused = rotating.filter((r) => r.status === 429);
  expect(refused.length).toBeGreaterThanOrEqual(11);
  expect(refused.every((r) => r.retryAfter > 0)).toBe(true);

  // The owner, from an address the account signed in from, is not locked out by any of this.
  expect((await probe.login(password, home)).status).toBe(200);
  // The owner may still mistype at home without consequence beyond their own budget.
  expect((await probe.login('typo-typo-typo', home)).status).toBe(401);
  expect((await probe.login(password, home)).status).toBe(200);
}

const statusOf = async (r: Promise<{ status: number; headers: Headers }>) => {
  const reply = await r;
  return { status: reply.status, retryAfter: Number(reply.headers.get('retry-after') ?? 0) };
};

describe('login abuse without lockout', () => {
  it('app users: a stranger hammering the account does not lock the owner out; the stranger is slowed', async () => {
    const email = uniqueEmail();
    expect((await api.post('/auth/register', { email, password }, { apiKey: t.apiKey })).status).toBe(201);
    await lockoutProbe({
      login: (pw, from) => statusOf(api.post('/auth/login', { email, password: pw }, { apiKey: t.apiKey, ...from })),
    });
  });

  it('trainers (users with the trainer role) the same way', async () => {
    const email = uniqueEmail('trainer');
    expect((await api.post('/auth/register', { email, password }, { apiKey: t.apiKey })).status).toBe(201);
    await platformEm(node.services.orm).execute(`update users set role = 'trainer' where email = ?`, [email]);
    await lockoutProbe({
      login: (pw, from) => statusOf(api.post('/auth/login', { email, password: pw }, { apiKey: t.apiKey, ...from })),
    });
  });

  it('partner staff the same way', async () => {
    const partner = await createPartner(node, t);
    const email = uniqueEmail('staff');
    await createStaff(node, t, partner.id, { email, password });
    await lockoutProbe({
      login: (pw, from) => statusOf(api.post('/partner-auth/login', { email, password: pw }, from)),
    });
  });

  it('platform admins the same way', async () => {
    const email = uniqueEmail('ops');
    expect((await api.post('/admin/admins', { email, password }, { adminToken: ADMIN_TOKEN })).status).toBe(201);
    await lockoutProbe({ login: (pw, from) => statusOf(api.post('/admin/auth/login', { email, password: pw }, from)) });
  });

  it('a new address of the owner waits out the backoff, it is not locked for the window', async () => {
    const email = uniqueEmail();
    await api.post('/auth/register', { email, password }, { apiKey: t.apiKey });
    const attacker = address();
    for (let i = 0; i < 3; i++)
      await api.post('/auth/login', { email, password: `nope-${i}-nope` }, { apiKey: t.apiKey, ...attacker });
    const fresh = address();
    const gated = await api.post('/auth/login', { email, password }, { apiKey: t.apiKey, ...fresh });
    expect(gated.status).toBe(429);
    const wait = Number(gated.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(2);
    await new Promise((r) => setTimeout(r, wait * 1000 + 100));
    expect((await api.post('/auth/login', { email, password }, { apiKey: t.apiKey, ...fresh })).status).toBe(200);
  });
});
