import type { ClientEventPayloads } from './schema.gen.ts';

/**
 * The socket's typed event maps, for socket.io-client's `Socket<ServerEvents, ClientEvents>`. Payloads of
 * client events are generated from the server's schemas; the acknowledgement is `{ ok, data }` or
 * `{ ok: false, code, error }`, with the same `code` REST would answer. Connect to `/clients/<slug>` with
 * `auth: { apiKey, token }`.
 */
export type Ack<T = unknown> = { ok: true; data: T } | { ok: false; code: string; error: string; details?: unknown };

export type ClientEvents = {
  [E in keyof ClientEventPayloads]: (payload: ClientEventPayloads[E], ack?: (reply: Ack) => void) => void;
};

/** A booking feed entry (booking:created / booking:updated / booking:cancelled); dedupe by `eventId`. */
export interface BookingFeedEvent {
  eventId: number | null;
  type: 'booking:created' | 'booking:updated' | 'booking:cancelled';
  [field: string]: unknown;
}

export interface ServerEvents {
  'auth:expired': (info: { code: 'TOKEN_EXPIRED'; error: string }) => void;
  'auth:revoked': (info: { code: 'TOKEN_REVOKED' | 'ACCOUNT_SUSPENDED'; error: string }) => void;
  'event:error': (info: { event: string; code: string; error: string; details?: unknown }) => void;
  'booking:created': (event: BookingFeedEvent) => void;
  'booking:updated': (event: BookingFeedEvent) => void;
  'booking:cancelled': (event: BookingFeedEvent) => void;
}
