import type { Ctx } from '../shared/context.ts';
import { Voucher } from '../identity/voucher.entity.ts';
import { partnerCaller } from './partner-access.ts';
import { effectiveStatus, voucherWhere, type PartnerVoucherFilter } from './partner-vouchers.ts';

export const VOUCHER_CSV_COLUMNS = [
  'code',
  'status',
  'batch',
  'expiresAt',
  'redeemedAt',
  'revokedAt',
  'createdAt',
] as const;
export type VoucherCsvRow = Record<(typeof VOUCHER_CSV_COLUMNS)[number], string>;

/** Rows are read in pages by id (keyset), so an export of any size holds one page in memory at a time. */
const PAGE = 1000;

/**
 * The caller's vouchers as CSV rows, pulled page by page as the response drains. The caller is checked
 * before the first byte (the generator's first step runs when the route asks for it).
 */
export async function exportPartnerVouchers(ctx: Ctx, f: PartnerVoucherFilter): Promise<AsyncIterable<VoucherCsvRow>> {
  const { partnerId } = await partnerCaller(ctx);
  const now = ctx.clock();
  const where = voucherWhere(partnerId, f, now);
  return (async function* rows() {
    let after = 0;
    for (;;) {
      const page = await ctx.em.find(
        Voucher,
        { $and: [where, { id: { $gt: after } }] },
        { orderBy: { id: 'asc' }, limit: PAGE },
      );
      ctx.em.clear();
      for (const v of page) {
        yield {
          code: v.code,
          status: effectiveStatus(v, now),
          batch: v.batch ?? '',
          expiresAt: v.expiresAt?.toISOString() ?? '',
          redeemedAt: v.redeemedAt?.toISOString() ?? '',
          revokedAt: v.revokedAt?.toISOString() ?? '',
          createdAt: v.createdAt.toISOString(),
        };
      }
      if (page.length < PAGE) return;
      after = page[page.length - 1]!.id;
    }
  })();
}
