import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestNode } from './support/node.ts';
import { client, type Creds } from './support/http.ts';
import { createTenant, type TestTenant } from './support/tenant.ts';
import { createPartnerStaff, createUser } from './support/realtime.ts';
import { tenantScope } from '../domain/shared/scope.ts';
import { PartnerStaff } from '../domain/identity/partner.entity.ts';
import type { RunningNode } from '../server/node.ts';

/**
 * Who may reach each operation of the OpenAPI document, found by calling it (issue 10 item 9): for every
 * operation and every kind of caller, `allowed` means the request got past authentication (any answer but
 * 401, or a 403 that refuses the caller's kind). The result is committed in test/access-snapshot.json; any
 * change of access shows up there in review. Regenerate with `npm run access:snapshot`.
 */
const SNAPSHOT = join(import.meta.dirname, 'access-snapshot.json');
const UPDATE = process.env['ACCESS_SNAPSHOT_UPDATE'] === '1';

export const CALLERS = ['anonymous', 'key', 'user', 'trainer', 'partner', 'admin'] as const;
type Caller = (typeof CALLERS)[number];

/** 403 codes that refuse a kind of caller (as opposed to a domain rule refusing a caller who got in). */
const ACCESS_403 = new Set(['FORBIDDEN', 'NAMED_ADMIN_REQUIRED', 'NO_TRAINER_PROFILE']);
/** An id that exists nowhere: routes with ids answer 404 (or 400) after authentication, and nothing is changed. */
const ABSENT_ID = '2147483000';

let node: RunningNode;
let t: TestTenant;

beforeAll(async () => {
  node = await startTestNode();
  t = await createTenant(node);
});
afterAll(() => node.stop());

/** Fresh identities for every call, so a route that signs out or erases the caller does not spoil the next one. */
async function credsFor(caller: Caller): Promise<Creds> {
  switch (caller) {
    case 'anonymous':
      return {};
    case 'key':
      return { apiKey: t.apiKey };
    case 'user':
    case 'trainer':
      return { apiKey: t.apiKey, token: (await createUser(node, t, caller)).token };
    // Partner staff carry the client key too, which the voucher routes (partner+key) need and the others ignore.
    case 'partner': {
      const staff = await createPartnerStaff(node, t);
      // An owner: the portal's write routes are for owners, a viewer's refusal is a domain rule.
      const em = tenantScope(node.services.orm.em, t.id);
      await em.nativeUpdate(PartnerStaff, { id: staff.staffId }, { role: 'owner' });
      return { apiKey: t.apiKey, token: staff.token };
    }
    case 'admin':
      return { adminToken: ADMIN_TOKEN };
  }
}

function allowed(status: number, code: unknown): boolean {
  if (status === 401) return false;
  if (status === 403 && typeof code === 'string' && ACCESS_403.has(code)) return false;
  return true;
}

describe('access snapshot', () => {
  it('matches test/access-snapshot.json (regenerate with `npm run access:snapshot` and review the diff)', async () => {
    const doc = (await client(node.url).get('/openapi.json')).body;
    const snapshot: Record<string, Caller[]> = {};
    const errors: string[] = [];
    for (const [path, ops] of Object.entries<Record<string, unknown>>(doc.paths)) {
      for (const method of Object.keys(ops)) {
        const target = path.replace(/\{[^}]+\}/g, ABSENT_ID);
        const op = `${method.toUpperCase()} ${path}`;
        const reached: Caller[] = [];
        for (const caller of CALLERS) {
          const body = method === 'get' || method === 'delete' ? undefined : '{}';
          const r = await client(node.url).raw(method.toUpperCase(), target, body, await credsFor(caller));
          if (r.status === 500 || r.status === 429)
            errors.push(`${op} as ${caller} -> ${r.status} ${JSON.stringify(r.body).slice(0, 120)}`);
          // 503 (a vendor not configured) still means the caller got in.
          if (allowed(r.status, r.body?.code)) reached.push(caller);
        }
        snapshot[op] = reached;
      }
    }
    expect(errors).toEqual([]);
    const sorted = Object.fromEntries(Object.entries(snapshot).sort(([a], [b]) => a.localeCompare(b)));
    // One operation per line, so a review diff shows exactly the operations whose access changed.
    const lines = Object.entries(sorted).map(([op, callers]) => `  ${JSON.stringify(op)}: ${JSON.stringify(callers)}`);
    if (UPDATE) writeFileSync(SNAPSHOT, `{\n${lines.join(',\n')}\n}\n`);
    expect(
      existsSync(SNAPSHOT),
      'test/access-snapshot.json is missing: run `npm run access:snapshot` and commit it',
    ).toBe(true);
    const committed = JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as Record<string, Caller[]>;
    expect(
      sorted,
      'Who may reach an operation changed (or an operation was added/removed). If intended, run `npm run access:snapshot`, review the diff of test/access-snapshot.json and commit it.',
    ).toEqual(committed);
  }, 300_000);
});
