import { route } from '../../http/route.ts';
import { csvReply } from '../../http/csv-reply.ts';
import { exportMembers, getMember, listMembers, MEMBER_CSV_COLUMNS } from '../../../domain/partners/partner-members.ts';
import {
  memberDetailSchema,
  memberFilterQuery,
  memberListQuery,
  memberPageSchema,
  memberParams,
} from './partner-members.schemas.ts';

const tag = 'partner';

/** The users who joined through the caller's partner's vouchers, with their activity (no health data). */
export const partnerMemberRoutes = [
  route({
    method: 'get',
    path: '/partner/members',
    tag,
    auth: 'partner',
    summary: 'Members with activity; search, active (last 30 days), sort by lastActive or watchTime; paginated',
    query: memberListQuery,
    response: memberPageSchema,
    handler: async ({ query }, call) => listMembers(call.ctx, query),
  }),
  route({
    method: 'get',
    path: '/partner/members/export',
    tag,
    auth: 'partner',
    limit: 'bulk',
    summary: 'Members as CSV (same filters as the list), streamed',
    query: memberFilterQuery,
    handler: async ({ query }, call) =>
      csvReply('members.csv', MEMBER_CSV_COLUMNS, await exportMembers(call.ctx, query), call.services.logger),
  }),
  route({
    method: 'get',
    path: '/partner/members/:id',
    tag,
    auth: 'partner',
    summary:
      'One member: joined at, voucher, last active, watch minutes, classes, live classes, bookings, recent classes',
    params: memberParams,
    response: memberDetailSchema,
    handler: async ({ params }, call) => getMember(call.ctx, params.id),
  }),
];
