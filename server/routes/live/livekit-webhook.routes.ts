import type { Request } from 'express';
import { route } from '../../http/route.ts';
import { AppError } from '../../../domain/shared/errors.ts';
import { receiveLiveKitWebhook } from '../../../domain/live/livekit-webhooks.ts';
import { webhookAnswerSchema } from './live.schemas.ts';

/**
 * The signature covers the exact bytes, so the body is read raw. LiveKit sends `application/webhook+json`,
 * which the JSON parser leaves alone; a body the parser already consumed cannot be verified.
 */
async function rawBody(req: Request, limit: number): Promise<string> {
  if (req.readableEnded || req.body !== undefined) {
    throw new AppError(
      'unsupported_media',
      'UNSUPPORTED_MEDIA_TYPE',
      'Send the webhook as application/webhook+json, as LiveKit does',
    );
  }
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new AppError('payload_too_large', 'PAYLOAD_TOO_LARGE', 'Webhook body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export const liveKitWebhookRoutes = [
  route({
    method: 'post',
    path: '/livekit/webhook',
    tag: 'live',
    auth: 'none',
    summary: "LiveKit's signed webhooks (participant joined/left, room finished) reconcile live-class presence",
    response: webhookAnswerSchema,
    handler: async (_input, call) => {
      // Webhooks are trusted only under a secret of our own: the livekit-server --dev pair (the development
      // fallback) is public, so anyone could sign "participant joined" with it.
      if (call.services.config.livekit.devServer) {
        throw new AppError(
          'unavailable',
          'LIVEKIT_NOT_CONFIGURED',
          'LiveKit webhooks need LIVEKIT_API_KEY and LIVEKIT_API_SECRET to be set',
        );
      }
      const authorization = call.req.get('authorization');
      if (!authorization)
        throw new AppError('unauthenticated', 'INVALID_WEBHOOK_SIGNATURE', 'The webhook is not signed');
      const { orm, publisher, presence } = call.services;
      const outcome = await receiveLiveKitWebhook(
        { root: orm.em, livekit: call.services.liveKit(), publisher, presence },
        await rawBody(call.req, call.services.config.http.bodyLimitBytes),
        authorization,
      );
      return { received: true as const, ...outcome };
    },
  }),
];
