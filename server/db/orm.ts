import { MikroORM, type EntityManager, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import pg from 'pg';
import { migrations } from '../../migrations/index.ts';
import { entities, tenantEntities } from './entities.ts';
import type { Logger } from '../logger.ts';

export type Orm = MikroORM;

interface TenantFilterArgs {
  clientId?: number;
  unscoped?: true;
}

export function ormOptions(url: string, poolMax: number, logger?: Logger): Options {
  return {
    logger: (message: string) => logger?.debug({ orm: message }),
    clientUrl: url,
    entities,
    extensions: [Migrator],
    pool: { min: 0, max: poolMax },
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

export async function migrate(orm: Orm): Promise<string[]> {
  const client = new pg.Client({ connectionString: orm.config.get('clientUrl') });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await orm.migrator.up();
    return applied.map((m) => m.name);
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
}

/** A plain fork for platform-level work (clients, keys, admins). Tenant entities still need a scope. */
export function platformEm(orm: Orm): EntityManager {
  return orm.em.fork({ clear: true, useContext: false });
}
