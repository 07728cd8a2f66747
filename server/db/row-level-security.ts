import { AsyncLocalStorage } from 'node:async_hooks';
import { EntityManager } from '@mikro-orm/postgresql';
import type pg from 'pg';

/**
 * How the tenant reaches the database's row-level security policies (migration 0090), in the same round trip as
 * the work itself:
 * - Every pooled connection of the application queries as `stvos_app`, a non-owner, non-superuser role (`set role`
 *   before its first statement; a connection that cannot switch never runs one). Bound to nothing, it reads no
 *   tenant row and may write none.
 * - An entity manager carries a binding (`tenantScope` → one tenant, `unscoped` → the escape hatch). Its calls run
 *   with the binding in an AsyncLocalStorage, and the pool's connections send it with the statement:
 *   `begin` becomes `begin; select set_config(…, true)…` (once per transaction, no extra round trip), and a statement
 *   outside a transaction becomes one simple query `select set_config(…, true)…; <statement>` (its implicit
 *   transaction ends with it). Every setting is transaction-local: nothing outlives its statement or transaction,
 *   so nothing can leak to the next user of a pooled connection, on PostgreSQL or on the embedded PGlite (whose one
 *   session all connections share).
 * MikroORM inlines parameters into the SQL it sends, so statements go as simple queries and may be prefixed.
 */
export const APP_ROLE = 'stvos_app';

/** A binding: the statement that sets it, sent ahead of the work in the same round trip. */
export interface Binding {
  readonly sql: string;
}

const bindings = new AsyncLocalStorage<Binding | null>();
const tenantBindings = new Map<number, Binding>();

/** One tenant: the policies admit its rows only. */
export function tenantBinding(tenantId: number): Binding {
  if (!Number.isSafeInteger(tenantId) || tenantId <= 0) throw new Error(`Not a tenant id: ${String(tenantId)}`);
  let binding = tenantBindings.get(tenantId);
  if (!binding) {
    binding = {
      sql: `select set_config('role', '${APP_ROLE}', true), set_config('app.client_id', '${tenantId}', true)`,
    };
    if (tenantBindings.size > 10_000) tenantBindings.clear();
    tenantBindings.set(tenantId, binding);
  }
  return binding;
}

/** The escape hatch: every tenant's rows (still as the application role: no DDL, no bypass of other grants). */
export const UNSCOPED: Binding = {
  sql: `select set_config('role', '${APP_ROLE}', true), set_config('app.unscoped', 'on', true)`,
};

/** Migrations and the schema owner's work: back to the login role (a no-op on a fresh PostgreSQL connection). */
export const OWNER: Binding = { sql: `select set_config('role', 'none', true)` };

const BINDING = Symbol('rls-binding');
type Bindable = { [BINDING]?: Binding | null };

/** Binds an entity manager (a fresh fork) and every fork made from it. */
export function bindEntityManager<T extends EntityManager>(em: T, binding: Binding): T {
  (em as Bindable)[BINDING] = binding;
  return em;
}

/** The methods through which an entity manager reaches the database; each runs with the manager's binding. */
const DATABASE_METHODS = [
  'execute',
  'find',
  'findOne',
  'findOneOrFail',
  'findAndCount',
  'findAll',
  'findByCursor',
  'count',
  'countBy',
  'flush',
  'transactional',
  'begin',
  'commit',
  'rollback',
  'insert',
  'insertMany',
  'nativeUpdate',
  'nativeDelete',
  'upsert',
  'upsertMany',
  'refresh',
  'refreshOrFail',
  'populate',
  'lock',
] as const;

/**
 * The application's entity manager: MikroORM's, whose database calls run under its binding (`null` when unbound,
 * so an unbound manager never borrows the binding of the code around it).
 */
export class BoundEntityManager extends EntityManager {
  override fork(options?: Parameters<EntityManager['fork']>[0]): this {
    const forked = super.fork(options) as this;
    (forked as Bindable)[BINDING] = (this as Bindable)[BINDING] ?? null;
    return forked;
  }
}
for (const name of DATABASE_METHODS) {
  const proto = EntityManager.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const base = proto[name];
  if (typeof base !== 'function') throw new Error(`EntityManager.${name} is gone: review row-level-security.ts`);
  Object.defineProperty(BoundEntityManager.prototype, name, {
    value: function (this: Bindable, ...args: unknown[]) {
      return bindings.run(this[BINDING] ?? null, () => base.apply(this, args));
    },
    writable: true,
    configurable: true,
  });
}

/** What the connection of a pool sets before its first statement, and the binding of statements with none. */
export interface PoolBinding {
  /** The session's role (`set role`); null: the login role. */
  sessionRole: string | null;
  /** Sent with statements no entity manager bound (null: none). */
  fallback: Binding | null;
}

const BEGIN = /^\s*(begin|start\s+transaction)\b/i;

/**
 * Teaches one pooled `pg` client to send bindings (install on the pool's `connect` event, which fires before the
 * client is first handed out). Statements wait for the session role; if it cannot be set, they fail and the client
 * is closed (fail closed: never a statement as the login role by accident).
 */
export function bindPoolClient(client: pg.PoolClient, pool: PoolBinding): void {
  const send = client.query.bind(client) as (text: string, values?: unknown) => Promise<unknown>;
  let status = 'I';
  (client as unknown as { connection: NodeJS.EventEmitter }).connection.on(
    'readyForQuery',
    (message: { status: string }) => {
      status = message.status;
    },
  );
  let ready: Promise<unknown> | null = null;
  if (pool.sessionRole) {
    ready = send(`set role ${pool.sessionRole}`).catch((err: Error) => {
      void client.end().catch(() => undefined);
      throw new Error(`Cannot query as ${pool.sessionRole} (have the migrations run?): ${err.message}`);
    });
    ready.catch(() => undefined);
  }
  const query = (text: string, values?: unknown[]): Promise<unknown> => {
    const binding = bindings.getStore() ?? pool.fallback;
    if (!binding) return send(text, values);
    if (BEGIN.test(text)) return send(`${text}; ${binding.sql}`).then((results) => (results as unknown[])[0]);
    if (status !== 'I') return send(text, values); // inside a transaction: bound at its begin
    if (values && values.length) {
      throw new Error('A statement with separate parameters cannot carry its tenant binding outside a transaction');
    }
    return send(`${binding.sql}; ${text}`).then((results) => (results as unknown[]).at(-1));
  };
  const patched = (config: unknown, values?: unknown, callback?: unknown): unknown => {
    if (typeof config !== 'string' || typeof values === 'function' || callback) {
      // Cursors (MikroORM's streams) and callback-style calls go as they are: queued behind the `set role`.
      return (send as (...args: unknown[]) => unknown)(config, values, callback);
    }
    return ready ? ready.then(() => query(config, values as unknown[])) : query(config, values as unknown[]);
  };
  (client as unknown as { query: typeof patched }).query = patched;
}
