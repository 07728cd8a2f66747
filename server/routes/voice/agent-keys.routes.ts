import { z } from 'zod';
import { route } from '../../http/route.ts';
import { issueAgentKey } from '../../../domain/tenancy/agent-keys.ts';
import { presentApiKey } from '../../../domain/tenancy/api-keys.ts';

/** Voice-agent keys: accepted only as `agentKey` in a socket handshake (docs: shared/api/REALTIME.md). */
export const agentKeyRoutes = [
  route({
    method: 'post',
    path: '/admin/clients/:clientId/agent-keys',
    tag: 'admin',
    auth: 'admin',
    status: 201,
    summary: "Issue a voice-agent key for a client's sockets (secret shown once)",
    params: z.object({ clientId: z.coerce.number().int().positive() }),
    body: z.strictObject({ name: z.string().trim().min(1).max(80).optional() }),
    handler: async ({ params, body }, call) => {
      const issued = await issueAgentKey(call.platformEm(), { clientId: params.clientId, name: body.name });
      return { ...presentApiKey(issued.apiKey), key: issued.key };
    },
  }),
];
