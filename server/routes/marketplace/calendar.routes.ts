import { z } from 'zod';
import { route, RawReply } from '../../http/route.ts';
import { requireFeature } from '../../../domain/shared/context.ts';
import { tenantOf } from '../../../domain/shared/scope.ts';
import { Client } from '../../../domain/tenancy/client.entity.ts';
import { AppError } from '../../../domain/shared/errors.ts';
import {
  FEED_TOKEN,
  issueCalendarFeed,
  renderCalendarFeed,
  resolveCalendarFeed,
  revokeCalendarFeed,
} from '../../../domain/marketplace/calendars/calendar-feeds.ts';

const tag = 'calendar';
const feature = 'coach_connect' as const;
const scopeSchema = z.object({ scope: z.enum(['user', 'trainer']).default('user') });

export const calendarRoutes = [
  route({
    method: 'post',
    path: '/calendar/feed',
    tag,
    auth: 'user',
    feature,
    status: 201,
    summary:
      "Issue the caller's ICS feed link (scope user: my bookings; trainer: my coaching calendar); the previous link stops working",
    body: scopeSchema,
    response: z.object({ scope: z.enum(['user', 'trainer']), path: z.string() }),
    handler: ({ body }, call) => call.transact(call.ctx, (tx) => issueCalendarFeed(tx, body.scope)),
  }),
  route({
    method: 'delete',
    path: '/calendar/feed',
    tag,
    auth: 'user',
    feature,
    summary: "Revoke the caller's ICS feed link",
    query: scopeSchema,
    response: z.object({ revoked: z.number() }),
    handler: ({ query }, call) => call.transact(call.ctx, (tx) => revokeCalendarFeed(tx, query.scope)),
  }),
  route({
    method: 'get',
    path: '/calendar/:token.ics',
    tag,
    auth: 'none',
    summary:
      'The ICS feed behind a link (text/calendar); the secret in the link is the credential, so calendar apps can subscribe',
    params: z.object({ token: z.string().regex(FEED_TOKEN, 'not a calendar link') }),
    response: z.string(),
    handler: async ({ params }, call) => {
      const feed = await resolveCalendarFeed(call.platformEm(), params.token);
      const client = await call.platformEm().findOne(Client, { id: feed.client_id });
      if (!client) throw new AppError('not_found', 'NOT_FOUND', 'This calendar link does not exist or was revoked');
      const ctx = call.contextFor(tenantOf(client), {
        kind: 'user',
        userId: feed.user_id,
        role: feed.scope === 'trainer' ? 'trainer' : 'user',
      });
      requireFeature(ctx, feature);
      const body = await renderCalendarFeed(ctx, feed);
      return new RawReply((res) => {
        res.status(200).type('text/calendar; charset=utf-8').set('Cache-Control', 'private, max-age=300').send(body);
      });
    },
  }),
];
