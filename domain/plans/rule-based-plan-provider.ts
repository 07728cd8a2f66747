import { exerciseLibrary, type ExerciseLibrary } from './exercise-library.ts';
import { foodLibrary } from './food-library.ts';
import { generateNutritionPlan, type NutritionLibraries } from './nutrition-planner.ts';
import type { PlanProvider } from './plan-provider.port.ts';
import { recipeLibrary } from './recipe-library.ts';
import { generateWorkoutPlan } from './workout-planner.ts';

/** The embedded provider: no vendor, no network, the same plan for the same seed. */
export function createRuleBasedPlanProvider(
  libraries: { exercises: ExerciseLibrary } & NutritionLibraries = {
    exercises: exerciseLibrary,
    foods: foodLibrary,
    recipes: recipeLibrary,
  },
): PlanProvider {
  return {
    name: 'rule-based',
    async generateWorkoutPlan(request, options) {
      options?.signal?.throwIfAborted();
      return generateWorkoutPlan({ ...request, seed: options?.seed ?? request.seed }, libraries.exercises);
    },
    async generateNutritionPlan(request, options) {
      options?.signal?.throwIfAborted();
      return generateNutritionPlan({ ...request, seed: options?.seed ?? request.seed }, libraries);
    },
  };
}
