import { z } from 'zod';
import { pageQuery } from '../../../domain/shared/pagination.ts';
import { timeZone } from '../../../domain/marketplace/bookings/availability.schemas.ts';
import { lineText } from '../../../domain/shared/text.ts';

/** Shared inputs of the marketplace routes (trainers, bookings, classes, portal). */

/** Multi-line text a person typed (descriptions, notes): bounded; NUL is refused for every input at the edge. */
export const typedText = (max: number) => z.string().max(max);
/** One line a person typed (names, search terms): no control characters at all. */
export { lineText };

/** Ids are Postgres integers: anything past int4 is a 404-able bad id, not a database error. */
export const dbId = z.coerce.number().int().min(1).max(2_147_483_647);
export const idParams = z.object({ id: dbId });

export const trainerListQuery = pageQuery.extend({
  search: lineText(100).optional(),
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

export const availabilityQuery = z.object({
  from: z.iso
    .datetime({ offset: true })
    .transform((s) => new Date(s))
    .optional(),
  to: z.iso
    .datetime({ offset: true })
    .transform((s) => new Date(s))
    .optional(),
  serviceId: dbId.optional(),
  tz: timeZone.optional(),
});

export const bookBody = z.object({
  serviceId: dbId,
  slotId: z.string().min(1).max(100),
  notes: typedText(2000).optional(),
});

const money = {
  price: z.number().int().min(0).max(10_000_000),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code like "GBP"'),
};

export const serviceView = z.object({
  id: z.number(),
  trainerId: z.number(),
  name: z.string(),
  description: z.string(),
  duration: z.number(),
  price: z.number(),
  currency: z.string(),
  isActive: z.boolean(),
});

export const bookingView = z.object({
  id: z.number(),
  kind: z.literal('one_on_one'),
  trainerId: z.number(),
  trainerName: z.string().nullable(),
  userId: z.number(),
  serviceId: z.number(),
  serviceName: z.string().nullable(),
  status: z.enum(['confirmed', 'in_progress', 'completed', 'cancelled', 'no_show']),
  start: z.string(),
  end: z.string(),
  notes: z.string(),
  price: z.number(),
  currency: z.string(),
  cancelledAt: z.string().nullable(),
  cancelledBy: z.enum(['user', 'trainer']).nullable(),
  lateCancellation: z.boolean(),
  createdAt: z.string(),
});

export const serviceBody = z.object({
  name: lineText(120).pipe(z.string().min(1)),
  description: typedText(4000).default(''),
  duration: z.number().int().min(5).max(480),
  ...money,
});
export const servicePatch = serviceBody.partial().extend({ isActive: z.boolean().optional() });

export { paginationSchema as paginationView, pageSchema as pageView } from '../../../domain/shared/pagination.ts';
