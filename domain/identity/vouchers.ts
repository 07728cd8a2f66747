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
  /** A label the issuer gives the batch, to find and export it later. */
  batch?: string | null;
}

/** A voucher as the insert returned it (no second read). */
export interface IssuedVoucher {
  id: number;
  code: string;
  status: VoucherStatus;
  expiresAt: Date | null;
  partnerId: number | null;
  batch: string | null;
  createdAt: Date;
}

/** 3 groups of 4 symbols: 60 bits, far beyond what a rate-limited validate endpoint lets anyone guess. */
const CODE_GROUPS = 3;
const MAX_ROUNDS = 5;

/** Issues a batch; `partnerId`, when given, must be a partner of the context's client (404 otherwise). */
export async function issueVoucherBatch(ctx: Ctx, input: VoucherBatch): Promise<IssuedVoucher[]> {
  const partnerId = input.partnerId ? (await getPartner(ctx, input.partnerId)).id : null;
  return insertVoucherBatch(ctx, { ...input, partnerId });
}

interface VoucherRow {
  id: number;
  code: string;
  status: VoucherStatus;
  expires_at: Date | string | null;
  partner_id: number | null;
  batch: string | null;
  created_at: Date | string;
}

/**
 * Inserts `quantity` vouchers with one set-based statement that returns them. Codes are unique
 * platform-wide (a universal key resolves the tenant from the code alone) and the unique constraint
 * decides: a colliding code is skipped by `on conflict do nothing`, and only the missing ones are drawn
 * again in a further round, so a rare clash never fails the batch or aborts the transaction. `partnerId`
 * is trusted to be the caller's (the composite foreign key still keeps it inside the tenant).
 * Used by the admin API, the CLI, the demo seed and the partner portal.
 */
export async function insertVoucherBatch(ctx: Ctx, input: VoucherBatch): Promise<IssuedVoucher[]> {
  const issued: IssuedVoucher[] = [];
  for (let round = 0; round < MAX_ROUNDS && issued.length < input.quantity; round++) {
    const codes = new Set<string>();
    while (codes.size < input.quantity - issued.length) codes.add(prefixedCode(input.prefix, CODE_GROUPS));
    const rows: VoucherRow[] = await ctx.em.execute(
      `insert into vouchers (client_id, partner_id, code, expires_at, batch)
       select ?, ?, code, ?::timestamptz, ? from jsonb_array_elements_text(?::jsonb) as code
       on conflict (code) do nothing
       returning id, code, status, expires_at, partner_id, batch, created_at`,
      [
        ctx.tenant.id,
        input.partnerId ?? null,
        input.expiresAt ?? null,
        input.batch ?? null,
        JSON.stringify([...codes]),
      ],
    );
    issued.push(...rows.map(issuedOf));
  }
  if (issued.length < input.quantity)
    throw new AppError('unavailable', 'CODE_SPACE_EXHAUSTED', 'Could not draw unique voucher codes');
  return issued.sort((a, b) => a.id - b.id);
}

function issuedOf(r: VoucherRow): IssuedVoucher {
  return {
    id: Number(r.id),
    code: r.code,
    status: r.status,
    expiresAt: r.expires_at === null ? null : new Date(r.expires_at),
    partnerId: r.partner_id === null ? null : Number(r.partner_id),
    batch: r.batch,
    createdAt: new Date(r.created_at),
  };
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
export async function revokeVoucher(
  ctx: Ctx,
  voucherId: number,
  scope: { partnerId?: number } = {},
): Promise<IVoucher> {
  const where = { id: voucherId, clientId: ctx.tenant.id, ...(scope.partnerId ? { partnerId: scope.partnerId } : {}) };
  await ctx.em.nativeUpdate(Voucher, { ...where, status: 'active' }, { status: 'revoked', revokedAt: ctx.clock() });
  const voucher = await ctx.em.findOne(Voucher, where, { refresh: true });
  if (!voucher) throw notFound('Voucher');
  if (voucher.status === 'redeemed')
    throw new AppError('conflict', 'VOUCHER_REDEEMED', 'A redeemed voucher cannot be revoked');
  if (voucher.status !== 'revoked')
    throw new AppError('conflict', 'VOUCHER_NOT_ACTIVE', `An ${voucher.status} voucher cannot be revoked`);
  return voucher;
}

/** The batch answer of the contract: `{id, code, status, expiresAt}`. */
export function presentIssuedVoucher(v: Pick<IVoucher, 'id' | 'code' | 'status' | 'expiresAt'>) {
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
