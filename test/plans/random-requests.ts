import {
  nutritionPlanRequestSchema,
  workoutPlanRequestSchema,
  type NutritionPlanRequest,
  type WorkoutPlanRequest,
} from '../../domain/plans/plan-request.schemas.ts';
import {
  ALLERGENS,
  DIET_TAGS,
  EQUIPMENT,
  GOALS,
  INJURIES,
  INTENSITIES,
  LEVELS,
} from '../../domain/plans/plan-vocabulary.ts';
import { createRandom, type Random } from '../../domain/plans/seeded-random.ts';
import { energyPlan } from '../../domain/plans/energy-targets.ts';

/**
 * Random but reproducible requests for the property tests (no new dependency): each case is built from its
 * own index, so a failure names a case that can be replayed alone.
 */
const between = (r: Random, low: number, high: number): number => low + r.int(high - low + 1);
const subset = <T>(r: Random, items: readonly T[], p: number): T[] => items.filter(() => r.next() < p);

function randomProfile(r: Random) {
  return {
    age: between(r, 16, 80),
    gender: r.pick(['male', 'female', 'non-binary', 'F', 'Male']),
    height: between(r, 150, 200),
    weight: between(r, 45, 140),
    fitnessLevel: r.pick(LEVELS),
    fitnessGoal: r.pick(GOALS),
    injuries: subset(r, INJURIES, 0.2),
    ...(r.next() < 0.5 ? { workoutsPerWeek: between(r, 0, 7) } : {}),
  };
}

export function randomWorkoutRequest(caseIndex: number): WorkoutPlanRequest {
  const r = createRandom(`workout-case-${caseIndex}`);
  return workoutPlanRequestSchema.parse({
    userProfile: randomProfile(r),
    preferences: {
      daysPerWeek: between(r, 1, 7),
      sessionMinutes: between(r, 15, 120),
      intensity: r.pick(INTENSITIES),
      equipment: ['bodyweight', ...subset(r, EQUIPMENT.slice(1), 0.35)],
      weeks: between(r, 1, 12),
    },
    seed: r.int(1_000_000_000),
  });
}

export function randomNutritionRequest(caseIndex: number): NutritionPlanRequest {
  const r = createRandom(`nutrition-case-${caseIndex}`);
  const userProfile = randomProfile(r);
  const preferences = {
    days: between(r, 1, 14),
    ...(r.next() < 0.4 ? { mealsPerDay: between(r, 3, 5) } : {}),
    dietaryRestrictions: subset(r, DIET_TAGS, 0.2),
    allergies: subset(r, ALLERGENS, 0.12),
    ...(r.next() < 0.3 ? { activityLevel: r.pick(['sedentary', 'light', 'moderate', 'active', 'very_active']) } : {}),
  };
  const wantsTarget = r.next() < 0.3;
  const request = nutritionPlanRequestSchema.parse({ userProfile, preferences, seed: r.int(1_000_000_000) });
  if (!wantsTarget) return request;
  // A stated target anywhere inside the bounds this profile allows (outside them is a 400, tested elsewhere).
  const { bounds } = energyPlan(request.userProfile, request.preferences);
  const calorieTarget = Math.min(5000, Math.max(1200, between(r, bounds.min, bounds.max)));
  return nutritionPlanRequestSchema.parse({
    userProfile,
    preferences: { ...preferences, calorieTarget },
    seed: request.seed,
  });
}

export const CASES = Array.from({ length: 200 }, (_, i) => i);
