import { route } from '../../http/route.ts';
import {
  issueVoucherBatch,
  listVouchers,
  presentIssuedVoucher,
  presentVoucher,
  revokeVoucher,
} from '../../../domain/identity/vouchers.ts';
import { adminContext } from './admin-context.ts';
import { clientParams, voucherBatchBody, voucherListQuery, voucherParams } from './admin.schemas.ts';

const tag = 'admin';

export const adminVoucherRoutes = [
  route({
    method: 'post',
    path: '/admin/clients/:clientId/vouchers',
    tag,
    auth: 'admin',
    status: 201,
    summary: 'Issue a batch of 1-500 vouchers (optionally for a partner); codes unique and unguessable',
    params: clientParams,
    body: voucherBatchBody,
    handler: async ({ params, body }, call) => {
      const ctx = await adminContext(call, params.clientId);
      const vouchers = await call.transact(ctx, (tx) => issueVoucherBatch(tx, body));
      return { vouchers: vouchers.map(presentIssuedVoucher) };
    },
  }),
  route({
    method: 'get',
    path: '/admin/clients/:clientId/vouchers',
    tag,
    auth: 'admin',
    summary: "A client's vouchers, filtered by status, partner or a code search; paginated",
    params: clientParams,
    query: voucherListQuery,
    handler: async ({ params, query }, call) => listVouchers(await adminContext(call, params.clientId), query),
  }),
  route({
    method: 'delete',
    path: '/admin/clients/:clientId/vouchers/:voucherId',
    tag,
    auth: 'admin',
    summary: 'Revoke an active voucher (a redeemed one answers 409)',
    params: voucherParams,
    handler: async ({ params }, call) => {
      const ctx = await adminContext(call, params.clientId);
      return presentVoucher(await call.transact(ctx, (tx) => revokeVoucher(tx, params.voucherId)));
    },
  }),
];
