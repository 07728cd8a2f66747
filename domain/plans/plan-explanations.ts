import type { EnergyPlan } from './energy-targets.ts';
import { nutritionQuality } from './nutrition-quality.ts';
import type { NutritionPlanRequest, WorkoutPlanRequest } from './plan-request.schemas.ts';
import type { NutritionPlan, WorkoutPlan } from './plan.schemas.ts';
import type { Screening } from './screening.ts';
import { aerobicMinutes } from './workout-prescription.ts';
import { WEEKLY_AEROBIC_MINUTES } from './workout-planner.ts';

const WEEKDAY = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const list = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
const words = (s: string): string => s.replaceAll('_', ' ');
/** Minutes to make up, as a few walks of 10–30 minutes ("3 walks of 20 minutes"). */
const splitMinutes = (total: number): string => {
  const walks = Math.max(1, Math.ceil(total / 30));
  const each = Math.ceil(total / walks / 5) * 5;
  return walks === 1 ? `one walk of ${each} minutes` : `${walks} walks of ${each} minutes`;
};

const GOAL_WHY: Record<string, string> = {
  strength: 'heavy compound lifts in low reps with long rests, because strength comes from lifting close to your limit',
  build_muscle:
    'compound lifts first, then isolation work, in 6–12 reps with 1–2 minutes rest, the range ACSM and ISSN advise for muscle growth',
  lose_weight:
    'full-body strength work to keep muscle while you lose fat, plus aerobic work to raise the energy you use',
  endurance: 'higher-rep strength work with short rests and plenty of aerobic training',
  general_fitness: 'a balance of every movement pattern, moderate reps and some aerobic work',
  maintain: 'a balance of every movement pattern to keep what you have built',
};

/** Why the plan looks as it does, in words an app can show under it. */
export function explainWorkout(
  plan: WorkoutPlan,
  request: WorkoutPlanRequest,
  screening: Screening,
): NonNullable<WorkoutPlan['explanation']> {
  const { userProfile: p, preferences: prefs } = request;
  const first = plan.weeks[0]?.days ?? [];
  const days = first.map((d) => `${d.name} (${WEEKDAY[d.day] ?? d.day})`);
  const rest = 7 - first.length;
  const minutes = aerobicMinutes(first);
  const aerobicGoal = p.fitnessGoal === 'lose_weight' || p.fitnessGoal === 'endurance';
  const equipment = prefs.equipment.filter((e) => e !== 'bodyweight');
  return {
    split: `${first.length} training day${first.length === 1 ? '' : 's'} a week: ${list(days)}, with ${rest} rest day${rest === 1 ? '' : 's'}. The same muscles are not trained hard on consecutive days, so each gets at least 48 hours to recover.`,
    exercises:
      `For ${words(p.fitnessGoal)}: ${GOAL_WHY[p.fitnessGoal] ?? ''}. Every exercise suits a ${p.fitnessLevel}, uses ${equipment.length > 0 ? list(equipment) : 'only your body weight'}` +
      (p.injuries.length > 0 ? ` and avoids loading the ${list(p.injuries.map(words))}` : '') +
      (screening.avoidImpact ? '; there is no jumping or running (impact ruled out by the screening)' : '') +
      (screening.balanceWork ? '; every session includes balance work' : '') +
      '.',
    progression:
      'Keep the sets and reps and raise the load first: when every set is done at the target effort with good form, add about 2.5–5 % weight (or a harder variation) the next session. Effort rises from RPE 6–7 to 8 over three weeks; every fourth week is a lighter deload week with fewer sets.',
    warmUp:
      'Each session starts with 5–10 minutes of warm-up: light cardio to raise the heart rate, then dynamic moves for the joints the session uses. Static stretching is for afterwards.',
    aerobic:
      `About ${minutes} minutes of aerobic work a week are planned in the sessions. ` +
      (minutes >= WEEKLY_AEROBIC_MINUTES
        ? `That meets the ${WEEKLY_AEROBIC_MINUTES}–300 minutes of moderate activity a week WHO advises${aerobicGoal ? ' for your goal' : ''}.`
        : `WHO advises at least ${WEEKLY_AEROBIC_MINUTES} minutes of moderate activity a week${aerobicGoal ? ' for your goal' : ' for health'}; ` +
          `${prefs.daysPerWeek} session${prefs.daysPerWeek === 1 ? '' : 's'} of ${prefs.sessionMinutes} minutes leave room for ${minutes}, ` +
          `so add the other ${WEEKLY_AEROBIC_MINUTES - minutes} minutes as brisk walks or easy cycling on other days (for example ${splitMinutes(WEEKLY_AEROBIC_MINUTES - minutes)}).`),
    aerobicMinutesPerWeek: minutes,
  };
}

export function explainNutrition(
  plan: NutritionPlan,
  request: NutritionPlanRequest,
  energy: EnergyPlan,
  screening: Screening,
): NonNullable<NutritionPlan['explanation']> {
  const { userProfile: p } = request;
  const change = energy.adjustment;
  const direction =
    Math.abs(change) < 20
      ? 'which keeps your weight stable'
      : change < 0
        ? `a deficit of ${-change} kcal (${Math.round((-change / energy.maintenance) * 100)} %), for a loss of roughly ${Math.round(((-change * 7) / 7700) * 100) / 100} kg a week`
        : `a surplus of ${change} kcal (${Math.round((change / energy.maintenance) * 100)} %), to support muscle gain with little fat`;
  const perKg = Math.round((plan.macros.protein / p.weight) * 10) / 10;
  return {
    bmr: energy.bmr,
    activityFactor: energy.activityFactor,
    maintenanceCalories: energy.maintenance,
    targetCalories: energy.target,
    adjustment: change,
    summary:
      `Your body uses about ${energy.bmr} kcal a day at rest (Mifflin–St Jeor, from your age, height, weight and sex). ` +
      `Your activity multiplies that by ${energy.activityFactor}, so about ${energy.maintenance} kcal a day keeps your weight stable. ` +
      `The plan gives ${energy.target} kcal, ${direction}. ` +
      `Protein is ${plan.macros.protein} g a day (${perKg} g per kg), fat ${plan.macros.fat} g and carbohydrate ${plan.macros.carbs} g.` +
      (energy.limits.length > 0 ? ` ${energy.limits.join(' ')}` : ''),
    quality: nutritionQuality(plan, request, screening).notes,
  };
}
