import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, ADMIN_TOKEN } from './support/node.ts';
import { client, type Creds } from './support/http.ts';
import { createTenant } from './support/tenant.ts';
import type { RunningNode } from '../server/node.ts';
import { tenantScope } from '../domain/shared/scope.ts';
import { signAccessToken } from '../domain/auth/tokens.ts';
import { User } from '../domain/identity/user.entity.ts';
import { Partner, PartnerStaff } from '../domain/identity/partner.entity.ts';

/**
 * Every route in the OpenAPI document (so every route there is), hit with every kind of bad input and
 * with full credentials: the answer is always a 4xx in the error envelope, never a 500.
 */
const badBodies: unknown[] = [
  [],
  'a string',
  42,
  null,
  { email: 12, password: ['x'], quantity: 'many', code: { $ne: 1 }, page: -1 },
  { email: 'x'.repeat(5000), name: 'y'.repeat(100_000), code: '\u0000\uffff' },
  { __proto__: { admin: true }, constructor: { prototype: { x: 1 } } },
];
const badIds = ['0', '-1', 'abc', '99999999999999999999', '1.5', '%00', 'x'.repeat(300)];
const badQueries = ['?page=-1&limit=100000', '?page=abc&limit=x', '?status=nonsense&search=' + 'q'.repeat(3000)];

let node: RunningNode;
const creds: Record<string, Creds> = {};

beforeAll(async () => {
  node = await startTestNode();
  const t = await createTenant(node);
  const em = tenantScope(node.services.orm.em, t.id);
  const user = em.create(User, {
    clientId: t.id,
    email: 'bad-input@example.com',
    passwordHash: 'x',
    profile: {},
    settings: {},
  });
  const trainer = em.create(User, {
    clientId: t.id,
    email: 'bad-trainer@example.com',
    passwordHash: 'x',
    role: 'trainer',
    profile: {},
    settings: {},
  });
  const partner = em.create(Partner, { clientId: t.id, name: 'P' });
  await em.flush();
  const staff = em.create(PartnerStaff, {
    clientId: t.id,
    partnerId: partner.id,
    email: `staff-${t.slug}@example.com`,
    passwordHash: 'x',
    role: 'owner',
  });
  await em.flush();
  const sign = (claims: Parameters<typeof signAccessToken>[1]) => signAccessToken(node.services.tokens, claims);
  const userToken = await sign({ typ: 'user', sub: user.id, cid: t.id, role: 'user' });
  const trainerToken = await sign({ typ: 'user', sub: trainer.id, cid: t.id, role: 'trainer' });
  const partnerToken = await sign({ typ: 'partner', sub: staff.id, cid: t.id, pid: partner.id });
  creds['none'] = {};
  creds['key'] = { apiKey: t.apiKey, token: userToken };
  creds['user'] = { apiKey: t.apiKey, token: userToken };
  creds['trainer'] = { apiKey: t.apiKey, token: trainerToken };
  creds['partner'] = { token: partnerToken };
  creds['partner+key'] = { apiKey: t.apiKey, token: partnerToken };
  creds['admin'] = { adminToken: ADMIN_TOKEN };
});
afterAll(() => node.stop());

function credsFor(security: Array<Record<string, string[]>> | undefined): Creds {
  const s = security?.[0] ?? {};
  if ('adminToken' in s) return creds['admin']!;
  if ('apiKey' in s) return creds['user']!;
  if ('bearer' in s) return creds['partner']!;
  return creds['none']!;
}

describe('text PostgreSQL cannot store', () => {
  it('answers 400 for a NUL in an otherwise valid body, on routes without a text rule of their own', async () => {
    const api = client(node.url, creds['admin']);
    const t = await createTenant(node);
    for (const [path, body] of [
      [`/admin/clients/${t.id}/partners`, { name: 'Acme\u0000Corp' }],
      [`/admin/clients/${t.id}/trainers`, { name: 'Sam', bio: 'line one\u0000' }],
      [`/admin/clients/${t.id}/partners`, { ['na\u0000me']: 'x' }],
    ] as const) {
      const r = await api.post(path, body);
      expect(r.status, path).toBe(400);
      expect(r.body.code).toBe('VALIDATION_ERROR');
    }
    // Nothing was written by the refused requests.
    const partners = await api.get(`/admin/clients/${t.id}/partners`);
    expect(partners.body.data.items ?? partners.body.data).toHaveLength(0);
  });
});

describe('bad input never reaches a 500', () => {
  it('holds for every documented route', async () => {
    const doc = (await client(node.url).get('/openapi.json')).body;
    const failures: string[] = [];
    let probes = 0;
    for (const [path, ops] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(ops)) {
        const c = credsFor(op.security);
        const paths = path.includes('{')
          ? badIds.map((id) => path.replace(/\{[^}]+\}/g, encodeURIComponent(id)))
          : [path];
        for (const p of paths) {
          const targets = [p, ...badQueries.map((q) => p + q)];
          for (const target of targets) {
            const bodies = method === 'get' || method === 'delete' ? [undefined] : badBodies;
            for (const body of bodies) {
              probes++;
              const r = await client(node.url).raw(
                method.toUpperCase(),
                target,
                body === undefined ? undefined : JSON.stringify(body),
                c,
              );
              const envelopeOk = r.status < 400 || (r.body?.success === false && typeof r.body.code === 'string');
              if (r.status >= 500 || !envelopeOk)
                failures.push(
                  `${method.toUpperCase()} ${target.slice(0, 80)} ${JSON.stringify(body)?.slice(0, 60)} -> ${r.status} ${JSON.stringify(r.body).slice(0, 120)}`,
                );
            }
          }
        }
      }
    }
    expect(probes).toBeGreaterThan(10);
    expect(failures).toEqual([]);
  }, 120_000);
});
