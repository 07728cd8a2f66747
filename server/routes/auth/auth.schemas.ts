import { z } from 'zod';
import { emailSchema, passwordSchema } from '../../../domain/auth/passwords.ts';
import { plainText, profileSchema, settingsSchema } from '../../../domain/identity/user-profile.ts';

/**
 * Voucher and invite codes are stored upper-case, letters, digits and dashes; what a person types is
 * normalised to match, and anything else is refused before it reaches the database.
 */
export const codeSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .transform((c) => c.toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9-]+$/, 'may contain only letters, digits and dashes'));
export const voucherCodeSchema = codeSchema;

/** Login takes any password up to a bound: the policy applies when one is chosen, not to old ones. */
const loginPassword = z.string().min(1, 'is required').max(256);
const refreshTokenSchema = z.string().min(1).max(200);

export const registerBody = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: plainText(120).min(1).optional(),
  voucherCode: voucherCodeSchema.optional(),
  sessionId: plainText(128).min(1).optional(),
  coachId: z.number().int().positive().optional(),
  profile: profileSchema.optional(),
  settings: settingsSchema.optional(),
});

export const loginBody = z.object({ email: emailSchema, password: loginPassword });
export const refreshBody = z.object({ refreshToken: refreshTokenSchema });
export const logoutBody = z.object({ refreshToken: refreshTokenSchema.optional() });
export const voucherValidateBody = z.object({ code: voucherCodeSchema });

export const brandingSchema = z.object({
  name: z.string(),
  logoUrl: z.string().nullable(),
  primaryColor: z.string().nullable(),
  secondaryColor: z.string().nullable(),
  accentColor: z.string().nullable(),
});
export const clientSummarySchema = z.object({
  id: z.number(),
  slug: z.string(),
  name: z.string(),
  branding: brandingSchema,
});

export const authUserSchema = z.object({
  id: z.number(),
  email: z.string(),
  name: z.string().nullable(),
  role: z.enum(['user', 'trainer']),
});

export const tokensSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  expiresIn: z.number().describe('Seconds until the access token expires'),
});

export const authResult = tokensSchema.extend({ user: authUserSchema, client: clientSummarySchema });

export const meResult = z.object({
  user: authUserSchema.extend({
    profile: z.record(z.string(), z.unknown()),
    settings: z.record(z.string(), z.unknown()),
    coach: z.object({ id: z.number(), name: z.string() }).nullable(),
    createdAt: z.string(),
  }),
  enabledFeatures: z.array(z.string()),
  client: clientSummarySchema,
});

export const voucherCheckResult = z.object({
  valid: z.boolean(),
  code: z.string(),
  status: z.enum(['active', 'redeemed', 'expired', 'revoked']).nullable(),
  partner: z.object({ id: z.number(), name: z.string() }).nullable(),
  client: clientSummarySchema.nullable(),
});

export const messageResult = z.object({ message: z.string() });
