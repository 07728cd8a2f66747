import type { Ctx } from '../shared/context.ts';
import { requireUser } from '../shared/context.ts';
import { AppError } from '../shared/errors.ts';
import { loadCurrentUser } from '../auth/current-account.ts';
import { foodLibrary } from '../plans/food-library.ts';
import type { MealType } from '../plans/plan-vocabulary.ts';
import { localDateOf, zoneOf } from './local-date.ts';

export interface WorkoutEntry {
  date?: string | undefined;
  planId?: number | undefined;
  name?: string | undefined;
  durationMinutes: number;
  caloriesBurned?: number | undefined;
  exercises?: unknown[] | undefined;
  notes?: string | undefined;
}

export type NutritionEntry = { date?: string | undefined; mealType?: MealType | undefined } & (
  { foodId: string; grams: number } | { name: string; calories: number; protein: number; carbs: number; fat: number }
);

/**
 * The calendar day an entry counts for: the one given (a late log for yesterday), else today in the user's
 * zone. A day after the user's today is refused: progress is what happened.
 */
async function entryDate(ctx: Ctx, date: string | undefined): Promise<string> {
  const { user } = await loadCurrentUser(ctx);
  const today = localDateOf(ctx.clock(), zoneOf(user));
  if (date && date > today)
    throw new AppError('validation', 'VALIDATION_ERROR', 'date is in the future for this user', [
      { field: 'date', message: `must be on or before ${today}` },
    ]);
  return date ?? today;
}

const one = <T>(rows: T[]): T => rows[0]!;

/** A workout entry may name the plan it followed; that must be one of this user's workout plans (else 404). */
export async function logWorkout(ctx: Ctx, entry: WorkoutEntry) {
  const { userId } = requireUser(ctx);
  const date = await entryDate(ctx, entry.date);
  const rows: Array<Record<string, unknown>> = await ctx.em.execute(
    `insert into progress_workouts (client_id, user_id, local_date, plan_id, name, duration_minutes, calories_burned, exercises, notes)
     select ?, ?, ?::date, ?::int, ?, ?, ?, ?::jsonb, ?
     where ?::int is null or exists (select 1 from user_plans where client_id = ? and user_id = ? and id = ?::int and kind = 'workout')
     returning id, to_char(local_date, 'YYYY-MM-DD') as date, plan_id as "planId", name, duration_minutes as "durationMinutes",
       calories_burned as "caloriesBurned", exercises, notes, logged_at as "loggedAt"`,
    [
      ctx.tenant.id,
      userId,
      date,
      entry.planId ?? null,
      entry.name ?? 'Workout',
      entry.durationMinutes,
      entry.caloriesBurned ?? null,
      JSON.stringify(entry.exercises ?? []),
      entry.notes ?? '',
      entry.planId ?? null,
      ctx.tenant.id,
      userId,
      entry.planId ?? null,
    ],
  );
  if (!rows[0]) throw new AppError('not_found', 'PLAN_NOT_FOUND', 'No workout plan of yours has this id');
  return one(rows);
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** A library food is logged with the nutrients of its grams, computed here from our per-100 g data. */
export async function logNutrition(ctx: Ctx, entry: NutritionEntry) {
  const { userId } = requireUser(ctx);
  const date = await entryDate(ctx, entry.date);
  let values: {
    foodId: string | null;
    grams: number | null;
    name: string;
    calories: number;
    protein: number;
    carbs: number;
    fat: number;
  };
  if ('foodId' in entry) {
    const food = foodLibrary.byId.get(entry.foodId);
    if (!food)
      throw new AppError('rule', 'UNKNOWN_FOOD', 'No food in our library has this id', [
        { field: 'foodId', message: 'unknown food' },
      ]);
    const f = entry.grams / 100;
    const n = food.per100g;
    values = {
      foodId: food.id,
      grams: entry.grams,
      name: food.name,
      calories: round2(n.calories * f),
      protein: round2(n.protein * f),
      carbs: round2(n.carbs * f),
      fat: round2(n.fat * f),
    };
    // The same bounds as the progress_nutrition columns, checked here so the answer names the field.
    const most = Math.floor(
      Math.min(
        5000,
        n.calories > 0 ? (20_000 * 100) / n.calories : 5000,
        ...[n.protein, n.carbs, n.fat].map((g) => (g > 0 ? (2000 * 100) / g : 5000)),
      ),
    );
    if (round2(entry.grams) <= 0 || entry.grams > most) {
      throw new AppError('validation', 'VALIDATION_ERROR', `grams must be between 0.01 and ${most} for ${food.name}`, [
        { field: 'grams', message: `must be between 0.01 and ${most} g of ${food.name}` },
      ]);
    }
  } else {
    values = { foodId: null, grams: null, ...entry };
  }
  const rows: Array<Record<string, unknown>> = await ctx.em.execute(
    `insert into progress_nutrition (client_id, user_id, local_date, meal_type, food_id, grams, name, calories, protein, carbs, fat)
     values (?, ?, ?::date, ?, ?, ?, ?, ?, ?, ?, ?)
     returning id, to_char(local_date, 'YYYY-MM-DD') as date, meal_type as "mealType", food_id as "foodId", grams::float8 as grams, name,
       calories::float8 as calories, protein::float8 as protein, carbs::float8 as carbs, fat::float8 as fat, logged_at as "loggedAt"`,
    [
      ctx.tenant.id,
      userId,
      date,
      entry.mealType ?? null,
      values.foodId,
      values.grams,
      values.name,
      values.calories,
      values.protein,
      values.carbs,
      values.fat,
    ],
  );
  return one(rows);
}

export async function logWater(ctx: Ctx, entry: { ml: number; date?: string | undefined }) {
  const { userId } = requireUser(ctx);
  const date = await entryDate(ctx, entry.date);
  const rows: Array<Record<string, unknown>> = await ctx.em.execute(
    `insert into progress_water (client_id, user_id, local_date, ml) values (?, ?, ?::date, ?)
     returning id, to_char(local_date, 'YYYY-MM-DD') as date, ml, logged_at as "loggedAt"`,
    [ctx.tenant.id, userId, date, entry.ml],
  );
  return one(rows);
}
