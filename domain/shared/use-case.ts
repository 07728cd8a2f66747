import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor, Ctx, Tenant } from './context.ts';
import type { Publisher } from './events.ts';
import { inTransaction, tenantScope } from './scope.ts';

/**
 * The one way into the domain. Routes, socket handlers, jobs, the CLI, the seed and the booking replay build their
 * context here and run their use cases through `runUseCase`; nothing else assembles a `Ctx`
 * (`grep -rn "events: \[\]"` finds only this file).
 */
export interface ContextSpec {
  tenant: Tenant;
  actor: Actor;
  /** The job's tick, a fixed time for a seed; the wall clock otherwise. */
  clock?: () => Date;
  /**
   * A transaction the caller already holds, to run inside (the seed creates the client and its data in one
   * transaction): the context binds that transaction to the tenant instead of forking a new scope.
   */
  transaction?: EntityManager;
}

/**
 * A context for one tenant and actor. The tenant-scoped entity manager is forked on first use only: the heartbeat
 * path never touches the ORM, and a fork per heartbeat would be its largest cost.
 */
export function buildContext(root: EntityManager, spec: ContextSpec): Ctx {
  const { tenant, actor, clock = () => new Date(), transaction } = spec;
  let em: EntityManager | undefined;
  if (transaction) {
    transaction.setFilterParams('tenant', { clientId: tenant.id });
    em = transaction;
  }
  return {
    tenant,
    actor,
    clock,
    events: [],
    get em() {
      return (em ??= tenantScope(root, tenant.id));
    },
  };
}

/**
 * Runs a use case: one transaction on the context's tenant scope, then, only after the commit, the events it
 * recorded go to the publisher. A use case that throws publishes nothing.
 */
export async function runUseCase<T>(ctx: Ctx, publisher: Publisher, fn: (tx: Ctx) => Promise<T>): Promise<T> {
  const { result, events } = await inTransaction(ctx, fn);
  if (events.length) publisher.publish(ctx.tenant.slug, events);
  return result;
}
