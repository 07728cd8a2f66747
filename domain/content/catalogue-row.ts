import { z } from 'zod';
import { INTENSITIES } from './class.entity.ts';

/** Yes/no as JSON booleans or as CSV text. */
const yesNo = z.union([
  z.boolean(),
  z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['true', 'false', 'yes', 'no', '1', '0']))
    .transform((v) => ['true', 'yes', '1'].includes(v)),
]);
const instant = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 instant' }).transform((s) => new Date(s));
const ref = z.union([z.number().int().positive(), z.string().trim().min(1).max(160)]).transform(String);

export const CATALOGUE_COLUMNS = [
  'name',
  'description',
  'durationMinutes',
  'intensity',
  'trainer',
  'category',
  'isPremium',
  'isFeatured',
  'thumbnailUrl',
  'videoProvider',
  'videoAssetId',
  'publishedAt',
  'scheduledAt',
  'capacity',
] as const;

/**
 * One class in a catalogue file (JSON array of objects, or CSV with these column names). `trainer` is the
 * client's trainer id or name; `category` a category name or slug (assigned to the client on import when it
 * exists in the platform catalogue); `scheduledAt` makes it a live class. Empty CSV cells count as absent.
 */
export const catalogueRow = z
  .strictObject({
    name: z.string().trim().min(1).max(160),
    description: z.string().max(5000).default(''),
    durationMinutes: z.coerce.number().int().min(1).max(1440),
    intensity: z.string().trim().toLowerCase().pipe(z.enum(INTENSITIES)),
    trainer: ref.optional(),
    category: ref.optional(),
    isPremium: yesNo.default(false),
    isFeatured: yesNo.default(false),
    thumbnailUrl: z.url().max(2000).optional(),
    videoProvider: z
      .string()
      .regex(/^[a-z0-9_-]{1,40}$/, 'must be lower-case letters, digits, - or _')
      .optional(),
    videoAssetId: z.string().min(1).max(200).optional(),
    publishedAt: instant.optional(),
    scheduledAt: instant.optional(),
    capacity: z.coerce.number().int().min(1).max(100_000).optional(),
  })
  .refine((r) => (r.videoProvider === undefined) === (r.videoAssetId === undefined), {
    message: 'videoProvider and videoAssetId come together',
    path: ['videoAssetId'],
  })
  .refine((r) => r.capacity === undefined || r.scheduledAt !== undefined, {
    message: 'capacity is only for live classes (with scheduledAt)',
    path: ['capacity'],
  });
export type CatalogueRow = z.output<typeof catalogueRow>;

/** A checked row with where it came from, so failures can be reported by line. */
export type NumberedRow = CatalogueRow & { line: number };

/** CSV gives '' for an empty cell: treat it as absent so optional fields stay optional. */
export function withoutEmptyCells(raw: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(raw).filter(([, v]) => !(typeof v === 'string' && v.trim() === '')));
}

export function describeRowIssues(error: z.ZodError): string {
  return error.issues
    .map((i) =>
      i.code === 'unrecognized_keys'
        ? `unknown field(s) ${i.keys.join(', ')}`
        : `${i.path.join('.') || 'row'}: ${i.message}`,
    )
    .join('; ');
}
