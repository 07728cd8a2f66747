import { route } from '../../http/route.ts';
import { eraseMe, getMe, updateMe } from '../../../domain/personalisation/user-account.ts';
import { exportUserData } from '../../../domain/personalisation/export-user-data.ts';
import { revokeAccountTokens } from '../../../domain/auth/revoke-access.ts';
import { revokeDeps } from '../auth/auth-edge.ts';
import { eraseResult, exportResult, updateMeBody, userResult } from './users.schemas.ts';

/** The signed-in user's profile and data rights (access, rectification, erasure). */
export const userRoutes = [
  route({
    method: 'get',
    path: '/users/me',
    tag: 'users',
    auth: 'user',
    summary: 'The signed-in user: profile, settings and coach',
    response: userResult,
    handler: async (_input, call) => getMe(call.ctx),
  }),
  route({
    method: 'put',
    path: '/users/me',
    tag: 'users',
    auth: 'user',
    summary: 'Partial update: the given profile and settings keys are merged; null removes a key',
    body: updateMeBody,
    response: userResult,
    handler: async ({ body }, call) => call.transact(call.ctx, (tx) => updateMe(tx, body)),
  }),
  route({
    method: 'delete',
    path: '/users/me',
    tag: 'users',
    auth: 'user',
    summary: 'Erase the account and every row of its data, in one transaction',
    response: eraseResult,
    handler: async (_input, call) => {
      const erased = await call.transact(call.ctx, (tx) => eraseMe(tx));
      // After the commit: the erased account's access tokens stop and its sockets close, on every node.
      await revokeAccountTokens(revokeDeps(call), `user:${call.claims!.sub}`);
      return erased;
    },
  }),
  route({
    method: 'get',
    path: '/users/me/export',
    tag: 'users',
    auth: 'user',
    summary: "All of the user's data as JSON (plans, progress, sessions)",
    response: exportResult,
    handler: async (_input, call) => exportUserData(call.ctx),
  }),
];
