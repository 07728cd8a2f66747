import type { Ctx } from '../shared/context.ts';
import type { LiveKitWebhook } from './livekit.port.ts';
import { parseIdentity } from './live-rooms.ts';
import { mediaEvent, roomFinished } from './live-presence.ts';

export type WebhookOutcome = { applied: boolean; reason?: 'duplicate' | 'unknown_class' | 'unknown_participant' | 'ignored_event' };

/**
 * Applies one verified LiveKit webhook to a live class of this tenant. The event id is recorded in the same
 * transaction, so a redelivery is a no-op; participant events older than the last applied one are ignored
 * (see `mediaEvent`), so deliveries out of order end in the same list.
 */
export async function applyLiveKitWebhook(ctx: Ctx, classId: number, e: LiveKitWebhook): Promise<WebhookOutcome> {
  const [cls]: unknown[] = await ctx.em.execute(`select id from classes where client_id = ? and id = ? and kind = 'live'`, [ctx.tenant.id, classId]);
  if (!cls) return { applied: false, reason: 'unknown_class' };
  if (e.id) {
    const fresh: unknown[] = await ctx.em.execute(
      `insert into livekit_webhook_events (id, client_id, event) values (?, ?, ?) on conflict (id) do nothing returning id`,
      [e.id, ctx.tenant.id, e.event],
    );
    if (!fresh.length) return { applied: false, reason: 'duplicate' };
  }
  if (e.event === 'room_finished') {
    await roomFinished(ctx, classId, e.createdAt);
    return { applied: true };
  }
  const joined = e.event === 'participant_joined';
  if (!joined && e.event !== 'participant_left' && e.event !== 'participant_connection_aborted') return { applied: false, reason: 'ignored_event' };
  const userId = parseIdentity(e.participant?.identity);
  if (userId === null) return { applied: false, reason: 'unknown_participant' };
  const changed = await mediaEvent(ctx, classId, userId, joined, e.createdAt);
  return changed ? { applied: true } : { applied: false, reason: 'unknown_participant' };
}
