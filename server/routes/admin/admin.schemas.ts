import { z } from 'zod';
import { FEATURES } from '../../../domain/tenancy/client.entity.ts';
import { VOUCHER_STATUSES } from '../../../domain/identity/voucher.entity.ts';
import { PARTNER_ROLES } from '../../../domain/identity/partner.entity.ts';
import { emailSchema, passwordSchema } from '../../../domain/auth/passwords.ts';
import { pageQuery } from '../../../domain/shared/pagination.ts';

/** Admin API inputs; the CLI validates its flags with the same schemas. */

const id = z.coerce.number().int().positive();
export const clientParams = z.object({ clientId: id });
export const keyParams = z.object({ clientId: id, keyId: id });
export const universalKeyParams = z.object({ keyId: id });
export const partnerParams = z.object({ clientId: id, partnerId: id });
export const voucherParams = z.object({ clientId: id, voucherId: id });
export const trainerParams = z.object({ clientId: id, trainerId: id });

const colour = z.string().regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, 'must be a hex colour like #1a2b3c');
export const brandingSchema = z.strictObject({
  name: z.string().trim().min(1).max(120).optional(),
  logoUrl: z.url().max(2000).optional(),
  primaryColor: colour.optional(),
  secondaryColor: colour.optional(),
  accentColor: colour.optional(),
});

export const settingsSchema = z
  .object({
    registrationFields: z.array(z.string().min(1).max(40)).max(20).optional(),
    cancellationWindowHours: z.number().int().min(0).max(168).optional(),
    timezone: z.string().min(1).max(64).optional(),
  })
  .catchall(z.unknown());

export const slugSchema = z
  .string()
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/,
    'must be 1-48 lower-case letters, digits or dashes, not starting or ending with a dash',
  );

const clientFields = {
  name: z.string().trim().min(1).max(120),
  branding: brandingSchema,
  enabledFeatures: z.array(z.enum(FEATURES)),
  requiresVoucher: z.boolean(),
  isDefault: z.boolean(),
  settings: settingsSchema,
  /** The client's aggregate request quota per minute across all its callers; null = the platform default. */
  rateLimitPerMinute: z.number().int().min(1).max(100_000_000).nullable(),
};

export const createClientBody = z.strictObject({
  slug: slugSchema,
  name: clientFields.name,
  branding: clientFields.branding.optional(),
  enabledFeatures: clientFields.enabledFeatures.optional(),
  requiresVoucher: clientFields.requiresVoucher.optional(),
  isDefault: clientFields.isDefault.optional(),
  settings: clientFields.settings.optional(),
});

export const updateClientBody = z
  .strictObject(clientFields)
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'give at least one field to change');

export const listClientsQuery = pageQuery.extend({ search: z.string().max(100).optional() });
export const keyBody = z.strictObject({ name: z.string().trim().min(1).max(80).optional() });
export const partnerBody = z.strictObject({ name: z.string().trim().min(1).max(120) });
export const staffBody = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  name: z.string().trim().min(1).max(120).optional(),
  role: z.enum(PARTNER_ROLES).optional(),
});

const futureInstant = z.iso
  .datetime({ offset: true, message: 'must be an ISO-8601 instant' })
  .transform((s) => new Date(s))
  .refine((d) => d.getTime() > Date.now(), 'must be in the future');

export const voucherBatchBody = z.strictObject({
  quantity: z.number().int().min(1).max(500),
  prefix: z
    .string()
    .regex(/^[A-Za-z0-9]{1,12}$/, 'must be 1-12 letters or digits')
    .transform((s) => s.toUpperCase())
    .optional(),
  expiresAt: futureInstant.optional(),
  partnerId: z.number().int().positive().optional(),
});

export const voucherListQuery = pageQuery.extend({
  status: z.enum(VOUCHER_STATUSES).optional(),
  search: z.string().trim().min(1).max(40).optional(),
  partnerId: id.optional(),
});

export const trainerBody = z.strictObject({
  name: z.string().trim().min(1).max(120),
  email: emailSchema.optional(),
  bio: z.string().max(4000).optional(),
  imageUrl: z.url().max(2000).optional(),
  specialisations: z.array(z.string().trim().min(1).max(60)).max(20).optional(),
});

/** Invites expire: by default after 14 days, or at `expiresAt`. */
export const inviteBody = z.strictObject({
  expiresAt: futureInstant.optional(),
  expiresInDays: z.number().int().min(1).max(365).optional(),
});

export const jobRunBody = z.strictObject({
  /** The job's own payload (checked by the job's schema), e.g. `{ "month": "2026-10" }` for billing. */
  input: z.record(z.string(), z.unknown()).optional(),
});
export const jobParams = z.object({ name: z.string().regex(/^[a-z0-9-]{1,60}$/) });
