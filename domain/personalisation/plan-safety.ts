import type { UserProfile } from '../identity/user.entity.ts';
import { foodProblem, type DietRules } from '../plans/diet-rules.ts';
import { exerciseLibrary, exerciseProblem } from '../plans/exercise-library.ts';
import { foodLibrary } from '../plans/food-library.ts';
import { resolveExclusions } from '../plans/food-exclusions.ts';
import { planProfileSchema } from '../plans/plan-request.schemas.ts';
import type { Meal, WorkoutExercise } from '../plans/plan.schemas.ts';
import type { Injury } from '../plans/plan-vocabulary.ts';
import { screenProfile } from '../plans/screening.ts';

/**
 * A saved plan was made from the profile as it was then. When the user later adds an allergy, a diet,
 * a dislike, an injury or a condition, what the daily plan and the shopping list serve is held to the
 * profile as it is now: anything that breaks it is left out and a warning asks for a new plan.
 */
function currentRules(profile: UserProfile): {
  diet: DietRules;
  injuries: Injury[];
  avoidImpact: boolean;
  avoidFlexion: boolean;
} {
  const s = planProfileSchema.shape;
  const pick = <T>(
    schema: { safeParse(v: unknown): { success: boolean; data?: T } },
    value: unknown,
    fallback: T,
  ): T => {
    const r = schema.safeParse(value);
    return r.success ? (r.data as T) : fallback;
  };
  const dislikes = pick<string[]>(s.dislikes, profile['dislikes'], []);
  const excluded = resolveExclusions(dislikes);
  const conditions = pick(s.conditions, profile['conditions'], []);
  // Only the conditions and pregnancy matter here (they rule out impact or spinal flexion).
  const screening = screenProfile({
    age: typeof profile.age === 'number' ? profile.age : 30,
    gender: 'unspecified',
    height: 170,
    weight: 70,
    fitnessLevel: 'beginner',
    fitnessGoal: 'maintain',
    injuries: [],
    conditions,
    pregnant: profile['pregnant'] === true,
    breastfeeding: false,
    allergies: [],
    dietaryRestrictions: [],
    dislikes: [],
    assumed: ['weight', 'height'],
  });
  return {
    diet: {
      dietaryRestrictions: pick(s.dietaryRestrictions, profile['dietaryRestrictions'], []),
      allergies: pick(s.allergies, profile['allergies'], []),
      excludeFoods: excluded.foodIds,
      excludeRecipes: excluded.recipeIds,
    },
    injuries: pick(s.injuries, profile['injuries'], []),
    avoidImpact: screening.avoidImpact,
    avoidFlexion: screening.avoidSpinalFlexion,
  };
}

export function mealsForProfile(meals: readonly Meal[], profile: UserProfile): { meals: Meal[]; warnings: string[] } {
  const { diet } = currentRules(profile);
  const kept: Meal[] = [];
  const dropped: string[] = [];
  for (const meal of meals) {
    const broken =
      (meal.recipeId && diet.excludeRecipes?.includes(meal.recipeId)) ||
      meal.ingredients.some((i) => {
        const food = foodLibrary.byId.get(i.foodId);
        return !food || foodProblem(food, diet) !== null;
      });
    if (broken) dropped.push(meal.name);
    else kept.push(meal);
  }
  const warnings =
    dropped.length > 0
      ? [
          `Left out because your profile changed since this plan was made (allergies, diet or dislikes): ${dropped.join(', ')}. Create a new nutrition plan to replace them.`,
        ]
      : [];
  return { meals: kept, warnings };
}

export function exercisesForProfile(
  exercises: readonly WorkoutExercise[],
  profile: UserProfile,
): { exercises: WorkoutExercise[]; warnings: string[] } {
  const rules = currentRules(profile);
  const avoid = [
    ...(rules.avoidImpact ? (['impact'] as const) : []),
    ...(rules.avoidFlexion ? (['spinal-flexion'] as const) : []),
  ];
  const kept: WorkoutExercise[] = [];
  const dropped: string[] = [];
  for (const e of exercises) {
    const known = e.exerciseId ? exerciseLibrary.byId.get(e.exerciseId) : undefined;
    const problem = known
      ? exerciseProblem(known, { level: 'advanced', injuries: rules.injuries, equipment: known.equipment, avoid })
      : null;
    if (problem) dropped.push(e.name);
    else kept.push(e);
  }
  const warnings =
    dropped.length > 0
      ? [
          `Left out because your profile changed since this plan was made (injuries or health conditions): ${dropped.join(', ')}. Create a new workout plan to replace them.`,
        ]
      : [];
  return { exercises: kept, warnings };
}
