import { z } from 'zod';
import { route } from '../../http/route.ts';
import { ownTrainer } from '../../../domain/marketplace/marketplace-rows.ts';
import { mySessions } from '../../../domain/marketplace/bookings/my-bookings.ts';
import { pageQuery, pageSchema } from '../../../domain/shared/pagination.ts';
import { moveBooking } from '../../../domain/marketplace/bookings/booking-lifecycle.ts';
import {
  cancelGroupClass,
  createGroupClass,
  resizeGroupClass,
  trainerGroupClasses,
} from '../../../domain/marketplace/group-classes/group-class-management.ts';
import { trainerClientHistory, trainerClients } from '../../../domain/marketplace/trainer-portal/trainer-clients.ts';
import { bookingView, idParams, pageView } from './marketplace.schemas.ts';
import { sessionFilters } from './my-bookings.routes.ts';
import { groupClassView } from './group-classes.routes.ts';
import { clientParams, clientsQuery, clientView, groupClassBody } from './trainer-portal.schemas.ts';

const tag = 'trainer-portal';
const feature = 'coach_connect' as const;

const move = (path: string, action: 'complete' | 'cancel' | 'no_show', summary: string) =>
  route({
    method: 'post',
    path: `/trainer/bookings/:id/${path}`,
    tag,
    auth: 'trainer',
    feature,
    summary,
    params: idParams,
    response: bookingView,
    handler: ({ params }, call) =>
      call.transact(call.ctx, async (tx) =>
        moveBooking(tx, params.id, { trainerId: (await ownTrainer(tx)).id }, action, 'trainer'),
      ),
  });

/** The trainer's sessions, group classes and clients. */
export const trainerPortalSessionRoutes = [
  route({
    method: 'get',
    path: '/trainer/bookings',
    tag,
    auth: 'trainer',
    feature,
    summary: 'Own 1-on-1 bookings (filters: status, from, to, upcoming), paginated',
    query: sessionFilters,
    response: pageView(bookingView),
    handler: async ({ query }, call) => mySessions(call.ctx, query, { trainerId: (await ownTrainer(call.ctx)).id }),
  }),
  move('complete', 'complete', 'Mark a started session completed'),
  move('cancel', 'cancel', 'Cancel a confirmed session (the user is told by booking:cancelled)'),
  move('no-show', 'no_show', 'Mark a started session as a no-show'),
  route({
    method: 'get',
    path: '/trainer/group-classes',
    tag,
    auth: 'trainer',
    feature,
    summary: 'Own group classes, newest first',
    query: pageQuery,
    response: pageSchema(groupClassView),
    handler: async ({ query }, call) => trainerGroupClasses(call.ctx, (await ownTrainer(call.ctx)).id, query),
  }),
  route({
    method: 'post',
    path: '/trainer/group-classes',
    tag,
    auth: 'trainer',
    feature,
    status: 201,
    summary: 'Schedule a group class (time, duration, capacity)',
    body: groupClassBody,
    response: groupClassView,
    handler: ({ body }, call) =>
      call.transact(call.ctx, async (tx) => createGroupClass(tx, (await ownTrainer(tx)).id, body)),
  }),
  route({
    method: 'patch',
    path: '/trainer/group-classes/:id',
    tag,
    auth: 'trainer',
    feature,
    summary:
      'Resize a scheduled class: growing promotes the waitlist, shrinking below the joined count is 409 CAPACITY_BELOW_JOINED',
    params: idParams,
    body: z.object({ capacity: z.number().int().min(1).max(1000) }),
    response: groupClassView.extend({ promotedUserIds: z.array(z.number()) }),
    handler: ({ params, body }, call) =>
      call.transact(call.ctx, async (tx) => resizeGroupClass(tx, (await ownTrainer(tx)).id, params.id, body.capacity)),
  }),
  route({
    method: 'post',
    path: '/trainer/group-classes/:id/cancel',
    tag,
    auth: 'trainer',
    feature,
    summary: 'Cancel a scheduled group class',
    params: idParams,
    response: groupClassView,
    handler: ({ params }, call) =>
      call.transact(call.ctx, async (tx) => cancelGroupClass(tx, (await ownTrainer(tx)).id, params.id)),
  }),
  route({
    method: 'get',
    path: '/trainer/clients',
    tag,
    auth: 'trainer',
    feature,
    summary: 'Everyone who booked a session or a class place with the trainer, with counts',
    query: clientsQuery,
    response: pageView(clientView),
    handler: async ({ query }, call) => trainerClients(call.ctx, await ownTrainer(call.ctx), query),
  }),
  route({
    method: 'get',
    path: '/trainer/clients/:userId/history',
    tag,
    auth: 'trainer',
    feature,
    summary: "One client's sessions with the trainer",
    params: clientParams,
    query: clientsQuery,
    response: pageView(bookingView),
    handler: async ({ params, query }, call) =>
      trainerClientHistory(call.ctx, await ownTrainer(call.ctx), params.userId, query),
  }),
];
