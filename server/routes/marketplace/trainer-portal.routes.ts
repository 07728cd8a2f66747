import { route } from '../../http/route.ts';
import { ownTrainer } from '../../../domain/marketplace/marketplace-rows.ts';
import { pageQuery, pageSchema } from '../../../domain/shared/pagination.ts';
import {
  addException,
  createService,
  ownAvailability,
  ownServices,
  presentOwnProfile,
  removeException,
  replaceAvailability,
  updateOwnProfile,
  updateService,
} from '../../../domain/marketplace/trainer-portal/trainer-portal.ts';
import { idParams, serviceBody, servicePatch, serviceView } from './marketplace.schemas.ts';
import {
  availabilityBody,
  exceptionBody,
  exceptionParams,
  profilePatch,
  profileView,
  rulesView,
} from './trainer-portal.schemas.ts';

const tag = 'trainer-portal';
const feature = 'coach_connect' as const;

/** The trainer's own profile, services and availability. Trainer-role tokens only (users get 403). */
export const trainerPortalRoutes = [
  route({
    method: 'get',
    path: '/trainer/profile',
    tag,
    auth: 'trainer',
    feature,
    summary: "The signed-in trainer's profile",
    response: profileView,
    handler: async (_input, call) => presentOwnProfile(await ownTrainer(call.ctx)),
  }),
  route({
    method: 'patch',
    path: '/trainer/profile',
    tag,
    auth: 'trainer',
    feature,
    summary: 'Update name, bio, image, specialisations, active',
    // Class lists show the trainer's name and image.
    invalidates: 'discover',
    body: profilePatch,
    response: profileView,
    handler: ({ body }, call) =>
      call.transact(call.ctx, async (tx) => updateOwnProfile(tx, await ownTrainer(tx), body)),
  }),
  route({
    method: 'get',
    path: '/trainer/services',
    tag,
    auth: 'trainer',
    feature,
    summary: 'Own services, retired ones included',
    query: pageQuery,
    response: pageSchema(serviceView),
    handler: async ({ query }, call) => ownServices(call.ctx, await ownTrainer(call.ctx), query),
  }),
  route({
    method: 'post',
    path: '/trainer/services',
    tag,
    auth: 'trainer',
    feature,
    status: 201,
    summary: 'Add a service (duration in minutes, price in minor units)',
    body: serviceBody,
    response: serviceView,
    handler: ({ body }, call) => call.transact(call.ctx, async (tx) => createService(tx, await ownTrainer(tx), body)),
  }),
  route({
    method: 'patch',
    path: '/trainer/services/:id',
    tag,
    auth: 'trainer',
    feature,
    summary: 'Change or retire (isActive: false) a service',
    params: idParams,
    body: servicePatch,
    response: serviceView,
    handler: ({ params, body }, call) =>
      call.transact(call.ctx, async (tx) => updateService(tx, await ownTrainer(tx), params.id, body)),
  }),
  route({
    method: 'get',
    path: '/trainer/availability',
    tag,
    auth: 'trainer',
    feature,
    summary: "Weekly hours, exceptions and booking policy, in the trainer's IANA zone",
    response: rulesView,
    handler: async (_input, call) => ownAvailability(call.ctx, await ownTrainer(call.ctx)),
  }),
  route({
    method: 'put',
    path: '/trainer/availability',
    tag,
    auth: 'trainer',
    feature,
    summary: 'Replace weekly hours, exceptions, buffers, notice, window and slot step',
    body: availabilityBody,
    response: rulesView,
    handler: ({ body }, call) =>
      call.transact(call.ctx, async (tx) => replaceAvailability(tx, await ownTrainer(tx), body)),
  }),
  route({
    method: 'post',
    path: '/trainer/availability/exceptions',
    tag,
    auth: 'trainer',
    feature,
    status: 201,
    summary: 'Add a date exception: day_off, time_off (may cross midnight) or extra_hours',
    body: exceptionBody,
    response: rulesView,
    handler: ({ body }, call) => call.transact(call.ctx, async (tx) => addException(tx, await ownTrainer(tx), body)),
  }),
  route({
    method: 'delete',
    path: '/trainer/availability/exceptions/:index',
    tag,
    auth: 'trainer',
    feature,
    summary: 'Remove the exception at this position',
    params: exceptionParams,
    response: rulesView,
    handler: ({ params }, call) =>
      call.transact(call.ctx, async (tx) => removeException(tx, await ownTrainer(tx), params.index)),
  }),
];
