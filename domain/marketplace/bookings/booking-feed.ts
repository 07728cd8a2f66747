import type { Ctx } from '../../shared/context.ts';
import { sql } from '../marketplace-rows.ts';

/**
 * The booking feed: every `booking:*` event is stored per recipient account in the transaction that
 * causes it, then published to the recipient's room after commit (through `ctx.events`). Ids are per
 * recipient, gapless and committed in order (the stream row stays locked until commit), so a client that
 * remembers its last id gets exactly what it missed, from `GET /notifications?since=` or on reconnect.
 */

export type BookingEvent = 'booking:created' | 'booking:updated' | 'booking:cancelled';

export interface FeedRecipient {
  /** The account whose stream stores the event; null (a trainer without an account) means live only. */
  userId: number | null;
  room: string;
}

export interface FeedPayload {
  eventId: number | null;
  type: string;
  at: string;
  [key: string]: unknown;
}

export async function appendToFeeds(
  ctx: Ctx,
  recipients: FeedRecipient[],
  event: BookingEvent,
  data: Record<string, unknown>,
): Promise<void> {
  const at = ctx.clock().toISOString();
  // Always lock streams in user-id order, so two transactions touching the same two streams cannot deadlock.
  const ordered = [...recipients].sort((a, b) => (a.userId ?? 0) - (b.userId ?? 0));
  for (const r of ordered) {
    let payload: FeedPayload = { eventId: null, type: event, at, ...data };
    if (r.userId !== null) {
      // The stream's next id and the stored event in one statement (one round trip, the stream row locked alike).
      const [row] = await sql<{ id: string }>(
        ctx,
        `with stream as (
           insert into notification_streams (client_id, user_id, last_id) values (?, ?, 1)
           on conflict (client_id, user_id) do update set last_id = notification_streams.last_id + 1
           returning client_id, user_id, last_id)
         insert into notifications (client_id, user_id, id, room, event, payload)
         select client_id, user_id, last_id, ?, ?, jsonb_set(?::jsonb, '{eventId}', to_jsonb(last_id)) from stream
         returning id`,
        [ctx.tenant.id, r.userId, r.room, event, JSON.stringify(payload)],
      );
      payload = { ...payload, eventId: Number(row?.id) };
    }
    ctx.events.push({ rooms: [r.room], event, payload });
  }
}

export interface StoredEvent {
  id: number;
  room: string;
  event: string;
  payload: FeedPayload;
  createdAt: string;
}

/** What the account missed after `since`, oldest first, at most `limit`; `hasMore` says to ask again. */
export async function missedEvents(
  ctx: Ctx,
  userId: number,
  since: number,
  limit: number,
): Promise<{ items: StoredEvent[]; hasMore: boolean }> {
  const rows = await sql<{ id: string; room: string; event: string; payload: FeedPayload; created_at: Date }>(
    ctx,
    `select id, room, event, payload, created_at from notifications where client_id = ? and user_id = ? and id > ? order by id limit ?`,
    [ctx.tenant.id, userId, since, limit + 1],
  );
  return {
    items: rows.slice(0, limit).map((r) => ({
      id: Number(r.id),
      room: r.room,
      event: r.event,
      payload: r.payload,
      createdAt: new Date(r.created_at).toISOString(),
    })),
    hasMore: rows.length > limit,
  };
}
