import { z } from 'zod';
import { pageQuery, pageSchema } from '../../../domain/shared/pagination.ts';
import { lineText } from '../../../domain/shared/text.ts';

const bool = z.enum(['true', 'false']).transform((s) => s === 'true');

export const memberFilterQuery = z.object({
  search: lineText(100).pipe(z.string().min(1)).optional(),
  active: bool.optional(),
});
export const memberListQuery = pageQuery.extend({
  ...memberFilterQuery.shape,
  sort: z.enum(['lastActive', 'watchTime']).optional(),
});
export const memberParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

/** What a partner sees of a member: identity and usage only, never health, plan or progress details. */
export const memberSchema = z.object({
  id: z.number(),
  name: z.string().nullable(),
  email: z.string(),
  joinedAt: z.string(),
  voucher: z.object({ id: z.number(), code: z.string(), redeemedAt: z.string().nullable() }),
  lastActiveAt: z.string().nullable(),
  active: z.boolean(),
  watchMinutes: z.number(),
  classesWatched: z.number(),
  classesCompleted: z.number(),
  liveClassesAttended: z.number(),
  bookingsCount: z.number(),
});
export const memberPageSchema = pageSchema(memberSchema);
export const memberDetailSchema = memberSchema.extend({
  recentClasses: z.array(
    z.object({
      classId: z.number().nullable(),
      className: z.string().nullable(),
      watchMinutes: z.number(),
      completed: z.boolean(),
      lastWatchedAt: z.string(),
    }),
  ),
});
