import { z } from 'zod';
import { INTENSITIES } from '../../../domain/content/class.entity.ts';
import { paginationSchema } from '../../../domain/shared/pagination.ts';

const id = z.coerce.number().int().positive().max(2_147_483_647);
export const categoryParams = z.object({ categoryId: id });
export const clientClassParams = z.object({ clientId: id, classId: id });

const name = z.string().trim().min(1).max(80);
const slug = z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'must be lower-case letters, digits or dashes');
const url = z.url().max(2000);

export const categoryBody = z.strictObject({ name, slug, imageUrl: url.nullable().optional() });
export const categoryUpdateBody = categoryBody
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'give at least one field to change');
export const assignCategoriesBody = z.strictObject({ categoryIds: z.array(id).max(200) });

const instant = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 instant' }).transform((s) => new Date(s));
const futureInstant = instant.refine((d) => d.getTime() > Date.now(), 'must be in the future');

/** The fields of a class an operator (or a catalogue file) sets; the CLI import checks rows with these too. */
export const classFields = {
  name: z.string().trim().min(1).max(160),
  description: z.string().max(5000),
  thumbnailUrl: url.nullable(),
  durationSeconds: z.number().int().min(1).max(86_400),
  intensity: z.enum(INTENSITIES),
  isPremium: z.boolean(),
  trainerId: id.nullable(),
  categoryId: id.nullable(),
  video: z
    .strictObject({ provider: z.string().regex(/^[a-z0-9_-]{1,40}$/), assetId: z.string().min(1).max(200) })
    .nullable(),
  isFeatured: z.boolean(),
  publishedAt: instant.nullable(),
};

export const classBody = z
  .strictObject({
    ...classFields,
    live: z
      .strictObject({
        scheduledAt: futureInstant,
        capacity: z.number().int().min(1).max(100_000).nullable().optional(),
      })
      .optional(),
  })
  .partial({
    description: true,
    thumbnailUrl: true,
    isPremium: true,
    trainerId: true,
    categoryId: true,
    video: true,
    isFeatured: true,
    publishedAt: true,
  });

export const liveClassBody = z
  .strictObject({
    ...classFields,
    scheduledAt: futureInstant,
    capacity: z.number().int().min(1).max(100_000).nullable().optional(),
  })
  .partial({
    description: true,
    thumbnailUrl: true,
    isPremium: true,
    trainerId: true,
    categoryId: true,
    video: true,
    isFeatured: true,
    publishedAt: true,
  });

export const classUpdateBody = z
  .strictObject({
    ...classFields,
    live: z.strictObject({
      scheduledAt: futureInstant.optional(),
      capacity: z.number().int().min(1).max(100_000).nullable().optional(),
    }),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'give at least one field to change');

/** Rows as a catalogue file holds them; each is checked on its own so one bad row never sinks the rest. */
export const importBody = z.strictObject({
  rows: z
    .array(z.strictObject({ line: z.number().int().min(1), row: z.record(z.string(), z.unknown()) }))
    .min(1)
    .max(500),
});
export const importResponse = z.object({
  created: z.number(),
  failed: z.array(z.object({ line: z.number(), error: z.string() })),
});

export const categorySchema = z.object({
  id: z.number(),
  name: z.string(),
  slug: z.string(),
  image: z.string().nullable(),
});
export const adminClassSchema = z.object({
  id: z.number(),
  name: z.string(),
  description: z.string(),
  thumbnailUrl: z.string().nullable(),
  durationSeconds: z.number(),
  intensity: z.enum(INTENSITIES),
  isPremium: z.boolean(),
  trainerId: z.number().nullable(),
  categoryId: z.number().nullable(),
  kind: z.enum(['on_demand', 'live']),
  video: z.object({ provider: z.string(), assetId: z.string() }).nullable(),
  isFeatured: z.boolean(),
  publishedAt: z.string().nullable(),
  live: z
    .object({ scheduledAt: z.string().nullable(), status: z.string().nullable(), capacity: z.number().nullable() })
    .nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const adminClassPage = z.object({
  items: z.array(adminClassSchema),
  pagination: paginationSchema,
});
