import { z } from 'zod';
import { mealSchema, nutritionPlanSchema, workoutExerciseSchema, workoutPlanSchema, dayTotalsSchema } from '../../domain/plans/plan.schemas.ts';

/**
 * Preferences are checked by the plan request schemas in the domain (they combine them with the stored
 * profile and answer 400 with field details); here they are an object of the documented fields.
 */
export const workoutPlanBody = z.strictObject({
  preferences: z
    .record(z.string().max(40), z.unknown())
    .optional()
    .describe('daysPerWeek (default: profile workoutsPerWeek, else 3), intensity low|medium|high, duration or sessionMinutes (minutes per session), equipment[], weeks'),
});

export const nutritionPlanBody = z.strictObject({
  preferences: z
    .record(z.string().max(40), z.unknown())
    .optional()
    .describe('days, mealsPerDay, dietaryRestrictions[], allergies[], excludeFoods[], calorieTarget, activityLevel'),
});

const saved = { id: z.number(), provider: z.string(), seed: z.string(), createdAt: z.string() };
export const savedWorkoutPlan = z.object({ ...saved, workoutPlan: workoutPlanSchema });
export const savedNutritionPlan = z.object({ ...saved, nutritionPlan: nutritionPlanSchema });

export const shoppingListResult = z.object({
  planId: z.number(),
  aisles: z.array(z.object({
    aisle: z.string(),
    items: z.array(z.object({
      foodId: z.string(), name: z.string(), grams: z.number(), quantity: z.number(), unit: z.enum(['g', 'kg', 'ml', 'l']), approximately: z.string().optional(),
    })),
  })),
  itemCount: z.number(),
});

const isoDate = z.iso.date().describe('YYYY-MM-DD');
export const dailyPlanQuery = z.object({ date: isoDate.optional().describe('YYYY-MM-DD in the user\'s time zone; default today') });

export const dailyPlanResult = z.object({
  date: z.string(),
  timezone: z.string(),
  workout: z.object({ planId: z.number(), week: z.number(), name: z.string(), exercises: z.array(workoutExerciseSchema) }).nullable(),
  meals: z.array(mealSchema),
  nutrition: z.object({ planId: z.number(), planDay: z.number(), totals: dayTotalsSchema }).nullable(),
  classes: z.array(z.object({ name: z.string(), time: z.string(), duration: z.number() })).describe('empty until the class schedule exists'),
});
