import { MikroORM, type EntityManager, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
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

export async function migrate(orm: Orm): Promise<string[]> {
  const applied = await orm.migrator.up();
  return applied.map((m) => m.name);
}

/** A plain fork for platform-level work (clients, keys, admins). Tenant entities still need a scope. */
export function platformEm(orm: Orm): EntityManager {
  return orm.em.fork({ clear: true, useContext: false });
}
