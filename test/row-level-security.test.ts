import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestNode } from './support/node.ts';
import { createTenant, uniqueEmail, type TestTenant } from './support/tenant.ts';
import { openOrm, platformEm } from '../server/db/orm.ts';
import { User } from '../domain/identity/user.entity.ts';
import { tenantScope, unscoped } from '../domain/shared/scope.ts';
import type { RunningNode } from '../server/node.ts';

/**
 * Tenancy enforced by the database (issue 14): raw SQL with no `where client_id` inside a tenant scope sees only
 * that tenant, outside any scope sees no tenant row, and a write into another tenant is refused by a policy.
 */
let node: RunningNode;
let a: TestTenant;
let b: TestTenant;

beforeAll(async () => {
  node = await startTestNode();
  a = await createTenant(node);
  b = await createTenant(node);
  const em = platformEm(node.services.orm);
  for (const t of [a, b]) {
    for (let i = 0; i < 2; i++) {
      await em.execute(`insert into users (client_id, email, password_hash, name) values (?, ?, 'x', 'RLS')`, [
        t.id,
        uniqueEmail('rls'),
      ]);
    }
  }
});
afterAll(async () => {
  await node.stop();
});

const root = () => node.services.orm.em;

describe('row-level security', () => {
  it('shows a raw select with no where only the scoped tenant, inside and outside a transaction', async () => {
    const em = tenantScope(root(), a.id);
    const plain: Array<{ client_id: number }> = await em.execute('select client_id from users');
    expect(plain.length).toBeGreaterThanOrEqual(2);
    expect(new Set(plain.map((r) => r.client_id))).toEqual(new Set([a.id]));
    const inTx: Array<{ client_id: number }> = await em.transactional((tx) =>
      tx.execute('select client_id from users'),
    );
    expect(new Set(inTx.map((r) => r.client_id))).toEqual(new Set([a.id]));
    const other: Array<{ client_id: number }> = await tenantScope(root(), b.id).execute('select client_id from users');
    expect(new Set(other.map((r) => r.client_id))).toEqual(new Set([b.id]));
  });

  it('shows no tenant row outside any scope: a plain fork and the bare connection', async () => {
    const fork = root().fork({ useContext: false });
    expect(await fork.execute('select * from users')).toEqual([]);
    expect(await fork.getConnection().execute('select * from classes')).toEqual([]);
  });

  it('queries as a role that is neither superuser, nor able to bypass policies, nor the owner of the tables', async () => {
    // The tests (and CI) log in as the `postgres` superuser: the policies apply only because every connection
    // switches to the application role, on the real PostgreSQL as on PGlite.
    for (const em of [root().fork({ useContext: false }), tenantScope(root(), a.id), unscoped(root(), 'test')]) {
      const [who] = await em.execute<Array<Record<string, unknown>>>(
        `select current_user as role, r.rolsuper as superuser, r.rolbypassrls as bypass, t.tableowner = current_user as owner
         from pg_roles r, pg_tables t where r.rolname = current_user and t.schemaname = current_schema() and t.tablename = 'users'`,
      );
      expect(who).toEqual({ role: 'stvos_app', superuser: false, bypass: false, owner: false });
    }
  });

  it('keeps no binding on a pooled connection: the next statement or transaction on it is unbound again', async () => {
    const orm = await openOrm(inject('dbUrl'), 1); // one connection, reused by every statement below
    try {
      const scoped = tenantScope(orm.em, a.id);
      const plain = orm.em.fork({ useContext: false });
      expect((await scoped.execute('select client_id from users')).length).toBeGreaterThanOrEqual(2);
      expect(await plain.execute('select client_id from users')).toEqual([]);
      await scoped.transactional(async (tx) => {
        expect((await tx.execute('select client_id from users')).length).toBeGreaterThanOrEqual(2);
      });
      expect(await plain.execute('select client_id from users')).toEqual([]);
      await plain.transactional(async (tx) => expect(await tx.execute('select client_id from users')).toEqual([]));
      // Nor does one tenant's binding reach the next tenant's statement.
      const others: Array<{ client_id: number }> = await tenantScope(orm.em, b.id).execute(
        'select client_id from users',
      );
      expect(new Set(others.map((r) => r.client_id))).toEqual(new Set([b.id]));
    } finally {
      await orm.close(true);
    }
  });

  it('binds the ORM too: entities of another tenant are invisible even with the ORM filter switched off', async () => {
    const em = tenantScope(root(), a.id);
    const users = await em.find(User, {}, { filters: false, limit: 1000 });
    expect(users.length).toBeGreaterThanOrEqual(2);
    expect(new Set(users.map((u) => u.clientId))).toEqual(new Set([a.id]));
  });

  it('refuses a cross-tenant insert and update, in the database', async () => {
    const em = tenantScope(root(), a.id);
    await expect(
      em.execute(`insert into users (client_id, email, password_hash, name) values (?, ?, 'x', 'Intruder')`, [
        b.id,
        uniqueEmail('x'),
      ]),
    ).rejects.toThrow(/row-level security/);
    await expect(
      root()
        .fork({ useContext: false })
        .execute(`insert into users (client_id, email, password_hash, name) values (?, ?, 'x', 'Nobody')`, [
          a.id,
          uniqueEmail('x'),
        ]),
    ).rejects.toThrow(/row-level security/);
    // An update cannot see the other tenant's rows, nor move its own rows there.
    const moved = await em.execute(`update users set name = 'Moved' where client_id = ?`, [b.id], 'run');
    expect(moved).toMatchObject({ affectedRows: 0 });
    await expect(em.execute(`update users set client_id = ? where client_id = ?`, [b.id, a.id])).rejects.toThrow(
      /row-level security|foreign key/,
    );
  });

  it('lets the named escape hatch see every tenant', async () => {
    const rows: Array<{ client_id: number }> = await unscoped(root(), 'test: the hatch sees all').execute(
      'select distinct client_id from users where client_id in (?, ?)',
      [a.id, b.id],
    );
    expect(rows.map((r) => r.client_id).sort()).toEqual([a.id, b.id].sort());
  });

  it('covers every table with a client_id: row-level security forced and the tenant policy present', async () => {
    const rows: Array<{ table: string; enabled: boolean; forced: boolean; policy: string | null }> = await platformEm(
      node.services.orm,
    ).execute(`
      select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced, p.policyname as policy
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace and n.nspname = current_schema()
      join pg_attribute a on a.attrelid = c.oid and a.attname = 'client_id' and not a.attisdropped
      left join pg_policies p on p.schemaname = n.nspname and p.tablename = c.relname and p.policyname = 'tenant_isolation'
      where c.relkind in ('r', 'p')
      order by 1`);
    expect(rows.length).toBeGreaterThan(20);
    const unprotected = rows
      .filter((r) => !r.enabled || !r.forced || r.policy !== 'tenant_isolation')
      .map((r) => r.table);
    expect(unprotected).toEqual([]);
  });
});
