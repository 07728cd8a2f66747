import { z } from 'zod';
import { exerciseLibrary } from '../../plans/exercise-library.ts';
import { recipeLibrary } from '../../plans/recipe-library.ts';
import { MEAL_TYPES } from '../../plans/plan-vocabulary.ts';
import type { NutritionPlanRequest, WorkoutPlanRequest } from '../../plans/plan-request.schemas.ts';
import type { NutritionPlan, WorkoutPlan } from '../../plans/plan.schemas.ts';

/**
 * What the model is asked to answer: structured-output schemas (every field required, no defaults or
 * transforms, as strict JSON schema mode wants) that carry only choices — our library ids, sets, reps,
 * servings. Names and nutrients are filled in from our libraries, and the result then goes through the
 * same check and repair as any provider's answer.
 */
export const modelWorkoutSchema = z.object({
  title: z.string().max(200),
  description: z.string().max(2000),
  weeks: z
    .array(
      z.object({
        week: z.number().int().min(1).max(52),
        days: z
          .array(
            z.object({
              day: z.number().int().min(1).max(7).describe('ISO weekday, 1 = Monday'),
              name: z.string().max(120),
              exercises: z
                .array(
                  z.object({
                    exerciseId: z.string().max(80).describe('an id from the exercise catalogue'),
                    sets: z.number().int().min(1).max(20),
                    reps: z.string().max(40).describe('"10", "8 per side" or "45 s"'),
                    restTime: z.number().int().min(0).max(600).describe('seconds'),
                    instructions: z.string().max(600),
                  }),
                )
                .max(30),
            }),
          )
          .max(7),
      }),
    )
    .min(1)
    .max(52),
});
export type ModelWorkout = z.output<typeof modelWorkoutSchema>;

export const modelNutritionSchema = z.object({
  title: z.string().max(200),
  description: z.string().max(2000),
  days: z
    .array(
      z.object({
        day: z.number().int().min(1).max(31),
        meals: z
          .array(
            z.object({
              mealType: z.enum(MEAL_TYPES),
              recipeId: z.string().max(80).describe('an id from the recipe catalogue'),
              servings: z.number().min(0.25).max(10),
            }),
          )
          .min(1)
          .max(8),
      }),
    )
    .min(1)
    .max(31),
});
export type ModelNutrition = z.output<typeof modelNutritionSchema>;

/** The documented shape, names from our library (an unknown id keeps the id as its name and is repaired later). */
export function workoutAnswerOf(answer: ModelWorkout, request: WorkoutPlanRequest): WorkoutPlan {
  return {
    title: answer.title || 'Workout plan',
    description: answer.description,
    duration: `${request.preferences.weeks} weeks`,
    daysPerWeek: request.preferences.daysPerWeek,
    weeks: answer.weeks.map((w) => ({
      week: w.week,
      days: w.days.map((d) => ({
        day: d.day,
        name: d.name || 'Workout',
        exercises: d.exercises.map((e) => ({
          ...e,
          name: exerciseLibrary.byId.get(e.exerciseId)?.name ?? (e.exerciseId || 'unknown'),
        })),
      })),
    })),
  };
}

/** Nutrients are left at zero on purpose: the check recomputes every number from the recipe's ingredients. */
export function nutritionAnswerOf(answer: ModelNutrition, _request: NutritionPlanRequest): NutritionPlan {
  const zero = { calories: 0, protein: 0, carbs: 0, fat: 0 };
  return {
    title: answer.title || 'Nutrition plan',
    description: answer.description,
    dailyCalories: 0,
    macros: { protein: 0, carbs: 0, fat: 0 },
    days: answer.days.map((d) => ({
      day: d.day,
      meals: d.meals.map((m) => ({
        mealType: m.mealType,
        name: recipeLibrary.byId.get(m.recipeId)?.name ?? (m.recipeId || 'unknown'),
        recipeId: m.recipeId,
        servings: m.servings,
        ...zero,
        ingredients: [],
      })),
      totals: { ...zero, fiber: 0, sugar: 0, sodium: 0, cholesterol: 0 },
    })),
  };
}
