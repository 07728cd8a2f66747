import { route, type Call } from '../../http/route.ts';
import { authChanged } from '../../auth-cache.ts';
import {
  issueApiKey,
  presentApiKey,
  revokeApiKey,
  rotateApiKey,
  type IssuedKey,
} from '../../../domain/tenancy/api-keys.ts';
import { listApiKeys } from '../../../domain/tenancy/list-api-keys.ts';
import { getClient } from '../../../domain/tenancy/manage-clients.ts';
import { clientParams, keyBody, keyParams, universalKeyParams } from './admin.schemas.ts';

const tag = 'admin';
/** The only answer that carries a key's secret. */
const issued = (k: IssuedKey) => ({ ...presentApiKey(k.apiKey), key: k.key });
/** A rotated or revoked key stops working on every node within a second (server/auth-cache.ts). */
async function changed<T>(call: Call, answer: T): Promise<T> {
  await authChanged(call.services);
  return answer;
}

export const adminKeyRoutes = [
  route({
    method: 'post',
    path: '/admin/clients/:clientId/keys',
    tag,
    auth: 'admin',
    status: 201,
    summary: 'Issue another API key for a client (secret shown once)',
    params: clientParams,
    body: keyBody,
    handler: async ({ params, body }, call) => {
      const em = call.platformEm();
      const client = await getClient(em, params.clientId);
      return issued(await issueApiKey(em, { clientId: client.id, name: body.name }));
    },
  }),
  route({
    method: 'get',
    path: '/admin/clients/:clientId/keys',
    tag,
    auth: 'admin',
    summary: "A client's keys: prefix, createdAt, lastUsedAt, revokedAt (never the secret)",
    params: clientParams,
    handler: async ({ params }, call) => {
      const em = call.platformEm();
      return { items: await listApiKeys(em, (await getClient(em, params.clientId)).id) };
    },
  }),
  route({
    method: 'post',
    path: '/admin/clients/:clientId/keys/:keyId/rotate',
    tag,
    auth: 'admin',
    status: 201,
    summary: 'Rotate a key: the old one stops working, the new secret is shown once',
    params: keyParams,
    handler: async ({ params }, call) =>
      changed(call, issued(await rotateApiKey(call.platformEm(), params.keyId, params.clientId))),
  }),
  route({
    method: 'delete',
    path: '/admin/clients/:clientId/keys/:keyId',
    tag,
    auth: 'admin',
    summary: 'Revoke a key',
    params: keyParams,
    handler: async ({ params }, call) =>
      changed(call, presentApiKey(await revokeApiKey(call.platformEm(), params.keyId, params.clientId))),
  }),
  route({
    method: 'post',
    path: '/admin/universal-keys',
    tag,
    auth: 'admin',
    status: 201,
    summary: 'Issue a universal key (one app serving many clients; secret shown once)',
    body: keyBody,
    handler: async ({ body }, call) =>
      issued(await issueApiKey(call.platformEm(), { clientId: null, name: body.name })),
  }),
  route({
    method: 'get',
    path: '/admin/universal-keys',
    tag,
    auth: 'admin',
    summary: 'List universal keys',
    handler: async (_input, call) => ({ items: await listApiKeys(call.platformEm(), null) }),
  }),
  route({
    method: 'post',
    path: '/admin/universal-keys/:keyId/rotate',
    tag,
    auth: 'admin',
    status: 201,
    summary: 'Rotate a universal key',
    params: universalKeyParams,
    handler: async ({ params }, call) =>
      changed(call, issued(await rotateApiKey(call.platformEm(), params.keyId, null))),
  }),
  route({
    method: 'delete',
    path: '/admin/universal-keys/:keyId',
    tag,
    auth: 'admin',
    summary: 'Revoke a universal key',
    params: universalKeyParams,
    handler: async ({ params }, call) =>
      changed(call, presentApiKey(await revokeApiKey(call.platformEm(), params.keyId, null))),
  }),
];
