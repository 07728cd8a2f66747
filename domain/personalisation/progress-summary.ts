import type { Ctx } from '../shared/context.ts';
import { requireUser } from '../shared/context.ts';
import { AppError } from '../shared/errors.ts';
import { loadCurrentUser } from '../auth/current-account.ts';
import type { NutritionPlan, WorkoutPlan } from '../plans/plan.schemas.ts';
import { daysBetween, isoWeekday, localDateOf, zoneOf } from './local-date.ts';
import { findActivePlan } from './user-plans.ts';
import { ON_TARGET_BAND, progressStreaks } from './progress-streaks.ts';

const MAX_RANGE_DAYS = 366;

interface DayRow {
  date: string;
  workouts: number;
  minutes: number;
  burned: number;
  calories: number;
  protein: number;
  carbs: number;
  fat: number;
  entries: number;
  ml: number;
}

/**
 * Daily totals over a range, summed by the database (group by the stored local date; days without
 * entries come from generate_series), set against the active plans' targets, plus streaks.
 */
export async function progressSummary(ctx: Ctx, range: { from?: string | undefined; to?: string | undefined }) {
  const { userId } = requireUser(ctx);
  const { user } = await loadCurrentUser(ctx);
  const timezone = zoneOf(user);
  const today = localDateOf(ctx.clock(), timezone);
  const to = range.to ?? today;
  const from = range.from ?? shift(to, -6);
  if (from > to)
    throw new AppError('validation', 'VALIDATION_ERROR', 'from must be on or before to', [
      { field: 'from', message: 'after to' },
    ]);
  if (daysBetween(from, to) >= MAX_RANGE_DAYS)
    throw new AppError('validation', 'VALIDATION_ERROR', `A range covers at most ${MAX_RANGE_DAYS} days`, [
      { field: 'from', message: 'range too long' },
    ]);

  const nutritionPlan = await findActivePlan<NutritionPlan>(ctx, 'nutrition');
  const workoutPlan = await findActivePlan<WorkoutPlan>(ctx, 'workout');
  const weight = typeof user.profile.weight === 'number' ? user.profile.weight : null;
  const targets = {
    calories: nutritionPlan ? Math.round(nutritionPlan.plan.dailyCalories) : null,
    protein: nutritionPlan?.plan.macros.protein ?? null,
    carbs: nutritionPlan?.plan.macros.carbs ?? null,
    fat: nutritionPlan?.plan.macros.fat ?? null,
    // About 35 ml per kg of body weight, rounded to a glass; 2 l when the weight is unknown.
    waterMl: weight ? Math.round((weight * 35) / 250) * 250 : 2000,
  };

  const owner = [ctx.tenant.id, userId, from, to];
  const rows: DayRow[] = await ctx.em.execute(
    `with w as (select local_date, count(*)::int as workouts, sum(duration_minutes)::int as minutes, coalesce(sum(calories_burned), 0)::int as burned
                from progress_workouts where client_id = ? and user_id = ? and local_date between ?::date and ?::date group by local_date),
          n as (select local_date, sum(calories)::float8 as calories, sum(protein)::float8 as protein, sum(carbs)::float8 as carbs,
                       sum(fat)::float8 as fat, count(*)::int as entries
                from progress_nutrition where client_id = ? and user_id = ? and local_date between ?::date and ?::date group by local_date),
          h as (select local_date, sum(ml)::int as ml
                from progress_water where client_id = ? and user_id = ? and local_date between ?::date and ?::date group by local_date)
     select to_char(d, 'YYYY-MM-DD') as date, coalesce(w.workouts, 0) as workouts, coalesce(w.minutes, 0) as minutes, coalesce(w.burned, 0) as burned,
            coalesce(n.calories, 0) as calories, coalesce(n.protein, 0) as protein, coalesce(n.carbs, 0) as carbs, coalesce(n.fat, 0) as fat,
            coalesce(n.entries, 0) as entries, coalesce(h.ml, 0) as ml
     from generate_series(?::date, ?::date, interval '1 day') as d
     left join w on w.local_date = d::date left join n on n.local_date = d::date left join h on h.local_date = d::date
     order by d`,
    [...owner, ...owner, ...owner, from, to],
  );

  const trainingDays = new Set(workoutPlan?.plan.weeks[0]?.days.map((d) => d.day) ?? []);
  const round1 = (n: number) => Math.round(Number(n) * 10) / 10;
  const days = rows.map((r) => ({
    date: r.date,
    workout: {
      count: r.workouts,
      minutes: r.minutes,
      caloriesBurned: r.burned,
      planned: trainingDays.has(isoWeekday(r.date)),
    },
    nutrition: {
      calories: round1(r.calories),
      protein: round1(r.protein),
      carbs: round1(r.carbs),
      fat: round1(r.fat),
      entries: r.entries,
      onTarget:
        targets.calories === null ? null : Math.abs(r.calories - targets.calories) <= targets.calories * ON_TARGET_BAND,
    },
    water: { ml: r.ml, onTarget: r.ml >= targets.waterMl },
  }));
  const streaks = await progressStreaks(ctx, userId, today, targets.calories);
  return { from, to, timezone, targets, days, streaks };
}

const shift = (date: string, n: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
