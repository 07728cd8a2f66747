import { z } from 'zod';
import { route } from '../../http/route.ts';
import {
  searchTrainers,
  trainerClasses,
  trainerProfile,
  trainerServices,
} from '../../../domain/marketplace/bookings/trainer-directory.ts';
import { trainerAvailability } from '../../../domain/marketplace/bookings/trainer-availability.ts';
import { bookSession } from '../../../domain/marketplace/bookings/book-session.ts';
import { pageOf, pageQuery, pageSchema } from '../../../domain/shared/pagination.ts';
import {
  availabilityQuery,
  bookBody,
  bookingView,
  idParams,
  pageView,
  serviceView,
  trainerListQuery,
} from './marketplace.schemas.ts';
import { throughBookingGate } from './booking-gate.ts';

const tag = 'trainers';
const feature = 'coach_connect' as const;

const trainerCard = z.object({
  id: z.number(),
  name: z.string(),
  bio: z.string(),
  image: z.string().nullable(),
  specialisations: z.array(z.string()),
  isActive: z.boolean(),
});
const groupClassCard = z.object({
  id: z.number(),
  name: z.string(),
  scheduledDate: z.string(),
  duration: z.number(),
  capacity: z.number(),
  spotsLeft: z.number(),
});
const wallClock = z.object({ timeZone: z.string(), start: z.string(), end: z.string() });
const slotView = z.object({
  id: z.string(),
  start: z.string(),
  end: z.string(),
  local: wallClock,
  viewer: wallClock.optional(),
});

export const trainerRoutes = [
  route({
    method: 'get',
    path: '/trainers',
    tag,
    auth: 'key',
    feature,
    summary: "The client's active trainers (search over name, bio, specialisations)",
    query: trainerListQuery,
    response: pageView(trainerCard),
    // Apps see only trainers taking bookings; `active=false` (kept for old apps) therefore lists nobody.
    handler: async ({ query }, call) =>
      query.active === false ? pageOf([], 0, query) : searchTrainers(call.ctx, { ...query, active: true }),
  }),
  route({
    method: 'get',
    path: '/trainers/:id',
    tag,
    auth: 'key',
    feature,
    summary: 'A trainer: bio, image, specialisations, services, classes, programmes',
    params: idParams,
    response: trainerCard.extend({
      services: z.array(serviceView),
      classes: z.array(z.record(z.string(), z.unknown())),
      programmes: z.array(
        z.object({ id: z.number(), name: z.string(), weeks: z.number(), price: z.number(), currency: z.string() }),
      ),
    }),
    handler: ({ params }, call) => trainerProfile(call.ctx, params.id),
  }),
  route({
    method: 'get',
    path: '/trainers/:id/services',
    tag,
    auth: 'key',
    feature,
    summary: "A trainer's bookable services (duration in minutes, price in minor units)",
    params: idParams,
    query: pageQuery,
    response: pageSchema(serviceView),
    handler: ({ params, query }, call) => trainerServices(call.ctx, params.id, query),
  }),
  route({
    method: 'get',
    path: '/trainers/:id/classes',
    tag,
    auth: 'key',
    feature,
    summary:
      "A trainer's classes: recordedClasses (their published on-demand classes) and upcoming group classes with spotsLeft",
    params: idParams,
    response: z.object({
      recordedClasses: z.array(z.record(z.string(), z.unknown())),
      upcomingGroupClasses: z.array(groupClassCard),
    }),
    handler: ({ params }, call) => trainerClasses(call.ctx, params.id),
  }),
  route({
    method: 'get',
    path: '/trainers/:id/availability',
    tag,
    auth: 'key',
    feature,
    summary:
      "Weekly hours and exceptions in the trainer's zone, and bookable slots in [from, to) on the trainer's and the viewer's (tz) wall clock",
    params: idParams,
    query: availabilityQuery,
    response: z.object({
      trainerId: z.number(),
      timeZone: z.string(),
      viewerTimeZone: z.string().nullable(),
      weekly: z.record(z.string(), z.array(z.object({ start: z.string(), end: z.string() }))),
      exceptions: z.array(z.record(z.string(), z.unknown())),
      policy: z.record(z.string(), z.number()),
      service: serviceView.nullable(),
      from: z.string(),
      to: z.string(),
      slots: z.array(slotView),
    }),
    handler: ({ params, query }, call) => trainerAvailability(call.ctx, params.id, query),
  }),
  route({
    method: 'post',
    path: '/trainers/:id/book',
    tag,
    auth: 'user',
    feature,
    status: 201,
    summary: 'Book a 1-on-1 slot (409 SLOT_UNAVAILABLE when taken; Idempotency-Key replays the first answer)',
    params: idParams,
    body: bookBody,
    response: bookingView,
    idempotency: 'book',
    handler: ({ params, body }, call) =>
      throughBookingGate(call.services, `${call.ctx.tenant.id}:${params.id}:${body.slotId}`, call.idempotencyKey, () =>
        call.transact(call.ctx, (tx) => bookSession(tx, params.id, body)),
      ),
  }),
];
