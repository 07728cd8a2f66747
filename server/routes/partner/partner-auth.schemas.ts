import { z } from 'zod';
import { emailSchema } from '../../../domain/auth/passwords.ts';
import { clientSummarySchema, tokensSchema } from '../auth/auth.schemas.ts';
import { PARTNER_ROLES } from '../../../domain/identity/partner.entity.ts';

export const partnerLoginBody = z.object({ email: emailSchema, password: z.string().min(1, 'is required').max(256) });
export const partnerRefreshBody = z.object({ refreshToken: z.string().min(1).max(200) });

export const staffSchema = z.object({
  staff: z.object({ id: z.number(), email: z.string(), name: z.string().nullable(), role: z.enum(PARTNER_ROLES) }),
  partner: z.object({ id: z.number(), name: z.string() }),
  client: clientSummarySchema,
});

export const partnerLoginResult = tokensSchema.extend(staffSchema.shape);
