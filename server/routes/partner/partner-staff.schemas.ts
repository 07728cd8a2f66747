import { z } from 'zod';
import { emailSchema, passwordSchema } from '../../../domain/auth/passwords.ts';
import { PARTNER_ROLES } from '../../../domain/identity/partner.entity.ts';
import { pageSchema } from '../../../domain/shared/pagination.ts';
import { lineText } from '../../../domain/shared/text.ts';

export const addStaffBody = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  name: lineText(120).pipe(z.string().min(1)).optional(),
  role: z.enum(PARTNER_ROLES).default('viewer'),
});
export const staffParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
export const partnerStaffSchema = z.object({
  id: z.number(),
  email: z.string(),
  name: z.string().nullable(),
  role: z.enum(PARTNER_ROLES),
  active: z.boolean(),
  deactivatedAt: z.string().nullable(),
  createdAt: z.string(),
});
export const partnerStaffPageSchema = pageSchema(partnerStaffSchema);
