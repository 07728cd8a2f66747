import { z } from 'zod';
import { pageSchema } from '../../../domain/shared/pagination.ts';
import { lineText } from '../../../domain/shared/text.ts';

const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2000);

export const productBody = z.strictObject({
  name: lineText(120).pipe(z.string().min(1)),
  description: z.string().max(2000).optional(),
  url: httpUrl,
  imageUrl: httpUrl.nullable().optional(),
  priceLabel: lineText(40).nullable().optional(),
});
export const productPatchBody = productBody
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'give at least one field to change');
export const productParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

export const productSchema = z.object({
  id: z.number(),
  name: z.string(),
  description: z.string(),
  url: z.string(),
  imageUrl: z.string().nullable(),
  priceLabel: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const productPageSchema = pageSchema(productSchema);
export const appProductPageSchema = pageSchema(
  productSchema.extend({ partner: z.object({ id: z.number(), name: z.string() }) }),
);
