import { z } from 'zod';
import { route } from '../../http/route.ts';
import { setMemberSuspended } from '../../../domain/partners/member-suspension.ts';
import { revokeDeps } from '../auth/auth-edge.ts';
import { memberParams } from './partner-members.schemas.ts';

const accessResult = z.object({ id: z.number(), suspended: z.boolean(), suspendedAt: z.string().nullable() });

/** Suspending and restoring a member's access (owner role); the rest of /partner/members is the partner portal's. */
export const partnerMemberAccessRoutes = [
  route({
    method: 'post',
    path: '/partner/members/:id/suspend',
    tag: 'partner',
    auth: 'partner',
    summary:
      "Suspend a member's access (owner only): requests answer 403 ACCOUNT_SUSPENDED, sign-in and refresh are refused, sockets close; nothing is deleted",
    params: memberParams,
    response: accessResult,
    handler: async ({ params }, call) => setMemberSuspended(call.ctx, revokeDeps(call), params.id, true),
  }),
  route({
    method: 'post',
    path: '/partner/members/:id/restore',
    tag: 'partner',
    auth: 'partner',
    summary: "Restore a suspended member's access (owner only); their refresh token works again",
    params: memberParams,
    response: accessResult,
    handler: async ({ params }, call) => setMemberSuspended(call.ctx, revokeDeps(call), params.id, false),
  }),
];
