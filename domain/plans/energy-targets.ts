import { AppError } from '../shared/errors.ts';
import type { NutritionPreferences, PlanProfile } from './plan-request.schemas.ts';
import type { Goal } from './plan-vocabulary.ts';
import { screenProfile } from './screening.ts';

/** Mifflin–St Jeor resting energy (kcal/day). Without a stated sex we take the midpoint of the two offsets. */
export function restingEnergy(profile: Pick<PlanProfile, 'weight' | 'height' | 'age' | 'gender'>): number {
  const base = 10 * profile.weight + 6.25 * profile.height - 5 * profile.age;
  const offset = profile.gender === 'male' ? 5 : profile.gender === 'female' ? -161 : -78;
  return base + offset;
}

const ACTIVITY_FACTOR = { sedentary: 1.2, light: 1.375, moderate: 1.55, active: 1.725, very_active: 1.9 } as const;

/** An explicit activity level wins; otherwise the weekly workouts on the profile stand in for it. */
export function activityFactor(profile: PlanProfile, preferences: Pick<NutritionPreferences, 'activityLevel'>): number {
  if (preferences.activityLevel) return ACTIVITY_FACTOR[preferences.activityLevel];
  const sessions = profile.workoutsPerWeek;
  if (sessions === undefined) return ACTIVITY_FACTOR.light;
  if (sessions === 0) return ACTIVITY_FACTOR.sedentary;
  if (sessions <= 2) return ACTIVITY_FACTOR.light;
  if (sessions <= 4) return ACTIVITY_FACTOR.moderate;
  if (sessions <= 6) return ACTIVITY_FACTOR.active;
  return ACTIVITY_FACTOR.very_active;
}

/** A moderate deficit or surplus: about 20 % under maintenance to lose fat, 5–10 % over to build. */
const GOAL_ADJUSTMENT: Record<Goal, number> = {
  lose_weight: 0.8,
  build_muscle: 1.1,
  strength: 1.05,
  endurance: 1.0,
  general_fitness: 1.0,
  maintain: 1.0,
};

/** Energy floors below which a self-directed plan must not go (NHS/NIH: 1,200 kcal women, 1,500 kcal men). */
export const ENERGY_FLOOR = { male: 1500, female: 1200, unspecified: 1500 } as const;
/** No deficit deeper than 25 % of maintenance, no surplus above 20 %. */
export const MAX_DEFICIT = 0.25;
export const MAX_SURPLUS = 0.2;

export interface EnergyPlan {
  /** Resting energy, Mifflin–St Jeor. */
  bmr: number;
  activityFactor: number;
  /** bmr × activity factor: the energy that keeps weight stable. */
  maintenance: number;
  target: number;
  /** target − maintenance: negative is a deficit, positive a surplus. */
  adjustment: number;
  /** What a stated calorieTarget may be for this profile. */
  bounds: { min: number; max: number };
  /** Why the target differs from what the goal alone would give (a floor, a screening finding); empty if it does not. */
  limits: string[];
}

const down10 = (n: number): number => Math.floor(n / 10) * 10;
const up10 = (n: number): number => Math.ceil(n / 10) * 10;

/**
 * The day's energy: maintenance from Mifflin–St Jeor × activity factor, moved by the goal, then held
 * inside the bounds (the sex's energy floor and at most a 25 % deficit; none at all when screening says
 * so; at most a 20 % surplus). A stated calorieTarget outside the bounds is refused naming the bound.
 */
