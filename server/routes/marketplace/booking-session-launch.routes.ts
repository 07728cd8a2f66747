import { z } from 'zod';
import { route } from '../../http/route.ts';
import { requireUser } from '../../../domain/shared/context.ts';
import { ownTrainer } from '../../../domain/marketplace/marketplace-rows.ts';
import { joinSession, launchSession } from '../../../domain/marketplace/bookings/launch-booking-session.ts';
import { bookingView, idParams } from './marketplace.schemas.ts';

const feature = 'coach_connect' as const;
const roomAccess = z.object({
  booking: bookingView,
  room: z.string(),
  wsUrl: z.string(),
  token: z.string(),
  expiresAt: z.string(),
  meetingLink: z.string(),
});

/** Launching and joining a 1-on-1 session's LiveKit room (503 LIVEKIT_NOT_CONFIGURED without LiveKit settings). */
export const sessionLaunchRoutes = [
  route({
    method: 'post',
    path: '/trainer/bookings/:id/launch',
    tag: 'trainer-portal',
    auth: 'trainer',
    feature,
    summary:
      "Open the session's LiveKit room (from 15 minutes before the start): the trainer's join token; the user is told by booking:updated",
    params: idParams,
    response: roomAccess,
    handler: async ({ params }, call) => {
      const trainer = await ownTrainer(call.ctx);
      const livekit = call.services.liveKit();
      return launchSession(
        call.ctx,
        call.services.publisher,
        livekit,
        { id: trainer.id, userId: requireUser(call.ctx).userId },
        params.id,
      );
    },
  }),
  route({
    method: 'post',
    path: '/my-bookings/sessions/:id/join',
    tag: 'my-bookings',
    auth: 'user',
    limit: 'token',
    feature,
    summary: "The user's join token for a session the trainer has launched",
    params: idParams,
    response: roomAccess,
    handler: ({ params }, call) =>
      joinSession(call.ctx, call.services.liveKit(), requireUser(call.ctx).userId, params.id),
  }),
];
