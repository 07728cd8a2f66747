import type { Ctx } from '../shared/context.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { offsetOf, pageOf, type PageQuery } from '../shared/pagination.ts';
import { prefixedCode } from './codes.ts';
import { getPartner } from './partners.ts';
import { Voucher, type IVoucher, type VoucherStatus } from './voucher.entity.ts';

export interface VoucherBatch {
  quantity: number;
  /** Upper-case letters and digits, at most 12, so a prefixed code stays within 40 characters. */
  prefix?: string;
  expiresAt?: Date | null;
  partnerId?: number | null;
}

/** 3 groups of 4 symbols: 60 bits, far beyond what a rate-limited validate endpoint lets anyone guess. */
const CODE_GROUPS = 3;
const MAX_ROUNDS = 5;

/**
 * Issues `quantity` vouchers in one set-based insert. Codes are unique platform-wide (a universal key
 * resolves the tenant from the code alone); a collision is skipped by `on conflict do nothing` and the
 * missing codes are drawn again, so a rare clash never fails the batch or aborts the transaction.
 * Used by the admin API, the CLI and the partner portal.
 */
export async function issueVoucherBatch(ctx: Ctx, input: VoucherBatch): Promise<IVoucher[]> {
  const partnerId = input.partnerId ? (await getPartner(ctx, input.partnerId)).id : null;
  const ids: number[] = [];
  for (let round = 0; round < MAX_ROUNDS && ids.length < input.quantity; round++) {
    const codes = new Set<string>();
    while (codes.size < input.quantity - ids.length) codes.add(prefixedCode(input.prefix, CODE_GROUPS));
    const rows: Array<{ id: number }> = await ctx.em.execute(
      `insert into vouchers (client_id, partner_id, code, expires_at)
       select ?, ?, code, ?::timestamptz from jsonb_array_elements_text(?::jsonb) as code
       on conflict (code) do nothing returning id`,
      [ctx.tenant.id, partnerId, input.expiresAt ?? null, JSON.stringify([...codes])],
    );
    ids.push(...rows.map((r) => Number(r.id)));
  }
  if (ids.length < input.quantity) throw new AppError('unavailable', 'CODE_SPACE_EXHAUSTED', 'Could not draw unique voucher codes');
  return ctx.em.find(Voucher, { id: { $in: ids } }, { orderBy: { id: 'asc' } });
}

export interface VoucherQuery extends PageQuery {
  status?: VoucherStatus;
  search?: string;
  /** The partner portal lists only its own partner's vouchers. */
  partnerId?: number;
}

export async function listVouchers(ctx: Ctx, q: VoucherQuery) {
  const where = {
    ...(q.status ? { status: q.status } : {}),
    ...(q.partnerId ? { partnerId: q.partnerId } : {}),
    ...(q.search ? { code: { $ilike: `%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` } } : {}),
  };
  const [items, total] = await ctx.em.findAndCount(Voucher, where, { orderBy: { id: 'desc' }, ...offsetOf(q) });
  return pageOf(items.map(presentVoucher), total, q);
}

/**
 * Revokes an active voucher in one conditional update, so it cannot race a redemption: a voucher
 * redeemed a moment earlier stays redeemed and the caller gets 409. Revoking twice is harmless.
 */
export async function revokeVoucher(ctx: Ctx, voucherId: number, scope: { partnerId?: number } = {}): Promise<IVoucher> {
  const where = { id: voucherId, clientId: ctx.tenant.id, ...(scope.partnerId ? { partnerId: scope.partnerId } : {}) };
  await ctx.em.nativeUpdate(Voucher, { ...where, status: 'active' }, { status: 'revoked', revokedAt: ctx.clock() });
  const voucher = await ctx.em.findOne(Voucher, where, { refresh: true });
  if (!voucher) throw notFound('Voucher');
  if (voucher.status === 'redeemed') throw new AppError('conflict', 'VOUCHER_REDEEMED', 'A redeemed voucher cannot be revoked');
  if (voucher.status !== 'revoked') throw new AppError('conflict', 'VOUCHER_NOT_ACTIVE', `An ${voucher.status} voucher cannot be revoked`);
  return voucher;
}

/** The batch answer of the contract: `{id, code, status, expiresAt}`. */
export function presentIssuedVoucher(v: IVoucher) {
  return { id: v.id, code: v.code, status: v.status, expiresAt: v.expiresAt?.toISOString() ?? null };
}

export function presentVoucher(v: IVoucher) {
  return {
    ...presentIssuedVoucher(v),
    partnerId: v.partnerId,
    redeemedAt: v.redeemedAt?.toISOString() ?? null,
    revokedAt: v.revokedAt?.toISOString() ?? null,
    createdAt: v.createdAt.toISOString(),
  };
}
