import { z } from 'zod';
import { route } from '../../http/route.ts';
import { presentClientConfig } from '../../../domain/tenancy/clients.ts';

export const appRoutes = [
  route({
    method: 'get',
    path: '/app/config',
    tag: 'app',
    auth: 'key',
    universal: true,
    summary: "The client's branding, enabled features and registration rules (universal key: platform defaults)",
    response: z.object({
      client: z.object({ id: z.number(), slug: z.string(), name: z.string() }).nullable(),
      branding: z.record(z.string(), z.unknown()),
      enabledFeatures: z.array(z.string()),
      requiresVoucher: z.boolean(),
      registrationFields: z.array(z.string()),
    }),
    handler: async (_input, call) => {
      if (call.key?.kind === 'client') return presentClientConfig(call.key.client);
      // The universal key serves many clients: the app learns its client from the voucher or the login.
      return {
        client: null,
        branding: {},
        enabledFeatures: [],
        requiresVoucher: true,
        registrationFields: ['email', 'password', 'name', 'voucherCode'],
      };
    },
  }),
];
