import type { DomainEvent, Publisher } from '../domain/shared/events.ts';
import type { Logger } from '../server/logger.ts';

export interface EmitTarget {
  emitToRooms(
    tenantSlug: string,
    rooms: readonly string[],
    event: string,
    payload: Record<string, unknown>,
    except?: readonly string[],
  ): void;
}

/**
 * The one publisher domain code reaches (through `Call.transact` or a job), always after a commit.
 * It emits through the gateway, whose adapter (in-memory or Redis) carries the event to every node.
 */
export function createPublisher(logger: Logger): Publisher & { bind(target: EmitTarget): void } {
  let target: EmitTarget | null = null;
  return {
    bind(t) {
      target = t;
    },
    publish(tenantSlug: string, events: readonly DomainEvent[]) {
      if (!target) {
        logger.warn({ tenantSlug, count: events.length }, 'events published before the gateway was attached');
        return;
      }
      for (const e of events) target.emitToRooms(tenantSlug, e.rooms, e.event, e.payload, e.except);
    },
  };
}
