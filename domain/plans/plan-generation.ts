import { checkNutritionPlan } from './nutrition-plan-check.ts';
import type { PlanCheck } from './plan-check.ts';
import type { PlanProvider, PlanProviderOptions } from './plan-provider.port.ts';
import type { NutritionPlanRequest, WorkoutPlanRequest } from './plan-request.schemas.ts';
import type { NutritionPlan, WorkoutPlan } from './plan.schemas.ts';
import { checkWorkoutPlan } from './workout-plan-check.ts';

/**
 * What the future use cases call: ask a provider, then hold its answer to our rules. The rule-based
 * provider passes untouched; a model's answer comes back repaired, or the call fails with PLAN_REJECTED.
 */
export async function generateCheckedWorkoutPlan(
  provider: PlanProvider,
  request: WorkoutPlanRequest,
  options?: PlanProviderOptions,
): Promise<PlanCheck<WorkoutPlan> & { provider: string }> {
  const answer = await provider.generateWorkoutPlan(request, options);
  return { ...checkWorkoutPlan(answer, request), provider: provider.name };
}

export async function generateCheckedNutritionPlan(
  provider: PlanProvider,
  request: NutritionPlanRequest,
  options?: PlanProviderOptions,
): Promise<PlanCheck<NutritionPlan> & { provider: string }> {
  const answer = await provider.generateNutritionPlan(request, options);
  return { ...checkNutritionPlan(answer, request), provider: provider.name };
}
