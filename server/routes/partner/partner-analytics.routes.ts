import { route } from '../../http/route.ts';
import { localDate, usagePartnerOf } from '../../../domain/partner-usage/usage-partner.ts';
import { partnerAnalytics, partnerDashboard } from '../../../domain/partner-usage/analytics-queries.ts';
import { analyticsQuery, analyticsSchema, dashboardQuery, dashboardSchema } from './partner-analytics.schemas.ts';

const DAY_MS = 86_400_000;

/** The partner portal's figures, for every staff role (owners and viewers read alike). */
export const partnerAnalyticsRoutes = [
  route({
    method: 'get',
    path: '/partner/dashboard',
    tag: 'partner-portal',
    auth: 'partner',
    summary:
      'Members, active members, watch minutes and classes watched over the last `days` days (default 30), with trends against the period before',
    query: dashboardQuery,
    response: dashboardSchema,
    handler: async ({ query }, call) => partnerDashboard(call.ctx, await usagePartnerOf(call.ctx), query.days),
  }),
  route({
    method: 'get',
    path: '/partner/analytics',
    tag: 'partner-portal',
    auth: 'partner',
    summary:
      "Watch-time series, active members, completion rate and top 10 classes between two dates, in the partner's time zone",
    query: analyticsQuery,
    response: analyticsSchema,
    handler: async ({ query }, call) => {
      const partner = await usagePartnerOf(call.ctx);
      const to = query.to ?? localDate(call.ctx.clock(), partner.timeZone);
      const from =
        query.from ??
        new Date(Date.parse(to) - (query.granularity === 'hour' ? 0 : 29) * DAY_MS).toISOString().slice(0, 10);
      return partnerAnalytics(call.ctx, partner, { from: from > to ? to : from, to, granularity: query.granularity });
    },
  }),
];
