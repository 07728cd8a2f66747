import type { FilterQuery } from '@mikro-orm/core';
import type { Ctx } from '../shared/context.ts';
import { offsetOf, pageOf, type PageQuery } from '../shared/pagination.ts';
import { revokeVoucher } from '../identity/vouchers.ts';
import { Voucher, type IVoucher, type VoucherStatus } from '../identity/voucher.entity.ts';
import { partnerCaller } from './partner-access.ts';

export interface PartnerVoucherFilter {
  status?: VoucherStatus;
  /** A fragment of the code. */
  search?: string;
  batch?: string;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The partner's vouchers matching a filter. An active voucher past its expiry counts as `expired` even
 * before the expire-vouchers job marks it, so the filter, the stats and the answers agree at any moment.
 */
export function voucherWhere(partnerId: number, f: PartnerVoucherFilter, now: Date): FilterQuery<IVoucher> {
  const live = { $or: [{ expiresAt: null }, { expiresAt: { $gt: now } }] };
  const status: FilterQuery<IVoucher> =
    f.status === 'active'
      ? { status: 'active', ...live }
      : f.status === 'expired'
        ? { $or: [{ status: 'expired' }, { status: 'active', expiresAt: { $lte: now } }] }
        : f.status
          ? { status: f.status }
          : {};
  return {
    partnerId,
    $and: [status],
    ...(f.search ? { code: { $ilike: `%${escapeLike(f.search)}%` } } : {}),
    ...(f.batch ? { batch: f.batch } : {}),
  };
}

export async function listPartnerVouchers(ctx: Ctx, q: PartnerVoucherFilter & PageQuery) {
  const { partnerId } = await partnerCaller(ctx);
  const now = ctx.clock();
  const [items, total] = await ctx.em.findAndCount(Voucher, voucherWhere(partnerId, q, now), {
    orderBy: { id: 'desc' },
    ...offsetOf(q),
  });
  return pageOf(
    items.map((v) => presentPartnerVoucher(v, now)),
    total,
    q,
  );
}

/** Revokes an active voucher of the caller's partner (a redeemed one is 409; another partner's is 404). */
export async function revokePartnerVoucher(ctx: Ctx, voucherId: number) {
  const { partnerId } = await partnerCaller(ctx, 'write');
  return presentPartnerVoucher(await revokeVoucher(ctx, voucherId, { partnerId }), ctx.clock());
}

/** Counts by status in one aggregate; `redemptionRate` is redeemed / total (0..1, 0 with no vouchers). */
export async function partnerVoucherStats(ctx: Ctx) {
  const { partnerId } = await partnerCaller(ctx);
  const [row] = await ctx.em.execute<
    Array<Record<'total' | 'active' | 'redeemed' | 'expired' | 'revoked', string | number>>
  >(
    `select count(*) as total,
            count(*) filter (where status = 'active' and (expires_at is null or expires_at > ?)) as active,
            count(*) filter (where status = 'redeemed') as redeemed,
            count(*) filter (where status = 'expired' or (status = 'active' and expires_at <= ?)) as expired,
            count(*) filter (where status = 'revoked') as revoked
     from vouchers where client_id = ? and partner_id = ?`,
    [ctx.clock(), ctx.clock(), ctx.tenant.id, partnerId],
  );
  const n = (k: keyof NonNullable<typeof row>) => Number(row?.[k] ?? 0);
  const total = n('total');
  return {
    total,
    active: n('active'),
    redeemed: n('redeemed'),
    expired: n('expired'),
    revoked: n('revoked'),
    redemptionRate: total === 0 ? 0 : Math.round((n('redeemed') / total) * 10_000) / 10_000,
  };
}

export function effectiveStatus(v: Pick<IVoucher, 'status' | 'expiresAt'>, now: Date): VoucherStatus {
  return v.status === 'active' && v.expiresAt != null && v.expiresAt <= now ? 'expired' : v.status;
}

export function presentPartnerVoucher(v: IVoucher, now: Date) {
  return {
    id: v.id,
    code: v.code,
    status: effectiveStatus(v, now),
    expiresAt: v.expiresAt?.toISOString() ?? null,
    batch: v.batch ?? null,
    redeemedAt: v.redeemedAt?.toISOString() ?? null,
    revokedAt: v.revokedAt?.toISOString() ?? null,
    createdAt: v.createdAt.toISOString(),
  };
}
