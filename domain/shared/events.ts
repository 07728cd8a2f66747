/**
 * A domain event bound for socket rooms. Domain code appends these to `ctx.events`; they are emitted
 * by the realtime publisher only after the transaction that produced them has committed.
 */
export interface DomainEvent {
  /** Room names without the namespace, e.g. `user:12`, `trainer:3`, `partner:7`. */
  rooms: string[];
  /** Sockets in any of these rooms are left out (e.g. those that asked for changes instead of the whole list). */
  except?: string[];
  event: string;
  payload: Record<string, unknown>;
}

export interface Publisher {
  publish(tenantSlug: string, events: readonly DomainEvent[]): void;
}
