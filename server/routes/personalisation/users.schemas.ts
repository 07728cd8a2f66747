import { z } from 'zod';
import { plainText, profileSchema, settingsSchema } from '../../../domain/identity/user-profile.ts';
import { isTimeZone } from '../../../domain/personalisation/local-date.ts';

const zoneIssue = { message: 'timezone must be an IANA time zone', path: ['timezone'] };

/** Every field optional and nullable: PUT merges, and null removes a key. */
function nullableFields<T extends z.ZodObject>(schema: T) {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([k, v]) => [k, (v as z.ZodType).nullable().optional()]),
  );
  return z.strictObject(shape);
}

export const updateMeBody = z.strictObject({
  name: plainText(120).min(1).nullable().optional(),
  profile: nullableFields(profileSchema)
    .refine((p) => typeof p['timezone'] !== 'string' || isTimeZone(p['timezone']), zoneIssue)
    .optional(),
  settings: nullableFields(settingsSchema).optional(),
});

export const userResult = z.object({
  id: z.number(),
  email: z.string(),
  name: z.string().nullable(),
  role: z.string(),
  profile: z
    .record(z.string(), z.unknown())
    .describe(
      'age, gender, height, weight, fitnessLevel, fitnessGoal, workoutsPerWeek, timezone, injuries, conditions, pregnant, breastfeeding, allergies, dietaryRestrictions, dislikes',
    ),
  settings: z.record(z.string(), z.unknown()).describe('notifications, units, language'),
  coach: z.object({ id: z.number(), name: z.string() }).nullable(),
  createdAt: z.string(),
});

export const eraseResult = z.object({ erased: z.literal(true) });

const rows = z.array(z.record(z.string(), z.unknown()));
export const exportResult = z.object({
  exportedAt: z.string(),
  user: userResult,
  plans: rows,
  progress: z.object({ workouts: rows, nutrition: rows, water: rows }),
  sessions: rows,
  other: z
    .record(z.string(), rows)
    .describe("rows of every other table that holds the user's data (bookings, viewing sessions, …), secrets left out"),
});
