import { z } from 'zod';
import { clientSummarySchema, codeSchema, voucherCodeSchema } from './auth.schemas.ts';

export const joinParams = z.object({ code: voucherCodeSchema });

export const joinResult = z.object({
  valid: z.literal(true),
  code: z.string(),
  partner: z.object({ id: z.number(), name: z.string() }).nullable(),
  client: clientSummarySchema,
});

export const inviteCheckBody = z.object({ code: codeSchema });

export const inviteCheckResult = z.object({
  valid: z.boolean(),
  trainer: z.object({ id: z.number(), name: z.string() }).nullable(),
  client: clientSummarySchema.nullable(),
});
