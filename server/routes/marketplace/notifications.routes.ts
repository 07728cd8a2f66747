import { z } from 'zod';
import { route } from '../../http/route.ts';
import { requireUser } from '../../../domain/shared/context.ts';
import { missedEvents } from '../../../domain/marketplace/bookings/booking-feed.ts';

const tag = 'notifications';

export const notificationRoutes = [
  route({
    method: 'get',
    path: '/notifications',
    tag,
    auth: 'user',
    summary: "The caller's stored booking feed after `since` (an event id), oldest first; ids increase per account",
    query: z.object({
      since: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
    response: z.object({
      items: z.array(
        z.object({
          id: z.number(),
          room: z.string(),
          event: z.string(),
          payload: z.record(z.string(), z.unknown()),
          createdAt: z.string(),
        }),
      ),
      hasMore: z.boolean(),
      lastEventId: z.number(),
    }),
    handler: async ({ query }, call) => {
      const { items, hasMore } = await missedEvents(call.ctx, requireUser(call.ctx).userId, query.since, query.limit);
      return { items, hasMore, lastEventId: items.at(-1)?.id ?? query.since };
    },
  }),
];
