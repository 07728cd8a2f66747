import type { Request } from 'express';
import { z } from 'zod';
import { route } from '../../http/route.ts';
import { AppError } from '../../../domain/shared/errors.ts';
import { tenantOf, withoutTenantScope } from '../../../domain/shared/scope.ts';
import { Client } from '../../../domain/tenancy/client.entity.ts';
import {
  applyHumeWebhook,
  findWebhookSession,
  humeWebhookEvent,
  rememberDelivery,
  verifyHumeSignature,
} from '../../../domain/voice/hume-webhooks.ts';
import { voiceSecondsTotal, voiceSessions } from '../../metrics.ts';

/** The signature covers the exact bytes, so the body is read raw (the route declares `rawBody`). */
async function readRaw(req: Request, limit: number): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new AppError('payload_too_large', 'PAYLOAD_TOO_LARGE', 'Webhook body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const answer = z.object({ received: z.literal(true), applied: z.boolean(), reason: z.string().optional() });

export const voiceWebhookRoutes = [
  route({
    method: 'post',
    path: '/hume/webhook',
    tag: 'voice',
    auth: 'none',
    rawBody: true,
    summary:
      "Hume EVI's signed webhooks: chat_started records the chat, chat_ended closes the voice session and records its minutes",
    response: answer,
    handler: async (_input, call) => {
      const signature = call.req.get('x-hume-ai-webhook-signature');
      if (!signature || !call.req.get('x-hume-ai-webhook-timestamp'))
        throw new AppError('unauthenticated', 'INVALID_WEBHOOK_SIGNATURE', 'The webhook is not signed');
      const signingKey = call.services.config.hume.webhookSigningKey;
      if (!signingKey)
        throw new AppError(
          'unavailable',
          'WEBHOOK_NOT_CONFIGURED',
          'Hume webhooks are not configured on this server (HUME_WEBHOOK_SIGNING_KEY)',
        );
      const raw = await readRaw(call.req, call.services.config.http.bodyLimitBytes);
      const now = new Date();
      verifyHumeSignature({
        rawBody: raw,
        signature,
        timestamp: call.req.get('x-hume-ai-webhook-timestamp'),
        signingKey,
        now,
      });
      await rememberDelivery(call.platformEm(), signature!, now);

      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        throw new AppError('validation', 'INVALID_JSON', 'The webhook body is not valid JSON');
      }
      const parsed = humeWebhookEvent.safeParse(json);
      if (!parsed.success) return { received: true as const, applied: false, reason: 'unhandled_event' };
      const event = parsed.data;
      const target = await withoutTenantScope(
        'a Hume webhook names a voice session, not a tenant',
        call.services.orm.em,
        (em) => findWebhookSession(em, event),
      );
      if (!target) return { received: true as const, applied: false, reason: 'unknown_voice_session' };
      const client = await call.platformEm().findOne(Client, { id: target.clientId });
      if (!client) return { received: true as const, applied: false, reason: 'unknown_client' };
      const ctx = call.contextFor(tenantOf(client), { kind: 'system', job: 'hume-webhook' });
      const outcome = await call.transact(ctx, (tx) => applyHumeWebhook(tx, target.id, event));
      if (event.event_name === 'chat_ended' && outcome.applied) {
        voiceSessions.inc({ event: 'ended', party: 'party' in outcome && outcome.party ? outcome.party : 'unknown' });
        voiceSecondsTotal.inc(outcome.durationSeconds ?? 0);
      }
      return {
        received: true as const,
        applied: outcome.applied,
        ...(outcome.applied ? {} : { reason: 'already_applied_or_ended' }),
      };
    },
  }),
];
