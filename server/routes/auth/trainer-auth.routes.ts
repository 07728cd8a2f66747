import { route } from '../../http/route.ts';
import { registerTrainer } from '../../../domain/auth/register-trainer.ts';
import { presentAuthResult } from '../../../domain/auth/present-auth.ts';
import { authResult } from './auth.schemas.ts';
import { tenantClientOf } from './auth-edge.ts';
import { trainerRegisterBody } from './trainer-auth.schemas.ts';

export const trainerAuthRoutes = [
  route({
    method: 'post',
    path: '/trainer-auth/register',
    tag: 'auth',
    auth: 'key',
    limit: 'register',
    ignoreBearer: true,
    status: 201,
    summary: 'A trainer created with an invite registers as a user with the trainer role (invite used up atomically)',
    body: trainerRegisterBody,
    response: authResult,
    handler: async ({ body }, call) => {
      // A client key (not the universal one): the invite must belong to the key's client.
      const { user, session } = await registerTrainer(call.ctx, body, call.services.tokens);
      return presentAuthResult(user, session, await tenantClientOf(call));
    },
  }),
];
