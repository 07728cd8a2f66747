import type { MikroORM } from '@mikro-orm/postgresql';
import type { Tenant } from '../shared/context.ts';
import type { Publisher } from '../shared/events.ts';
import { tenantScope } from '../shared/scope.ts';
import type { Logger } from '../../server/logger.ts';
import { presenceOf } from './live-presence.ts';

export interface BroadcastHost {
  orm: MikroORM;
  publisher: Publisher;
  logger: Logger;
}

/** Changes to one class within this window make one `live:presence`, read from the database when it goes out. */
export const PRESENCE_WINDOW_MS = 200;

export interface PresenceBroadcaster {
  /** A class's presence changed (after the change committed). */
  changed(tenant: Tenant, classId: number): void;
}

const broadcasters = new WeakMap<BroadcastHost, PresenceBroadcaster>();

/**
 * Coalesces presence broadcasts per class on this node: the first change opens a window, the list is read and
 * sent to `live:<classId>` (on every node, through the adapter) when it closes. A burst of 100 joins is one or two
 * messages per socket, not 100, and the list sent is always the committed state.
 */
export function presenceBroadcasterOf(host: BroadcastHost): PresenceBroadcaster {
  let b = broadcasters.get(host);
  if (b) return b;
  const due = new Map<string, NodeJS.Timeout>();
  b = {
    changed(tenant, classId) {
      const key = `${tenant.id}:${classId}`;
      if (due.has(key)) return;
      const timer = setTimeout(() => {
        due.delete(key);
        const ctx = { tenant, actor: { kind: 'system', job: 'live-presence' } as const, em: tenantScope(host.orm.em, tenant.id), clock: () => new Date(), events: [] };
        presenceOf(ctx, classId)
          .then((list) => host.publisher.publish(tenant.slug, [{ rooms: [`live:${classId}`], event: 'live:presence', payload: { ...list } }]))
          .catch((err: unknown) => host.logger.warn({ err, classId }, 'live presence broadcast failed'));
      }, PRESENCE_WINDOW_MS);
      timer.unref();
      due.set(key, timer);
    },
  };
  broadcasters.set(host, b);
  return b;
}
