import { z } from 'zod';
import { route } from '../../http/route.ts';
import {
  getGroupClass,
  joinGroupClass,
  leaveGroupClass,
} from '../../../domain/marketplace/group-classes/group-classes.ts';
import { idParams } from './marketplace.schemas.ts';

const tag = 'group-classes';
const feature = 'coach_connect' as const;

export const groupClassView = z.object({
  id: z.number(),
  trainerId: z.number(),
  name: z.string(),
  description: z.string(),
  scheduledDate: z.string(),
  duration: z.number(),
  capacity: z.number(),
  spotsLeft: z.number(),
  status: z.enum(['scheduled', 'cancelled', 'completed']),
  myStatus: z.enum(['joined', 'waitlisted']).nullable(),
});

export const groupClassRoutes = [
  route({
    method: 'get',
    path: '/group-classes/:id',
    tag,
    auth: 'user',
    feature,
    summary: "A group class with spotsLeft and the caller's place (joined, waitlisted or null)",
    params: idParams,
    response: groupClassView,
    handler: ({ params }, call) => getGroupClass(call.ctx, params.id),
  }),
  route({
    method: 'post',
    path: '/group-classes/:id/join',
    tag,
    auth: 'user',
    feature,
    summary:
      'Take a place, or a place on the waitlist when full (409 CLASS_FULL when the waitlist is full too); repeating answers the same',
    params: idParams,
    response: groupClassView.extend({ outcome: z.string(), waitlistPosition: z.number().nullable() }),
    handler: ({ params }, call) => call.transact(call.ctx, (tx) => joinGroupClass(tx, params.id)),
  }),
  route({
    method: 'delete',
    path: '/group-classes/:id/join',
    tag,
    auth: 'user',
    feature,
    summary: 'Leave a class or its waitlist; a freed place goes to the head of the waitlist (told by booking:updated)',
    params: idParams,
    response: groupClassView.extend({
      left: z.enum(['place', 'waitlist']),
      late: z.boolean(),
      promotedUserId: z.number().nullable(),
    }),
    handler: ({ params }, call) => call.transact(call.ctx, (tx) => leaveGroupClass(tx, params.id)),
  }),
];
