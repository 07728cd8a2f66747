import { route } from '../../http/route.ts';
import { pageQuery } from '../../../domain/shared/pagination.ts';
import {
  createTrainer,
  issueTrainerInvite,
  listTrainers,
  presentInvite,
  presentTrainer,
} from '../../../domain/identity/trainers.ts';
import { adminContext } from './admin-context.ts';
import { clientParams, inviteBody, trainerBody, trainerParams } from './admin.schemas.ts';

const tag = 'admin';
const DAY_MS = 86_400_000;

export const adminTrainerRoutes = [
  route({
    method: 'post',
    path: '/admin/clients/:clientId/trainers',
    tag,
    auth: 'admin',
    status: 201,
    summary: 'Create a trainer profile (name, email, bio, imageUrl, specialisations)',
    params: clientParams,
    body: trainerBody,
    handler: async ({ params, body }, call) => {
      const ctx = await adminContext(call, params.clientId);
      return presentTrainer(await call.transact(ctx, (tx) => createTrainer(tx, body)));
    },
  }),
  route({
    method: 'get',
    path: '/admin/clients/:clientId/trainers',
    tag,
    auth: 'admin',
    summary: "A client's trainers",
    params: clientParams,
    query: pageQuery,
    handler: async ({ params, query }, call) => listTrainers(await adminContext(call, params.clientId), query),
  }),
  route({
    method: 'post',
    path: '/admin/clients/:clientId/trainers/:trainerId/invites',
    tag,
    auth: 'admin',
    status: 201,
    summary: 'Issue an invite code the trainer registers with (expires after 14 days unless told otherwise)',
    params: trainerParams,
    body: inviteBody,
    handler: async ({ params, body }, call) => {
      const ctx = await adminContext(call, params.clientId);
      const expiresAt = body.expiresAt ?? new Date(ctx.clock().getTime() + (body.expiresInDays ?? 14) * DAY_MS);
      return presentInvite(await call.transact(ctx, (tx) => issueTrainerInvite(tx, params.trainerId, { expiresAt })));
    },
  }),
];
