import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Ctx } from '../shared/context.ts';
import { AppError } from '../shared/errors.ts';
import { attachHumeChat, endVoiceSession } from './voice-sessions.ts';
import { chatWaitingEvent } from './agent-chats.ts';

/** Hume's guide rejects deliveries whose timestamp is more than 180 s old; a little clock skew ahead is allowed. */
export const WEBHOOK_MAX_AGE_SECONDS = 180;
const MAX_SKEW_AHEAD_SECONDS = 30;

const invalid = (message: string) => new AppError('unauthenticated', 'INVALID_WEBHOOK_SIGNATURE', message);

/**
 * Hume signs a webhook as hex HMAC-SHA256 over `<raw body>.<timestamp>` with the webhook signing key, sent in
 * `X-Hume-AI-Webhook-Signature` and `X-Hume-AI-Webhook-Timestamp` (Unix seconds). Checked in constant time; an
 * old timestamp is refused, and `rememberDelivery` refuses a signature already accepted (a replay).
 */
export function verifyHumeSignature(input: {
  rawBody: string;
  signature: string | undefined;
  timestamp: string | undefined;
  signingKey: string;
  now: Date;
}): void {
  const { signature, timestamp } = input;
  if (!signature || !timestamp) throw invalid('The webhook is not signed');
  if (!/^\d{1,12}$/.test(timestamp)) throw invalid('The webhook timestamp is not a number');
  const age = Math.floor(input.now.getTime() / 1000) - Number(timestamp);
  if (age > WEBHOOK_MAX_AGE_SECONDS || age < -MAX_SKEW_AHEAD_SECONDS)
    throw invalid('The webhook timestamp is outside the accepted window');
  const expected = createHmac('sha256', input.signingKey).update(`${input.rawBody}.${timestamp}`).digest('hex');
  const given = Buffer.from(signature, 'utf8');
  const wanted = Buffer.from(expected, 'utf8');
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted))
    throw invalid('The webhook signature does not match its body');
}

/** One statement decides: a signature seen before is a replay. Old rows go once they are past the window. */
export async function rememberDelivery(em: EntityManager, signature: string, now: Date): Promise<void> {
  await em.execute(`delete from hume_webhook_deliveries where received_at < ?::timestamptz`, [
    new Date(now.getTime() - 2 * WEBHOOK_MAX_AGE_SECONDS * 1000),
  ]);
  const rows: Array<{ signature: string }> = await em.execute(
    `insert into hume_webhook_deliveries (signature, received_at) values (?, ?::timestamptz) on conflict do nothing returning signature`,
    [signature, now],
  );
  if (!rows.length)
    throw new AppError('unauthenticated', 'WEBHOOK_REPLAYED', 'This webhook delivery was already received');
}

/** The events we act on, in Hume's wire format (hume SDK: WebhookEventChatStarted / WebhookEventChatEnded). */
const base = {
  chat_group_id: z.string().max(200),
  chat_id: z.string().min(1).max(200),
  config_id: z.string().max(200).nullish(),
  custom_session_id: z.string().max(200).nullish(),
};
export const humeWebhookEvent = z.discriminatedUnion('event_name', [
  z.looseObject({
    ...base,
    event_name: z.literal('chat_started'),
    start_time: z.number(),
    chat_start_type: z.string().max(100),
  }),
  z.looseObject({
    ...base,
    event_name: z.literal('chat_ended'),
    end_time: z.number(),
    duration_seconds: z
      .number()
      .min(0)
      .max(7 * 86_400),
    end_reason: z.string().max(100),
  }),
  z.looseObject({ ...base, event_name: z.literal('tool_call') }),
]);
export type HumeWebhookEvent = z.infer<typeof humeWebhookEvent>;

/**
 * A verified event, applied to its voice session (already resolved to `ctx`'s tenant by the caller):
 * chat_started records the Hume chat and tells the tenant's agents (after commit) that it waits for one of them;
 * chat_ended closes the session once and records its minutes.
 */
export async function applyHumeWebhook(ctx: Ctx, voiceSessionId: string, event: HumeWebhookEvent) {
  if (event.event_name === 'chat_started') {
    const attached = await attachHumeChat(ctx, voiceSessionId, event.chat_id);
    if (attached)
      ctx.events.push(chatWaitingEvent({ voiceSessionId, chatId: event.chat_id, agentName: attached.agentName }));
    return { applied: attached !== null, durationSeconds: null };
  }
  if (event.event_name === 'chat_ended') {
    const ended = await endVoiceSession(ctx, voiceSessionId, {
      endedAt: new Date(event.end_time),
      durationSeconds: Math.round(event.duration_seconds),
      reason: event.end_reason,
    });
    return {
      applied: ended !== null,
      durationSeconds: ended?.durationSeconds ?? null,
      party: ended?.party.kind ?? null,
    };
  }
  return { applied: false, durationSeconds: null };
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The session (and so the tenant) an event is about: our id in custom_session_id, else the chat we recorded. */
export async function findWebhookSession(
  em: EntityManager,
  event: HumeWebhookEvent,
): Promise<{ id: string; clientId: number } | null> {
  const bySession = event.custom_session_id && uuid.test(event.custom_session_id) ? event.custom_session_id : null;
  const rows: Array<{ id: string; client_id: number }> = bySession
    ? await em.execute(`select id, client_id from voice_sessions where id = ?::uuid`, [bySession])
    : await em.execute(
        `select id, client_id from voice_sessions where hume_chat_id = ? order by started_at desc limit 1`,
        [event.chat_id],
      );
  return rows[0] ? { id: rows[0].id, clientId: Number(rows[0].client_id) } : null;
}
