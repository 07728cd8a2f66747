import { z } from 'zod';
import { plainText } from '../../../domain/identity/user-profile.ts';
import { MEAL_TYPES } from '../../../domain/plans/plan-vocabulary.ts';

const date = z.iso.date().describe("YYYY-MM-DD in the user's time zone; default today").optional();
const macro = z.number().min(0).max(2000);

export const workoutEntryBody = z.strictObject({
  date,
  planId: z.number().int().positive().optional().describe('the workout plan followed (one of yours)'),
  name: plainText(120).min(1).optional(),
  durationMinutes: z.number().int().min(1).max(600),
  caloriesBurned: z.number().int().min(0).max(10_000).optional(),
  exercises: z
    .array(
      z.strictObject({
        name: plainText(120).min(1),
        sets: z.number().int().min(1).max(50).optional(),
        reps: z.union([z.number().int().min(0).max(1000), plainText(40)]).optional(),
        weightKg: z.number().min(0).max(1000).optional(),
      }),
    )
    .max(50)
    .optional(),
  notes: plainText(1000).optional(),
});

const food = z.strictObject({
  date,
  mealType: z.enum(MEAL_TYPES).optional(),
  foodId: z.string().trim().min(1).max(80),
  grams: z.number().positive().max(5000),
});
const free = z.strictObject({
  date,
  mealType: z.enum(MEAL_TYPES).optional(),
  name: plainText(120).min(1),
  calories: z.number().min(0).max(20_000),
  protein: macro,
  carbs: macro,
  fat: macro,
});
export const nutritionEntryBody = z.union([food, free]).describe('a library food and its grams, or free macros');

export const waterEntryBody = z.strictObject({ date, ml: z.number().int().min(1).max(5000) });

const row = z.record(z.string(), z.unknown());
export const entryResult = row;

export const progressQuery = z.object({
  from: z.iso.date().optional().describe('YYYY-MM-DD; default six days before `to`'),
  to: z.iso.date().optional().describe("YYYY-MM-DD; default today in the user's time zone"),
});

const streak = z.object({ current: z.number(), longest: z.number() });
export const progressResult = z.object({
  from: z.string(),
  to: z.string(),
  timezone: z.string(),
  targets: z.object({
    calories: z.number().nullable(),
    protein: z.number().nullable(),
    carbs: z.number().nullable(),
    fat: z.number().nullable(),
    waterMl: z.number(),
  }),
  days: z.array(
    z.object({
      date: z.string(),
      workout: z.object({ count: z.number(), minutes: z.number(), caloriesBurned: z.number(), planned: z.boolean() }),
      nutrition: z.object({
        calories: z.number(),
        protein: z.number(),
        carbs: z.number(),
        fat: z.number(),
        entries: z.number(),
        onTarget: z.boolean().nullable(),
      }),
      water: z.object({ ml: z.number(), onTarget: z.boolean() }),
    }),
  ),
  streaks: z.object({ workout: streak, nutrition: streak.nullable() }),
});
