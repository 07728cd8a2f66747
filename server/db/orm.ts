import { MikroORM, type EntityManager, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import pg from 'pg';
import { migrations } from '../../migrations/index.ts';
import { entities, tenantEntities } from './entities.ts';
import type { Logger } from '../logger.ts';
import { APP_ROLE, BoundEntityManager, OWNER, bindPoolClient, type PoolBinding } from './row-level-security.ts';
import { unscoped } from '../../domain/shared/scope.ts';

export type Orm = MikroORM;

interface TenantFilterArgs {
  clientId?: number;
  unscoped?: true;
}

/** The application's pools query as the non-owner application role; bindings come from its entity managers. */
const APPLICATION: PoolBinding = { sessionRole: APP_ROLE, fallback: null };
/** The migrator's pool: the login role (the schema owner) for every statement. */
const SCHEMA_OWNER: PoolBinding = { sessionRole: null, fallback: OWNER };

export function ormOptions(url: string, poolMax: number, logger?: Logger, binding: PoolBinding = APPLICATION): Options {
  return {
    logger: (message: string) => logger?.debug({ orm: message }),
    clientUrl: url,
    entities,
    extensions: [Migrator],
    pool: { min: 0, max: poolMax },
    entityManager: BoundEntityManager,
    driverOptions: {
      onPoolCreated: (pool: pg.Pool) => pool.on('connect', (client) => bindPoolClient(client, binding)),
    },
    // The global manager must never be used directly: every unit of work forks with a tenant scope.
    allowGlobalContext: false,
    forceUtcTimezone: true,
    debug: false,
    filters: {
      tenant: {
        name: 'tenant',
        entity: tenantEntities,
        default: true,
        cond: (args: TenantFilterArgs) => {
          if (args.unscoped) return {};
          if (typeof args.clientId !== 'number') throw new Error('Tenant filter used without a tenant id');
          return { clientId: args.clientId };
        },
      },
    },
    migrations: {
      migrationsList: migrations,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
    },
  };
}

export async function openOrm(url: string, poolMax: number, logger?: Logger): Promise<Orm> {
  return MikroORM.init(ormOptions(url, poolMax, logger));
}

/** Arbitrary but fixed: the advisory lock that serialises migrations when several nodes start at once. */
const MIGRATION_LOCK = 7_240_001;

/**
 * Applies pending migrations as the login role (the schema owner), never as the application role: through a
 * short-lived ORM of its own whose statements all run with `role` reset (on the embedded PGlite every connection
 * shares one session, so it is reset per transaction, not per session). It ends by securing every table with a
 * `client_id` (`stvos_secure_tenant_tables`, migration 0090), so a later migration's tenant table gets its policy
 * whether or not it asks for it; test/row-level-security.test.ts fails for any tenant table without one.
 */
export async function migrate(orm: Orm): Promise<string[]> {
  const url = orm.config.get('clientUrl')!;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const owner = await MikroORM.init(ormOptions(url, 1, undefined, SCHEMA_OWNER));
    try {
      const names = (await owner.migrator.up()).map((m) => m.name);
      const em = owner.em.fork({ useContext: false });
      const [secure] = await em.execute(
        `select 1 as present from pg_proc where proname = 'stvos_secure_tenant_tables'`,
      );
      // Only after migrations ran: with none pending (a node or the CLI starting beside running nodes) it would
      // still take locks on every tenant table, and a busy one deadlocks with the running nodes.
      if (secure && names.length) await em.execute('select stvos_secure_tenant_tables()');
      return names;
    } finally {
      await owner.close(true);
    }
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
}

/**
 * A fork for platform-level work (clients, keys, admins, fixtures): the `unscoped()` escape hatch for the database,
 * while tenant entities read through the ORM still need a scope (their filter throws here).
 */
export function platformEm(orm: Orm): EntityManager {
  const em = unscoped(orm.em, 'platform-level work');
  em.setFilterParams('tenant', {});
  return em;
}
