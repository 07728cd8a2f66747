import { route } from '../../http/route.ts';
import { pageQuery } from '../../../domain/shared/pagination.ts';
import {
  createPartner,
  createPartnerStaff,
  listPartnerStaff,
  listPartners,
  presentPartner,
  presentStaff,
} from '../../../domain/identity/partners.ts';
import { adminContext } from './admin-context.ts';
import { clientParams, partnerBody, partnerParams, staffBody } from './admin.schemas.ts';

const tag = 'admin';

export const adminPartnerRoutes = [
  route({
    method: 'post',
    path: '/admin/clients/:clientId/partners',
    tag,
    auth: 'admin',
    status: 201,
    summary: 'Create a partner (a company handing out vouchers) of a client',
    params: clientParams,
    body: partnerBody,
    handler: async ({ params, body }, call) => {
      const ctx = await adminContext(call, params.clientId);
      return presentPartner(await call.transact(ctx, (tx) => createPartner(tx, body)));
    },
  }),
  route({
    method: 'get',
    path: '/admin/clients/:clientId/partners',
    tag,
    auth: 'admin',
    summary: "A client's partners",
    params: clientParams,
    query: pageQuery,
    handler: async ({ params, query }, call) => listPartners(await adminContext(call, params.clientId), query),
  }),
  route({
    method: 'post',
    path: '/admin/clients/:clientId/partners/:partnerId/staff',
    tag,
    auth: 'admin',
    status: 201,
    summary: 'Create a partner staff account (e-mail unique across the platform)',
    params: partnerParams,
    body: staffBody,
    handler: async ({ params, body }, call) => {
      const ctx = await adminContext(call, params.clientId);
      return presentStaff(await call.transact(ctx, (tx) => createPartnerStaff(tx, params.partnerId, body)));
    },
  }),
  route({
    method: 'get',
    path: '/admin/clients/:clientId/partners/:partnerId/staff',
    tag,
    auth: 'admin',
    summary: "A partner's staff accounts",
    params: partnerParams,
    handler: async ({ params }, call) => {
      const staff = await listPartnerStaff(await adminContext(call, params.clientId), params.partnerId);
      return { items: staff.map(presentStaff) };
    },
  }),
];
