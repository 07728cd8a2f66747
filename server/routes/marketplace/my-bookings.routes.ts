import { z } from 'zod';
import { route } from '../../http/route.ts';
import { requireUser } from '../../../domain/shared/context.ts';
import { pageQuery } from '../../../domain/shared/pagination.ts';
import { myBookingSummary, mySessions } from '../../../domain/marketplace/bookings/my-bookings.ts';
import { moveBooking } from '../../../domain/marketplace/bookings/booking-lifecycle.ts';
import { bookingView, dbId, idParams, pageView } from './marketplace.schemas.ts';

const tag = 'my-bookings';
const feature = 'coach_connect' as const;

export const sessionFilters = pageQuery.extend({
  status: z.enum(['confirmed', 'in_progress', 'completed', 'cancelled', 'no_show']).optional(),
  trainerId: dbId.optional(),
  from: z.iso
    .datetime({ offset: true })
    .transform((s) => new Date(s))
    .optional(),
  to: z.iso
    .datetime({ offset: true })
    .transform((s) => new Date(s))
    .optional(),
  upcoming: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

export const myBookingRoutes = [
  route({
    method: 'get',
    path: '/my-bookings/summary',
    tag,
    auth: 'user',
    feature,
    summary: "Counts of the caller's bookings by kind (one_on_one, group_class, programme) and status",
    response: z.object({
      total: z.number(),
      upcoming: z.number(),
      byKind: z.record(z.string(), z.record(z.string(), z.number())),
    }),
    handler: (_input, call) => myBookingSummary(call.ctx),
  }),
  route({
    method: 'get',
    path: '/my-bookings/sessions',
    tag,
    auth: 'user',
    feature,
    summary: "The caller's 1-on-1 sessions (filters: status, trainerId, from, to, upcoming), paginated",
    query: sessionFilters,
    response: pageView(bookingView),
    handler: ({ query }, call) => mySessions(call.ctx, query),
  }),
  route({
    method: 'post',
    path: '/my-bookings/sessions/:id/cancel',
    tag,
    auth: 'user',
    feature,
    summary:
      "Cancel a confirmed session; inside the client's cancellationWindowHours it is recorded as a late cancellation",
    params: idParams,
    response: bookingView,
    handler: ({ params }, call) =>
      call.transact(call.ctx, (tx) => moveBooking(tx, params.id, { userId: requireUser(tx).userId }, 'cancel', 'user')),
  }),
];
