import type { Ctx } from '../shared/context.ts';

/** A day is on target when its calories are within this share of the plan's daily calories. */
export const ON_TARGET_BAND = 0.1;

export interface Streak {
  /** Consecutive qualifying days ending today, or yesterday when today has nothing yet (the day is not over). */
  current: number;
  longest: number;
}

/**
 * Streaks by "gaps and islands" in SQL: consecutive dates minus their row number are constant within a run,
 * so each run is one group. Workout streak: days with a logged workout. Nutrition streak: days whose
 * logged calories are within the band of the active plan's target (null without a nutrition plan).
 */
export async function progressStreaks(
  ctx: Ctx,
  userId: number,
  today: string,
  calorieTarget: number | null,
): Promise<{ workout: Streak; nutrition: Streak | null }> {
  const workout = await streakOf(
    ctx,
    `select distinct local_date from progress_workouts where client_id = ? and user_id = ?`,
    [ctx.tenant.id, userId],
    today,
  );
  const nutrition =
    calorieTarget === null
      ? null
      : await streakOf(
          ctx,
          `select local_date from progress_nutrition where client_id = ? and user_id = ? group by local_date having abs(sum(calories) - ?) <= ?`,
          [ctx.tenant.id, userId, calorieTarget, calorieTarget * ON_TARGET_BAND],
          today,
        );
  return { workout, nutrition };
}

async function streakOf(ctx: Ctx, daysSql: string, params: unknown[], today: string): Promise<Streak> {
  const rows: Array<{ current: number | null; longest: number | null }> = await ctx.em.execute(
    `with days as (${daysSql}),
          runs as (select local_date - (row_number() over (order by local_date))::int as run, local_date from days),
          islands as (select max(local_date) as last_day, count(*)::int as length from runs group by run)
     select max(length) filter (where last_day >= ?::date - 1 and last_day <= ?::date) as current, max(length) as longest from islands`,
    [...params, today, today],
  );
  return { current: Number(rows[0]?.current ?? 0), longest: Number(rows[0]?.longest ?? 0) };
}
