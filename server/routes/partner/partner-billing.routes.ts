import { stringify } from 'csv-stringify';
import { once } from 'node:events';
import { RawReply, route } from '../../http/route.ts';
import { pageQuery } from '../../../domain/shared/pagination.ts';
import { usagePartnerOf } from '../../../domain/partner-usage/usage-partner.ts';
import {
  billingReportDetail,
  findBillingReport,
  listBillingReports,
  reportLines,
} from '../../../domain/partner-usage/billing-queries.ts';
import { monthParams, reportDetailSchema, reportListSchema, revisionQuery } from './partner-billing.schemas.ts';

const CSV_COLUMNS = [
  'member_id',
  'name',
  'email',
  'joined_at',
  'voucher_code',
  'active',
  'billable',
  'watch_minutes',
  'live_minutes',
  'voice_minutes',
  'amount_minor',
  'currency',
];
const PAGE = 1000;

/** The partner's monthly reports (made by the billing job); every staff role may read them. */
export const partnerBillingRoutes = [
  route({
    method: 'get',
    path: '/partner/billing',
    tag: 'partner-portal',
    auth: 'partner',
    summary: 'Monthly billing reports, newest first (latest revision of each month, with how many revisions it has)',
    query: pageQuery,
    response: reportListSchema,
    handler: async ({ query }, call) => listBillingReports(call.ctx, await usagePartnerOf(call.ctx), query),
  }),
  route({
    method: 'get',
    path: '/partner/billing/:month',
    tag: 'partner-portal',
    auth: 'partner',
    summary: "One month's report with a line per member (no health data); `revision` picks an earlier revision",
    params: monthParams,
    query: revisionQuery,
    response: reportDetailSchema,
    handler: async ({ params, query }, call) =>
      billingReportDetail(call.ctx, await usagePartnerOf(call.ctx), params.month, query.revision),
  }),
  route({
    method: 'get',
    path: '/partner/billing/:month/export',
    tag: 'partner-portal',
    auth: 'partner',
    summary: "One month's report as CSV, streamed a page of lines at a time",
    params: monthParams,
    query: revisionQuery,
    handler: async ({ params, query }, call) => {
      const ctx = call.ctx;
      const report = await findBillingReport(ctx, await usagePartnerOf(ctx), params.month, query.revision);
      return new RawReply((res) => {
        res.status(200).type('text/csv; charset=utf-8').attachment(`billing-${params.month}-r${report.revision}.csv`);
        const csv = stringify({ header: true, columns: CSV_COLUMNS });
        csv.pipe(res);
        void (async () => {
          let after = 0;
          for (;;) {
            const lines = await reportLines(ctx, report.id, after, PAGE);
            for (const l of lines) {
              const row = [
                l.memberId,
                l.name ?? '',
                l.email,
                l.joinedAt,
                l.voucherCode,
                l.active,
                l.billable,
                l.watchMinutes,
                l.liveMinutes,
                l.voiceMinutes,
                l.amountMinor,
                report.currency,
              ];
              if (!csv.write(row)) await once(csv, 'drain');
            }
            if (lines.length < PAGE) break;
            after = lines.at(-1)!.memberId;
          }
          csv.end();
        })().catch((err: unknown) => {
          call.services.logger.error({ err, requestId: call.requestId }, 'billing export failed mid-stream');
          res.destroy(err as Error);
        });
      });
    },
  }),
];
