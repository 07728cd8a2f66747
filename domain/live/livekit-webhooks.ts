import type { EntityManager } from '@mikro-orm/postgresql';
import type { Ctx } from '../shared/context.ts';
import type { Publisher } from '../shared/events.ts';
import { tenantOf, withoutTenantScope } from '../shared/scope.ts';
import { buildContext, runUseCase } from '../shared/use-case.ts';
import { Client } from '../tenancy/client.entity.ts';
import type { LiveKitPort, LiveKitWebhook } from './livekit.port.ts';
import type { PresenceBroadcaster } from './presence-broadcaster.ts';
import { parseIdentity, parseLiveRoom } from './live-rooms.ts';
import { mediaEvent, roomFinished } from './live-presence.ts';

export type WebhookOutcome = {
  applied: boolean;
  reason?:
    | 'duplicate'
    | 'unknown_class'
    | 'unknown_participant'
    | 'ignored_event'
    | 'not_a_live_class_room'
    | 'unknown_client';
};

/**
 * Applies one verified LiveKit webhook to a live class of this tenant. The event id is recorded in the same
 * transaction, so a redelivery is a no-op; participant events older than the last applied one are ignored
 * (see `mediaEvent`), so deliveries out of order end in the same list.
 */
export async function applyLiveKitWebhook(ctx: Ctx, classId: number, e: LiveKitWebhook): Promise<WebhookOutcome> {
  const [cls]: unknown[] = await ctx.em.execute(
    `select id from classes where client_id = ? and id = ? and kind = 'live'`,
    [ctx.tenant.id, classId],
  );
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
  if (!joined && e.event !== 'participant_left' && e.event !== 'participant_connection_aborted')
    return { applied: false, reason: 'ignored_event' };
  const userId = parseIdentity(e.participant?.identity);
  if (userId === null) return { applied: false, reason: 'unknown_participant' };
  const changed = await mediaEvent(ctx, classId, userId, joined, e.createdAt);
  return changed ? { applied: true } : { applied: false, reason: 'unknown_participant' };
}

export interface WebhookDeps {
  root: EntityManager;
  livekit: LiveKitPort;
  publisher: Publisher;
  presence: PresenceBroadcaster;
}

/**
 * A LiveKit webhook as it arrives: the signature over the exact body is verified (INVALID_WEBHOOK_SIGNATURE), the
 * room names the tenant and the class (`live-<clientId>-<classId>`), and the event is applied in that tenant's
 * context as the system; the class's room hears the presence change once it committed.
 */
export async function receiveLiveKitWebhook(
  deps: WebhookDeps,
  body: string,
  authorization: string,
): Promise<WebhookOutcome> {
  const event = await deps.livekit.receiveWebhook(body, authorization);
  const target = parseLiveRoom(event.room);
  if (!target) return { applied: false, reason: 'not_a_live_class_room' };
  const client = await withoutTenantScope('the room name says which tenant a signed webhook is for', deps.root, (em) =>
    em.findOne(Client, { id: target.clientId }),
  );
  if (!client) return { applied: false, reason: 'unknown_client' };
  const tenant = tenantOf(client);
  const ctx = buildContext(deps.root, { tenant, actor: { kind: 'system', job: 'livekit-webhook' } });
  const outcome = await runUseCase(ctx, deps.publisher, (tx) => applyLiveKitWebhook(tx, target.classId, event));
  if (outcome.applied) deps.presence.changed(tenant, target.classId);
  return outcome;
}
