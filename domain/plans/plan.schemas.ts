import { z } from 'zod';
import { MEAL_TYPES } from './plan-vocabulary.ts';

/**
 * The documented answer shapes (CONTRACT.md, "Users, plans, progress"). Every provider's answer is parsed
 * with these before the rule checks run, and they double as the structured-output schema for a model.
 * `exerciseId`, `recipeId` and the ingredient `foodId`s are our additions: they tie an answer to our libraries.
 */
export const workoutExerciseSchema = z.object({
  exerciseId: z.string().max(80).optional(),
  name: z.string().min(1).max(120),
  sets: z.number().int().min(1).max(20),
  /** "10", "8 per side", "45 s", "30 s per side": a count or a hold, readable as is by the app. */
  reps: z.union([z.string().min(1).max(40), z.number().positive()]).transform(String),
  /** Seconds of rest after each set. */
  restTime: z.number().int().min(0).max(600),
  instructions: z.string().max(600).default(''),
  /** How hard: RPE and reps in reserve ("RPE 7 (3 reps in reserve)"), or an effort in words for cardio. */
  effort: z.string().max(120).optional(),
});

export const workoutDaySchema = z.object({
  /** ISO weekday, 1 = Monday. */
  day: z.number().int().min(1).max(7),
  name: z.string().min(1).max(120),
  exercises: z.array(workoutExerciseSchema).max(30),
});

/** What every answer carries besides the plan itself, for the app to show (set by plan-generation.ts). */
const notes = z.array(z.string().max(800)).max(40);
export const planNotesShape = {
  /** Screening findings in plain words, "stop if it hurts" and "see a clinician" included. Always shown. */
  safetyNotes: notes.optional(),
  /** Profile values that were missing and filled with defaults: ask the user to refine them. */
  assumptions: notes.optional(),
  /** Where the plan departs from the request, and why (days capped, intensity lowered, provider fallback). */
  adjustments: notes.optional(),
};

export const workoutExplanationSchema = z.object({
  split: z.string().max(800),
  exercises: z.string().max(800),
  progression: z.string().max(800),
  warmUp: z.string().max(800),
  aerobic: z.string().max(800),
  aerobicMinutesPerWeek: z.number().min(0).max(5000),
});

export const workoutPlanSchema = z.object({
  title: z.string().min(1).max(200),
  description: z.string().max(2000),
  /** The plan's length in words, e.g. "4 weeks". */
  duration: z.string().min(1).max(60),
  daysPerWeek: z.number().int().min(1).max(7),
  weeks: z
    .array(z.object({ week: z.number().int().min(1).max(52), days: z.array(workoutDaySchema).max(7) }))
    .min(1)
    .max(52),
  ...planNotesShape,
  explanation: workoutExplanationSchema.optional(),
});

export type WorkoutExercise = z.output<typeof workoutExerciseSchema>;
export type WorkoutDay = z.output<typeof workoutDaySchema>;
export type WorkoutPlan = z.output<typeof workoutPlanSchema>;

const amount = z.number().min(0).max(100_000);

export const mealIngredientSchema = z.object({
  foodId: z.string().min(1).max(80),
  name: z.string().max(120).default(''),
  grams: z.number().positive().max(5_000),
});

export const mealSchema = z.object({
  mealType: z.enum(MEAL_TYPES),
  name: z.string().min(1).max(120),
  recipeId: z.string().max(80).optional(),
  servings: z.number().positive().max(10),
  calories: amount,
  protein: amount,
  carbs: amount,
  fat: amount,
  ingredients: z.array(mealIngredientSchema).max(40),
});

export const dayTotalsSchema = z.object({
  calories: amount,
  protein: amount,
  carbs: amount,
  fat: amount,
  fiber: amount.default(0),
  sugar: amount.default(0),
  sodium: amount.default(0),
  cholesterol: amount.default(0),
});

export const nutritionExplanationSchema = z.object({
  bmr: z.number().describe('resting energy, kcal/day (Mifflin–St Jeor)'),
  activityFactor: z.number(),
  maintenanceCalories: z.number().describe('bmr × activity factor'),
  targetCalories: z.number(),
  adjustment: z.number().describe('target − maintenance: negative is a deficit, positive a surplus'),
  summary: z.string().max(1200),
  quality: z.array(z.string().max(400)).max(20).describe('protein, sodium, fibre and portion checks over every day'),
});

export const nutritionPlanSchema = z.object({
  title: z.string().min(1).max(200),
  description: z.string().max(2000),
  dailyCalories: z.number().min(0).max(10_000),
  macros: z.object({ protein: amount, carbs: amount, fat: amount }),
  days: z
    .array(
      z.object({
        day: z.number().int().min(1).max(31),
        meals: z.array(mealSchema).min(1).max(8),
        totals: dayTotalsSchema,
      }),
    )
    .min(1)
    .max(31),
  ...planNotesShape,
  explanation: nutritionExplanationSchema.optional(),
});

export type MealIngredient = z.output<typeof mealIngredientSchema>;
export type Meal = z.output<typeof mealSchema>;
export type DayTotals = z.output<typeof dayTotalsSchema>;
export type NutritionPlan = z.output<typeof nutritionPlanSchema>;
export type NutritionDay = NutritionPlan['days'][number];
