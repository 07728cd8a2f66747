import type { Ctx } from '../shared/context.ts';
import { loadCurrentUser } from '../auth/current-account.ts';
import type { NutritionPlan, WorkoutPlan } from '../plans/plan.schemas.ts';
import { daysBetween, isoWeekday, localDateOf, zoneOf } from './local-date.ts';
import { findActivePlan } from './user-plans.ts';
import { exercisesForProfile, mealsForProfile } from './plan-safety.ts';
import type { ClassPlan } from './class-planner.ts';

/**
 * One calendar day of the active plans, in the user's zone (profile `timezone`, else UTC). A plan starts
 * on the local date it was created: workout week N covers days 7(N-1)..7N-1 after that, the last week
 * repeating once the plan has run out; nutrition plan days cycle. Classes are the active class plan's
 * for that date (a class plan is dated: its classes are at fixed times or on fixed days).
 */
export async function getDailyPlan(ctx: Ctx, date: string | undefined) {
  const { user } = await loadCurrentUser(ctx);
  const timezone = zoneOf(user);
  const day = date ?? localDateOf(ctx.clock(), timezone);
  const workoutPlan = await findActivePlan<WorkoutPlan>(ctx, 'workout');
  const nutritionPlan = await findActivePlan<NutritionPlan>(ctx, 'nutrition');

  const warnings: string[] = [];
  let workout = null;
  if (workoutPlan) {
    const elapsed = daysBetween(localDateOf(workoutPlan.createdAt, timezone), day);
    const weeks = workoutPlan.plan.weeks;
    const week = weeks[Math.min(Math.max(0, Math.floor(elapsed / 7)), weeks.length - 1)]!;
    const session = week.days.find((d) => d.day === isoWeekday(day));
    if (session) {
      const safe = exercisesForProfile(session.exercises, user.profile);
      warnings.push(...safe.warnings);
      workout = { planId: workoutPlan.id, week: week.week, name: session.name, exercises: safe.exercises };
    }
  }

  let meals: NutritionPlan['days'][number]['meals'] = [];
  let nutrition = null;
  if (nutritionPlan) {
    const days = nutritionPlan.plan.days;
    const elapsed = daysBetween(localDateOf(nutritionPlan.createdAt, timezone), day);
    const planDay = days[((elapsed % days.length) + days.length) % days.length]!;
    const safe = mealsForProfile(planDay.meals, user.profile);
    warnings.push(...safe.warnings);
    meals = safe.meals;
    nutrition = { planId: nutritionPlan.id, planDay: planDay.day, totals: planDay.totals };
  }

  const classPlan = await findActivePlan<ClassPlan>(ctx, 'class');
  const classes =
    classPlan?.plan.weeks
      .flatMap((w) => w.days)
      .filter((d) => d.date === day)
      .flatMap((d) => d.classes) ?? [];

  return { date: day, timezone, workout, meals, nutrition, classes, warnings };
}
