import type { Ctx } from '../shared/context.ts';
import { AppError } from '../shared/errors.ts';

export interface RedeemedVoucher {
  id: number;
  partnerId: number | null;
}

/**
 * Redeems a voucher for a user of `ctx.tenant` in one atomic statement: of any number of concurrent
 * registrations, exactly one UPDATE matches `status = 'active'`; the others find nothing (Postgres
 * re-checks the row after the winner commits). No check-then-write, so no double redemption. Runs in
 * the caller's transaction, after the user row exists (the redeemer is a composite foreign key).
 */
export async function redeemVoucher(ctx: Ctx, code: string, userId: number): Promise<RedeemedVoucher> {
  const rows: Array<{ id: number; partner_id: number | null }> = await ctx.em.execute(
    `update vouchers set status = 'redeemed', redeemed_at = now(), redeemed_by_user_id = ?
     where code = ? and client_id = ? and status = 'active' and (expires_at is null or expires_at > now())
     returning id, partner_id`,
    [userId, code, ctx.tenant.id],
  );
  const row = rows[0];
  if (row) return { id: Number(row.id), partnerId: row.partner_id === null ? null : Number(row.partner_id) };
  throw await whyNotRedeemable(ctx, code);
}

/** Told apart only after the UPDATE found nothing: "already redeemed" is a conflict, the rest bad input. */
async function whyNotRedeemable(ctx: Ctx, code: string): Promise<AppError> {
  const rows: Array<{ status: string }> = await ctx.em.execute(
    `select status from vouchers where code = ? and client_id = ?`,
    [code, ctx.tenant.id],
  );
  if (rows[0]?.status === 'redeemed')
    return new AppError('conflict', 'INVALID_VOUCHER', 'This voucher has already been redeemed');
  // Unknown, expired, revoked, or another client's: the same answer, so codes of other clients do not leak.
  return new AppError('validation', 'INVALID_VOUCHER', 'This voucher code is not valid');
}
