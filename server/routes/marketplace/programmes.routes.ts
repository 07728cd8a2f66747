import { z } from 'zod';
import { route } from '../../http/route.ts';
import { ownTrainer } from '../../../domain/marketplace/marketplace-rows.ts';
import { localDate } from '../../../domain/marketplace/bookings/availability.schemas.ts';
import { pageQuery, pageSchema } from '../../../domain/shared/pagination.ts';
import {
  createProgramme,
  findProgramme,
  moveSubscription,
  mySubscriptions,
  presentProgramme,
  setProgrammeActive,
  subscribeToProgramme,
  trainerProgrammes,
} from '../../../domain/marketplace/programmes/programmes.ts';
import { idParams, lineText, typedText } from './marketplace.schemas.ts';

const feature = 'coach_connect' as const;

const programmeBody = z.object({
  name: lineText(120).pipe(z.string().min(1)),
  description: typedText(4000).optional(),
  weeks: z
    .array(
      z.object({
        sessionDays: z
          .array(z.number().int().min(1).max(7))
          .max(7)
          .refine((d) => new Set(d).size === d.length, 'days must differ'),
      }),
    )
    .min(1)
    .max(52),
  price: z.number().int().min(0).max(10_000_000),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code like "GBP"'),
});
const programmeView = z.object({
  id: z.number(),
  trainerId: z.number(),
  name: z.string(),
  description: z.string(),
  weeks: z.number(),
  sessions: z.number(),
  plan: z.array(z.object({ sessionDays: z.array(z.number()) })),
  price: z.number(),
  currency: z.string(),
  isActive: z.boolean(),
});
const subscriptionView = z.object({
  id: z.number(),
  programmeId: z.number(),
  userId: z.number(),
  status: z.enum(['active', 'paused', 'cancelled', 'completed']),
  allowedActions: z.array(z.string()),
  pausedOn: z.string().nullable(),
  pausedDays: z.number(),
  sessions: z.array(
    z.object({ key: z.string(), week: z.number(), date: z.string(), completedOn: z.string().nullable() }),
  ),
  createdAt: z.string(),
});

const move = (action: 'pause' | 'resume' | 'cancel', summary: string) =>
  route({
    method: 'post',
    path: `/programme-subscriptions/:id/${action}`,
    tag: 'programmes',
    auth: 'user',
    feature,
    summary,
    params: idParams,
    response: subscriptionView,
    handler: ({ params }, call) => call.transact(call.ctx, (tx) => moveSubscription(tx, params.id, action)),
  });

export const programmeRoutes = [
  route({
    method: 'get',
    path: '/programmes/:id',
    tag: 'programmes',
    auth: 'key',
    feature,
    summary: 'A programme: weeks, sessions per week, price',
    params: idParams,
    response: programmeView,
    handler: async ({ params }, call) => presentProgramme(await findProgramme(call.ctx, params.id)),
  }),
  route({
    method: 'post',
    path: '/programmes/:id/subscribe',
    tag: 'programmes',
    auth: 'user',
    feature,
    status: 201,
    summary: "Subscribe; sessions are dated from startDate (default: today on the user's calendar)",
    params: idParams,
    body: z.object({ startDate: localDate.optional() }),
    response: subscriptionView,
    handler: ({ params, body }, call) =>
      call.transact(call.ctx, (tx) => subscribeToProgramme(tx, params.id, body.startDate)),
  }),
  route({
    method: 'get',
    path: '/programme-subscriptions',
    tag: 'programmes',
    auth: 'user',
    feature,
    summary: "The caller's programme subscriptions",
    query: pageQuery,
    response: pageSchema(subscriptionView),
    handler: ({ query }, call) => mySubscriptions(call.ctx, query),
  }),
  move('pause', 'Pause an active subscription (422 INVALID_TRANSITION otherwise)'),
  move('resume', 'Resume a paused subscription; remaining sessions move later by the length of the pause'),
  move('cancel', 'Cancel an active or paused subscription'),
  route({
    method: 'post',
    path: '/programme-subscriptions/:id/sessions/:key/complete',
    tag: 'programmes',
    auth: 'user',
    feature,
    summary: 'Mark one programme session done (e.g. w2s1); the last one completes the subscription',
    params: z.object({ id: idParams.shape.id, key: z.string().regex(/^w\d{1,2}s\d$/) }),
    response: subscriptionView,
    handler: ({ params }, call) =>
      call.transact(call.ctx, (tx) => moveSubscription(tx, params.id, 'complete_session', params.key)),
  }),
  route({
    method: 'get',
    path: '/trainer/programmes',
    tag: 'trainer-portal',
    auth: 'trainer',
    feature,
    summary: 'Own programmes with live subscriber counts',
    query: pageQuery,
    response: pageSchema(programmeView.extend({ subscribers: z.number() })),
    handler: async ({ query }, call) => trainerProgrammes(call.ctx, (await ownTrainer(call.ctx)).id, query),
  }),
  route({
    method: 'post',
    path: '/trainer/programmes',
    tag: 'trainer-portal',
    auth: 'trainer',
    feature,
    status: 201,
    summary: 'Build a programme: weeks of session days (1-7 from the start date), price',
    body: programmeBody,
    response: programmeView,
    handler: ({ body }, call) =>
      call.transact(call.ctx, async (tx) => createProgramme(tx, (await ownTrainer(tx)).id, body)),
  }),
  route({
    method: 'patch',
    path: '/trainer/programmes/:id',
    tag: 'trainer-portal',
    auth: 'trainer',
    feature,
    summary: 'Open or close a programme for new subscriptions',
    params: idParams,
    body: z.object({ isActive: z.boolean() }),
    response: programmeView,
    handler: ({ params, body }, call) =>
      call.transact(call.ctx, async (tx) =>
        setProgrammeActive(tx, (await ownTrainer(tx)).id, params.id, body.isActive),
      ),
  }),
];
