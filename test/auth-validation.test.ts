import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode } from './support/node.ts';
import { client, type Api, type Creds } from './support/http.ts';
import { createTenant, uniqueEmail, type TestTenant } from './support/tenant.ts';
import type { RunningNode } from '../server/node.ts';

let node: RunningNode;
let api: Api;
let t: TestTenant;
let token: string;
const password = 'correct-horse-42';
const long = (n: number) => 'x'.repeat(n);

beforeAll(async () => {
  node = await startTestNode();
  api = client(node.url);
  t = await createTenant(node);
  token = (await api.post('/auth/register', { email: uniqueEmail(), password }, { apiKey: t.apiKey })).body.data
    .accessToken;
});
afterAll(() => node.stop('test end'));

/** Bodies that are wrong as a whole, for every route: nothing, an array, a JSON string, a number. */
const shapeless: unknown[] = [{}, [], JSON.stringify('hello'), 42, [{ email: 'a@b.co' }]];

const cases: Array<{ path: string; creds: () => Creds; bad: unknown[] }> = [
  {
    path: '/auth/register',
    creds: () => ({ apiKey: t.apiKey }),
    bad: [
      { email: 'a@b.co' },
      { password },
      { email: 'not-an-email', password },
      { email: `${long(250)}@example.com`, password },
      { email: 123, password },
      { email: ['a@b.co'], password },
      { email: uniqueEmail(), password: 'short1' },
      { email: uniqueEmail(), password: 'password1' },
      { email: uniqueEmail(), password: 'aaaaaaaaaa' },
      { email: uniqueEmail(), password: long(129) },
      { email: uniqueEmail(), password: 12345678 },
      { email: uniqueEmail(), password, name: long(121) },
      { email: uniqueEmail(), password, name: { first: 'A' } },
      { email: uniqueEmail(), password, profile: [] },
      { email: uniqueEmail(), password, profile: 'fit' },
      { email: uniqueEmail(), password, profile: { age: 'thirty' } },
      { email: uniqueEmail(), password, profile: { age: 500 } },
      { email: uniqueEmail(), password, profile: { gender: long(41) } },
      { email: uniqueEmail(), password, profile: { anything: 1 } },
      { email: uniqueEmail(), password, settings: [true] },
      { email: uniqueEmail(), password, settings: { notifications: 'yes' } },
      { email: uniqueEmail(), password, coachId: 'abc' },
      { email: uniqueEmail(), password, coachId: -1 },
      { email: uniqueEmail(), password, coachId: 1.5 },
      { email: uniqueEmail(), password, voucherCode: long(65) },
      { email: uniqueEmail(), password, voucherCode: 123 },
      { email: uniqueEmail(), password, sessionId: long(129) },
      { email: uniqueEmail(), password, name: 'nul\u0000byte' },
      { email: uniqueEmail(), password, profile: { gender: '\u0000' } },
      { email: uniqueEmail(), password, voucherCode: 'AB CD!' },
      { email: uniqueEmail(), password, voucherCode: '\u0000\uffff' },
    ],
  },
  {
    path: '/auth/login',
    creds: () => ({ apiKey: t.apiKey }),
    bad: [
      { email: 'a@b.co' },
      { password },
      { email: 'a@b.co', password: '' },
      { email: 'a@b.co', password: long(257) },
      { email: 5, password },
      { email: 'nope', password },
    ],
  },
  {
    path: '/auth/refresh',
    creds: () => ({ apiKey: t.apiKey }),
    bad: [{ refreshToken: 5 }, { refreshToken: '' }, { refreshToken: long(201) }, { refreshToken: ['x'] }],
  },
  {
    path: '/auth/logout',
    creds: () => ({ apiKey: t.apiKey, token }),
    bad: [{ refreshToken: 5 }, { refreshToken: '' }, { refreshToken: long(201) }],
  },
  {
    path: '/auth/voucher/validate',
    creds: () => ({ apiKey: t.apiKey }),
    bad: [{ code: '' }, { code: long(65) }, { code: ['ABCD'] }, { code: null }, { code: '\u0000\uffff' }],
  },
  {
    path: '/invite/check',
    creds: () => ({}),
    bad: [{ code: '' }, { code: 1 }, { code: long(65) }, { code: 'TR-\u0000' }],
  },
  {
    path: '/trainer-auth/register',
    creds: () => ({ apiKey: t.apiKey }),
    bad: [
      { email: uniqueEmail(), password },
      { inviteCode: 'ABCD', email: 'bad', password },
      { inviteCode: 'ABCD', email: uniqueEmail(), password: 'weak' },
      { inviteCode: long(65), email: uniqueEmail(), password },
    ],
  },
  {
    path: '/partner-auth/login',
    creds: () => ({}),
    bad: [{ email: 'a@b.co' }, { email: 'bad', password }, { email: 'a@b.co', password: {} }],
  },
  { path: '/partner-auth/refresh', creds: () => ({}), bad: [{ refreshToken: 1 }, { refreshToken: long(201) }] },
];

describe('bad input on every auth route answers 400 VALIDATION_ERROR with field details', () => {
  for (const c of cases) {
    it(`POST ${c.path}`, async () => {
      const bodies = c.path === '/auth/logout' ? c.bad.concat(shapeless.slice(1)) : c.bad.concat(shapeless);
      for (const body of bodies) {
        const r = await api.post(c.path, body, c.creds());
        expect(r.status, `${c.path} ${JSON.stringify(body).slice(0, 80)}`).toBe(400);
        expect(r.body).toMatchObject({ success: false, code: 'VALIDATION_ERROR' });
        expect(Array.isArray(r.body.details) && r.body.details.length > 0).toBe(true);
        for (const d of r.body.details)
          expect(d).toMatchObject({ field: expect.any(String), message: expect.any(String) });
      }
    });
  }

  it('names the offending fields', async () => {
    const r = await api.post(
      '/auth/register',
      { email: 'nope', password: 'short', profile: { age: 'x' } },
      { apiKey: t.apiKey },
    );
    expect(r.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['email', 'password', 'profile.age']);
  });

  it('GET /app/join/:code with an over-long code', async () => {
    const r = await api.get(`/app/join/${long(65)}`);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('VALIDATION_ERROR');
  });

  it('malformed JSON is 400 on auth routes too', async () => {
    const r = await api.raw('POST', '/auth/register', '{"email": "a@b.co", ', { apiKey: t.apiKey });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('INVALID_JSON');
  });
});
