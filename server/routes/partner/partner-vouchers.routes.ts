import { route } from '../../http/route.ts';
import { csvReply } from '../../http/csv-reply.ts';
import { presentIssuedVoucher } from '../../../domain/identity/vouchers.ts';
import { issuePartnerVouchers } from '../../../domain/partners/issue-vouchers.ts';
import {
  listPartnerVouchers,
  partnerVoucherStats,
  revokePartnerVoucher,
} from '../../../domain/partners/partner-vouchers.ts';
import { exportPartnerVouchers, VOUCHER_CSV_COLUMNS } from '../../../domain/partners/export-vouchers.ts';
import {
  issueVouchersBody,
  issuedVouchersSchema,
  partnerVoucherSchema,
  voucherFilterQuery,
  voucherIdParams,
  voucherListQuery,
  voucherPageSchema,
  voucherStatsSchema,
} from './partner-vouchers.schemas.ts';

const tag = 'partner';

/** The partner portal's vouchers: a partner-staff bearer plus the client's `X-API-Key` (contract). */
export const partnerVoucherRoutes = [
  route({
    method: 'post',
    path: '/partner/vouchers',
    tag,
    auth: 'partner+key',
    status: 201,
    limit: 'bulk',
    summary: "Issue 1-500 vouchers for the caller's partner (owner); codes unique platform-wide, one insert",
    body: issueVouchersBody,
    response: issuedVouchersSchema,
    handler: async ({ body }, call) => {
      const vouchers = await call.transact(call.ctx, (tx) => issuePartnerVouchers(tx, body));
      return { vouchers: vouchers.map(presentIssuedVoucher) };
    },
  }),
  route({
    method: 'get',
    path: '/partner/vouchers',
    tag,
    auth: 'partner+key',
    summary: "The partner's vouchers by status, code search or batch label; paginated",
    query: voucherListQuery,
    response: voucherPageSchema,
    handler: async ({ query }, call) => listPartnerVouchers(call.ctx, query),
  }),
  route({
    method: 'get',
    path: '/partner/vouchers/stats',
    tag,
    auth: 'partner+key',
    summary: 'Voucher counts by status and the redemption rate (redeemed / total)',
    response: voucherStatsSchema,
    handler: async (_input, call) => partnerVoucherStats(call.ctx),
  }),
  route({
    method: 'get',
    path: '/partner/vouchers/export',
    tag,
    auth: 'partner+key',
    limit: 'bulk',
    summary: "The partner's vouchers as CSV (same filters as the list), streamed",
    query: voucherFilterQuery,
    handler: async ({ query }, call) =>
      csvReply('vouchers.csv', VOUCHER_CSV_COLUMNS, await exportPartnerVouchers(call.ctx, query), call.services.logger),
  }),
  route({
    method: 'delete',
    path: '/partner/vouchers/:id',
    tag,
    auth: 'partner+key',
    summary: 'Revoke an active voucher (owner); a redeemed one answers 409 VOUCHER_REDEEMED',
    params: voucherIdParams,
    response: partnerVoucherSchema,
    handler: async ({ params }, call) => call.transact(call.ctx, (tx) => revokePartnerVoucher(tx, params.id)),
  }),
];
