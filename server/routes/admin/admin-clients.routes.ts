import { route } from '../../http/route.ts';
import { createClient } from '../../../domain/tenancy/create-client.ts';
import { getClient, listClients, presentClient, updateClient } from '../../../domain/tenancy/manage-clients.ts';
import { presentApiKey } from '../../../domain/tenancy/api-keys.ts';
import { clientParams, createClientBody, listClientsQuery, updateClientBody } from './admin.schemas.ts';
import { authChanged } from '../../auth-cache.ts';

const tag = 'admin';

export const adminClientRoutes = [
  route({
    method: 'post',
    path: '/admin/clients',
    tag,
    auth: 'admin',
    status: 201,
    summary: 'Create a client (tenant) and its first API key; the key secret is shown once',
    body: createClientBody,
    handler: async ({ body }, call) => {
      const { client, key } = await createClient(call.platformEm(), body);
      return { client: presentClient(client), apiKey: { ...presentApiKey(key.apiKey), key: key.key } };
    },
  }),
  route({
    method: 'get',
    path: '/admin/clients',
    tag,
    auth: 'admin',
    summary: 'List clients',
    query: listClientsQuery,
    handler: async ({ query }, call) => listClients(call.platformEm(), query),
  }),
  route({
    method: 'get',
    path: '/admin/clients/:clientId',
    tag,
    auth: 'admin',
    summary: 'Get a client',
    params: clientParams,
    handler: async ({ params }, call) => presentClient(await getClient(call.platformEm(), params.clientId)),
  }),
  route({
    method: 'patch',
    path: '/admin/clients/:clientId',
    tag,
    auth: 'admin',
    summary:
      'Update a client: name, branding, features, requiresVoucher, isDefault, settings (branding and settings merge)',
    params: clientParams,
    body: updateClientBody,
    handler: async ({ params, body }, call) => {
      const client = await updateClient(call.platformEm(), params.clientId, body);
      await authChanged(call.services); // every node's cached client (features, quota, branding) is dropped within a second
      return presentClient(client);
    },
  }),
];
