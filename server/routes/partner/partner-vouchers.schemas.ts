import { z } from 'zod';
import { VOUCHER_STATUSES } from '../../../domain/identity/voucher.entity.ts';
import { pageQuery, pageSchema } from '../../../domain/shared/pagination.ts';
import { lineText } from '../../../domain/shared/text.ts';

const futureInstant = z.iso
  .datetime({ offset: true, message: 'must be an ISO-8601 instant' })
  .transform((s) => new Date(s))
  .refine((d) => d.getTime() > Date.now(), 'must be in the future');

const batchLabel = lineText(80).pipe(z.string().min(1, 'must not be empty'));

export const issueVouchersBody = z.strictObject({
  quantity: z.number().int().min(1).max(500),
  prefix: z
    .string()
    .regex(/^[A-Za-z0-9]{1,12}$/, 'must be 1-12 letters or digits')
    .transform((s) => s.toUpperCase())
    .optional(),
  expiresAt: futureInstant.optional(),
  batch: batchLabel.optional(),
});

const status = z.enum(VOUCHER_STATUSES);
const expiresAt = z.string().nullable();

export const issuedVouchersSchema = z.object({
  vouchers: z.array(z.object({ id: z.number(), code: z.string(), status, expiresAt })),
});

export const voucherFilterQuery = z.object({
  status: status.optional(),
  search: lineText(40).pipe(z.string().min(1)).optional(),
  batch: batchLabel.optional(),
});
export const voucherListQuery = pageQuery.extend(voucherFilterQuery.shape);

export const partnerVoucherSchema = z.object({
  id: z.number(),
  code: z.string(),
  status,
  expiresAt,
  batch: z.string().nullable(),
  redeemedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  createdAt: z.string(),
});
export const voucherPageSchema = pageSchema(partnerVoucherSchema);

export const voucherStatsSchema = z.object({
  total: z.number(),
  active: z.number(),
  redeemed: z.number(),
  expired: z.number(),
  revoked: z.number(),
  redemptionRate: z.number(),
});

export const voucherIdParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
