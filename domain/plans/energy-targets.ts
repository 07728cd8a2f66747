import type { NutritionPreferences, PlanProfile } from './plan-request.schemas.ts';
import type { Goal } from './plan-vocabulary.ts';

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

/** A moderate deficit or surplus: enough to move the scale, not so much that the plan is unsustainable. */
const GOAL_ADJUSTMENT: Record<Goal, number> = {
  lose_weight: 0.8,
  build_muscle: 1.1,
  strength: 1.05,
  endurance: 1.0,
  general_fitness: 1.0,
  maintain: 1.0,
};

/** Common floors below which a self-directed plan should not go. */
const MIN_CALORIES = { male: 1500, female: 1200, unspecified: 1200 } as const;

export function dailyCalorieTarget(
  profile: PlanProfile,
  preferences: Pick<NutritionPreferences, 'activityLevel' | 'calorieTarget'>,
): number {
  if (preferences.calorieTarget !== undefined) return preferences.calorieTarget;
  const raw = restingEnergy(profile) * activityFactor(profile, preferences) * GOAL_ADJUSTMENT[profile.fitnessGoal];
  const bounded = Math.min(5000, Math.max(MIN_CALORIES[profile.gender], raw));
  return Math.round(bounded / 10) * 10;
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

/** Protein beyond ~2.2 g/kg brings no further benefit, so the excess energy moves to carbohydrate. */
const MAX_PROTEIN_PER_KG = 2.2;

export function macroTargets(calories: number, goal: Goal, weightKg: number): { protein: number; carbs: number; fat: number } {
  const split = MACRO_SPLIT[goal];
  const protein = Math.min((calories * split.protein) / 4, weightKg * MAX_PROTEIN_PER_KG);
  const fat = (calories * split.fat) / 9;
  const carbs = (calories - protein * 4 - fat * 9) / 4;
  return { protein: Math.round(protein), carbs: Math.round(carbs), fat: Math.round(fat) };
}
