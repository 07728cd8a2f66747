import type { Ctx } from '../shared/context.ts';
import { notFound } from '../shared/errors.ts';
import { pageOf, pageRows, type PageQuery } from '../shared/pagination.ts';
import type { UsagePartner } from './usage-partner.ts';

interface ReportRow {
  id: number;
  month: string;
  revision: number;
  time_zone: string;
  basis: string;
  price_minor: number;
  currency: string;
  members: number;
  billable_units: number;
  total_minor: string | number;
  watch_seconds: string | number;
  issued_at: Date | string;
  revisions?: number;
}

const presentReport = (r: ReportRow) => ({
  month: r.month,
  revision: Number(r.revision),
  issuedAt: new Date(r.issued_at).toISOString(),
  timeZone: r.time_zone,
  basis: r.basis,
  priceMinor: Number(r.price_minor),
  currency: r.currency,
  members: Number(r.members),
  billableUnits: Number(r.billable_units),
  totalMinor: Number(r.total_minor),
  watchMinutes: Math.round(Number(r.watch_seconds) / 60),
  ...(r.revisions === undefined ? {} : { revisions: Number(r.revisions) }),
});

const COLUMNS = `id, to_char(month, 'YYYY-MM') as month, revision, time_zone, basis, price_minor, currency, members, billable_units, total_minor, watch_seconds, issued_at`;

/** The partner's reports, newest month first, each month's latest revision; paginated like every list. */
export async function listBillingReports(ctx: Ctx, p: UsagePartner, q: PageQuery) {
  const { rows, total } = await pageRows<ReportRow>(
    ctx.em,
    `select distinct on (month) ${COLUMNS}, count(*) over (partition by month) as revisions
     from partner_billing_reports where client_id = ? and partner_id = ?
     order by month desc, revision desc`,
    [ctx.tenant.id, p.partnerId],
    q,
  );
  return pageOf(rows.map(presentReport), total, q);
}

/** One month's report (latest revision unless one is named); 404 for a month this partner has no report for. */
export async function findBillingReport(ctx: Ctx, p: UsagePartner, month: string, revision?: number) {
  const [row]: ReportRow[] = await ctx.em.execute(
    `select ${COLUMNS} from partner_billing_reports
     where client_id = ? and partner_id = ? and month = ?::date and (?::int is null or revision = ?::int)
     order by revision desc limit 1`,
    [ctx.tenant.id, p.partnerId, `${month}-01`, revision ?? null, revision ?? null],
  );
  if (!row) throw notFound('Billing report');
  return row;
}

export interface BillingLine {
  memberId: number;
  name: string | null;
  email: string;
  joinedAt: string;
  voucherCode: string;
  active: boolean;
  billable: boolean;
  watchMinutes: number;
  liveMinutes: number;
  voiceMinutes: number;
  amountMinor: number;
}

/** A page of a report's lines by member id (keyset), for the detail answer and the streamed CSV. */
export async function reportLines(
  ctx: Ctx,
  reportId: number,
  afterUserId: number,
  limit: number,
): Promise<BillingLine[]> {
  const rows: Array<Record<string, any>> = await ctx.em.execute(
    `select user_id, member_name, member_email, joined_at, voucher_code, active, billable, watch_seconds, live_seconds, voice_seconds, amount_minor
     from partner_billing_lines where client_id = ? and report_id = ? and user_id > ? order by user_id limit ?`,
    [ctx.tenant.id, reportId, afterUserId, limit],
  );
  return rows.map((r) => ({
    memberId: Number(r['user_id']),
    name: r['member_name'] ?? null,
    email: String(r['member_email']),
    joinedAt: new Date(r['joined_at']).toISOString(),
    voucherCode: String(r['voucher_code']),
    active: Boolean(r['active']),
    billable: Boolean(r['billable']),
    watchMinutes: Math.round(Number(r['watch_seconds']) / 60),
    liveMinutes: Math.round(Number(r['live_seconds']) / 60),
    voiceMinutes: Math.round(Number(r['voice_seconds']) / 60),
    amountMinor: Number(r['amount_minor']),
  }));
}

export async function billingReportDetail(ctx: Ctx, p: UsagePartner, month: string, revision?: number) {
  const report = await findBillingReport(ctx, p, month, revision);
  // A report holds one line per member; partners are bounded by their vouchers (500 per batch), so one page of 10,000 is the whole.
  const lines = await reportLines(ctx, report.id, 0, 10_000);
  return { ...presentReport(report), lines };
}

export { presentReport };
