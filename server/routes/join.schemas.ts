import { z } from 'zod';
import { clientSummarySchema, voucherCodeSchema } from './auth.schemas.ts';

export const joinParams = z.object({ code: voucherCodeSchema });

export const joinResult = z.object({
  valid: z.literal(true),
  code: z.string(),
  partner: z.object({ id: z.number(), name: z.string() }).nullable(),
  client: clientSummarySchema,
});

export const inviteCheckBody = z.object({ code: z.string().trim().min(1).max(64) });

export const inviteCheckResult = z.object({
  valid: z.boolean(),
  trainer: z.object({ id: z.number(), name: z.string() }).nullable(),
  client: clientSummarySchema.nullable(),
});
