import type { Ctx } from '../shared/context.ts';
import { insertVoucherBatch, type IssuedVoucher } from '../identity/vouchers.ts';
import { partnerCaller } from './partner-access.ts';

export interface PartnerVoucherBatch {
  quantity: number;
  prefix?: string;
  expiresAt?: Date;
  batch?: string;
}

/**
 * An owner issues 1..500 vouchers for their own partner: one set-based insert that returns the rows
 * (identity/vouchers.ts draws the codes and retries only the colliding ones). The partner comes from
 * the caller, never from the body.
 */
export async function issuePartnerVouchers(ctx: Ctx, input: PartnerVoucherBatch): Promise<IssuedVoucher[]> {
  const { partnerId } = await partnerCaller(ctx, 'write');
  return insertVoucherBatch(ctx, { ...input, partnerId });
}
