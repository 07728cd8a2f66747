import type { NutritionPlanRequest, WorkoutPlanRequest } from './plan-request.schemas.ts';
import type { NutritionPlan, WorkoutPlan } from './plan.schemas.ts';

export interface PlanProviderOptions {
  /** Makes a rule-based answer reproducible; a model provider may pass it on or ignore it. */
  seed?: number | string;
  /** Lets the caller bound a slow vendor call; a provider must stop work when it fires. */
  signal?: AbortSignal;
  /** Epoch milliseconds by which the provider must have answered, retries included. */
  deadline?: number;
}

/**
 * Where plans come from. The rule-based provider is the embedded default; a model-backed provider (OpenAI)
 * implements the same port later. An answer only has to be in the documented shape: callers pass it through
 * `checkWorkoutPlan` / `checkNutritionPlan` (see plan-generation.ts), which hold every provider to the same rules.
 */
export interface PlanProvider {
  readonly name: string;
  generateWorkoutPlan(request: WorkoutPlanRequest, options?: PlanProviderOptions): Promise<WorkoutPlan>;
  generateNutritionPlan(request: NutritionPlanRequest, options?: PlanProviderOptions): Promise<NutritionPlan>;
}