export function energyPlan(
  profile: PlanProfile,
  preferences: Pick<NutritionPreferences, 'activityLevel' | 'calorieTarget'>,
): EnergyPlan {
  const screening = screenProfile(profile);
  const bmr = restingEnergy(profile);
  const factor = activityFactor(profile, preferences);
  const maintenance = bmr * factor;
  const floor = ENERGY_FLOOR[profile.gender];
  const deepest = screening.noDeficit ? maintenance : Math.max(floor, maintenance * (1 - MAX_DEFICIT));
  const min = deepest >= maintenance ? down10(maintenance) : up10(deepest);
  const max = Math.max(min, down10(Math.min(5000, maintenance * (1 + MAX_SURPLUS))));
  const limits: string[] = [];
  let target: number;
  if (preferences.calorieTarget !== undefined) {
    const asked = preferences.calorieTarget;
    if (asked < min || asked > max) {
      const why =
        asked < min
          ? screening.noDeficit
            ? `no calorie deficit for this profile (${screening.noDeficitReasons.join(', ')}): at least ${min} kcal`
            : `at least ${min} kcal (the ${floor} kcal floor, and no deficit deeper than ${MAX_DEFICIT * 100} % of the ${Math.round(maintenance)} kcal maintenance)`
          : `at most ${max} kcal (${MAX_SURPLUS * 100} % over the ${Math.round(maintenance)} kcal maintenance)`;
      throw new AppError('validation', 'CALORIE_TARGET_OUT_OF_RANGE', `calorieTarget must be ${why}`, [
        { field: 'preferences.calorieTarget', message: `must be between ${min} and ${max} kcal for this profile` },
      ]);
    }
    target = asked;
  } else {
    const goal = GOAL_ADJUSTMENT[profile.fitnessGoal];
    const adjusted = maintenance * (screening.noDeficit ? Math.max(1, goal) : goal);
    if (screening.noDeficit && goal < 1) limits.push(`No calorie deficit: ${screening.noDeficitReasons.join(', ')}.`);
    target = Math.round(adjusted / 10) * 10;
    if (target < min) {
      target = min;
      limits.push(
        `Raised to ${min} kcal: no plan goes under the ${floor} kcal floor or more than ${MAX_DEFICIT * 100} % under maintenance.`,
      );
    }
    if (target > max) target = max;
  }
  return {
    bmr: Math.round(bmr),
    activityFactor: factor,
    maintenance: Math.round(maintenance),
    target,
    adjustment: target - Math.round(maintenance),
    bounds: { min, max },
    limits,
  };
}

export function dailyCalorieTarget(
  profile: PlanProfile,
  preferences: Pick<NutritionPreferences, 'activityLevel' | 'calorieTarget'>,
): number {
  return energyPlan(profile, preferences).target;
}

/** Shares of energy from protein, carbs and fat. */
const MACRO_SPLIT: Record<Goal, { protein: number; carbs: number; fat: number }> = {
  lose_weight: { protein: 0.3, carbs: 0.4, fat: 0.3 },
  build_muscle: { protein: 0.3, carbs: 0.45, fat: 0.25 },
  strength: { protein: 0.3, carbs: 0.45, fat: 0.25 },
  endurance: { protein: 0.2, carbs: 0.55, fat: 0.25 },
  general_fitness: { protein: 0.25, carbs: 0.5, fat: 0.25 },
  maintain: { protein: 0.25, carbs: 0.5, fat: 0.25 },
};

/** Protein beyond ~2.2 g/kg brings no further benefit (ISSN), so the excess energy moves to carbohydrate. */
const MAX_PROTEIN_PER_KG = 2.2;

export function macroTargets(
  calories: number,
  goal: Goal,
  weightKg: number,
  proteinCapPerKg: number | null = null,
): { protein: number; carbs: number; fat: number } {
  const split = MACRO_SPLIT[goal];
  const protein = Math.min((calories * split.protein) / 4, weightKg * (proteinCapPerKg ?? MAX_PROTEIN_PER_KG));
  const fat = (calories * split.fat) / 9;
  const carbs = (calories - protein * 4 - fat * 9) / 4;
  return { protein: Math.round(protein), carbs: Math.round(carbs), fat: Math.round(fat) };
}

/** The macro targets of a profile, screening included (a protein ceiling with kidney disease). */
export function macroTargetsFor(
  profile: PlanProfile,
  calories: number,
): { protein: number; carbs: number; fat: number } {
  return macroTargets(calories, profile.fitnessGoal, profile.weight, screenProfile(profile).proteinCapPerKg);
}
