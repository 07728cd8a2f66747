import { z } from 'zod';
import { classPreferencesSchema, classProfileSchema } from '../../../domain/personalisation/class-plan.ts';
import {
  mealSchema,
  nutritionPlanSchema,
  workoutExerciseSchema,
  workoutPlanSchema,
  dayTotalsSchema,
} from '../../../domain/plans/plan.schemas.ts';

/**
 * Preferences are checked by the strict plan request schemas in the domain (they combine them with the
 * stored profile and answer 400 naming any unknown key or bad value); here they are an object.
 */
export const workoutPlanBody = z.strictObject({
  preferences: z
    .record(z.string().max(40), z.unknown())
    .optional()
    .describe(
      'daysPerWeek (default: profile workoutsPerWeek, else 3), intensity low|medium|high, sessionMinutes (minutes per session; `duration` is its deprecated alias), equipment[], weeks, injuries[], conditions[] (added to the profile). Unknown keys are refused.',
    ),
});

export const nutritionPlanBody = z.strictObject({
  preferences: z
    .record(z.string().max(40), z.unknown())
    .optional()
    .describe(
      'days, mealsPerDay, dietaryRestrictions[], allergies[] (added to the profile ones), excludeFoods[] (by name or id), calorieTarget (bounded by the profile), activityLevel. Unknown keys are refused.',
    ),
});

const saved = { id: z.number(), provider: z.string(), seed: z.string(), createdAt: z.string() };
export const savedWorkoutPlan = z.object({ ...saved, workoutPlan: workoutPlanSchema });
export const savedNutritionPlan = z.object({ ...saved, nutritionPlan: nutritionPlanSchema });

const plannedClass = z.object({
  classId: z.number(),
  source: z.enum(['live', 'group', 'on_demand']),
  name: z.string(),
  time: z.string().nullable().describe('start instant (UTC) for live and group classes; null for on demand'),
  duration: z.number().describe('minutes'),
  intensity: z.enum(['low', 'medium', 'high']).nullable(),
});
export const classPlanSchema = z.object({
  title: z.string(),
  description: z.string(),
  timezone: z.string(),
  daysPerWeek: z.number(),
  weeks: z.array(
    z.object({
      week: z.number(),
      days: z.array(z.object({ date: z.string(), day: z.number(), classes: z.array(plannedClass) })),
    }),
  ),
});
export const savedClassPlan = z.object({ ...saved, classPlan: classPlanSchema });
export const classPlanBody = z.strictObject({ preferences: classPreferencesSchema.prefault({}) });
export const generateClassPlanBody = z.strictObject({
  userProfile: classProfileSchema,
  preferences: classPreferencesSchema.prefault({}),
});

export const shoppingListResult = z.object({
  planId: z.number(),
  aisles: z.array(
    z.object({
      aisle: z.string(),
      items: z.array(
        z.object({
          foodId: z.string(),
          name: z.string(),
          grams: z.number(),
          quantity: z.number(),
          unit: z.enum(['g', 'kg', 'ml', 'l']),
          approximately: z.string().optional(),
        }),
      ),
    }),
  ),
  itemCount: z.number(),
  warnings: z.array(z.string()).describe('meals left out because the profile changed since the plan was made'),
});

const isoDate = z.iso.date().describe('YYYY-MM-DD');
export const dailyPlanQuery = z.object({
  date: isoDate.optional().describe("YYYY-MM-DD in the user's time zone; default today"),
});

export const dailyPlanResult = z.object({
  date: z.string(),
  timezone: z.string(),
  workout: z
    .object({ planId: z.number(), week: z.number(), name: z.string(), exercises: z.array(workoutExerciseSchema) })
    .nullable(),
  meals: z.array(mealSchema),
  nutrition: z.object({ planId: z.number(), planDay: z.number(), totals: dayTotalsSchema }).nullable(),
  classes: z.array(plannedClass).describe('from the active class plan'),
  warnings: z
    .array(z.string())
    .describe('what was left out because the profile changed since the plan was made (a new allergy, injury...)'),
});
