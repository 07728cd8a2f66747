import { route } from '../../http/route.ts';
import { pageQuery } from '../../../domain/shared/pagination.ts';
import {
  addStaff,
  deactivateStaff,
  listStaff,
  presentPartnerStaff,
  reactivateStaff,
} from '../../../domain/partners/partner-staff.ts';
import { revokeDeps } from '../auth/auth-edge.ts';
import { addStaffBody, partnerStaffPageSchema, partnerStaffSchema, staffParams } from './partner-staff.schemas.ts';

const tag = 'partner';

/** An owner manages the staff of their own partner (viewers get 403). */
export const partnerStaffRoutes = [
  route({
    method: 'get',
    path: '/partner/staff',
    tag,
    auth: 'partner',
    summary: "The partner's staff accounts, active and deactivated (owner)",
    query: pageQuery,
    response: partnerStaffPageSchema,
    handler: async ({ query }, call) => listStaff(call.ctx, query),
  }),
  route({
    method: 'post',
    path: '/partner/staff',
    tag,
    auth: 'partner',
    status: 201,
    summary: 'Add a staff account (owner); role owner or viewer; e-mail unique platform-wide (409 STAFF_EXISTS)',
    body: addStaffBody,
    response: partnerStaffSchema,
    handler: async ({ body }, call) => presentPartnerStaff(await call.transact(call.ctx, (tx) => addStaff(tx, body))),
  }),
  route({
    method: 'post',
    path: '/partner/staff/:id/deactivate',
    tag,
    auth: 'partner',
    summary:
      'Deactivate a staff account (owner): sign-in and refresh refused, tokens revoked, sockets closed; not yourself',
    params: staffParams,
    response: partnerStaffSchema,
    handler: async ({ params }, call) =>
      presentPartnerStaff(await deactivateStaff(call.ctx, revokeDeps(call), params.id)),
  }),
  route({
    method: 'post',
    path: '/partner/staff/:id/reactivate',
    tag,
    auth: 'partner',
    summary: 'Let a deactivated staff account sign in again (owner); tokens revoked at deactivation stay revoked',
    params: staffParams,
    response: partnerStaffSchema,
    handler: async ({ params }, call) =>
      presentPartnerStaff(await call.transact(call.ctx, (tx) => reactivateStaff(tx, params.id))),
  }),
];
