import { AppError } from '../shared/errors.ts';
import { energyPlan } from './energy-targets.ts';
import { explainNutrition, explainWorkout } from './plan-explanations.ts';
import { checkNutritionPlan } from './nutrition-plan-check.ts';
import { rejectPlan, type PlanCheck } from './plan-check.ts';
import type { PlanProvider, PlanProviderOptions } from './plan-provider.port.ts';
import type { NutritionPlanRequest, WorkoutPlanRequest } from './plan-request.schemas.ts';
import type { NutritionPlan, WorkoutPlan } from './plan.schemas.ts';
import { createRuleBasedPlanProvider } from './rule-based-plan-provider.ts';
import { screenProfile, type Screening } from './screening.ts';
import { FIBRE_MIN_G, nutritionQuality } from './nutrition-quality.ts';
import { checkWorkoutPlan } from './workout-plan-check.ts';
import { effectiveWorkoutRequest } from './workout-rules.ts';

export interface GenerateOptions {
  seed?: number | string;
  /** Milliseconds the whole request may take, vendor retries and fallback included (default 25 s). */
  deadlineMs?: number;
  /** Profile values that were filled with defaults, in words, for the answer's `assumptions`. */
  assumptions?: string[];
}

export interface GeneratedPlan<T> extends PlanCheck<T> {
  /** Who made the plan: the configured provider, or `rule-based` when it failed and the fallback answered. */
  provider: string;
  /** Set when the configured provider failed: its name and the stable code of the failure. */
  fallbackFrom?: { provider: string; reason: string };
}

const DEFAULT_DEADLINE_MS = 25_000;
/** Kept back from the deadline for the rule-based fallback and saving (it takes milliseconds). */
const FALLBACK_RESERVE_MS = 1_000;
const ruleBased = createRuleBasedPlanProvider();

/**
 * Asks the provider within one deadline and holds its answer to our rules; when a model provider fails
 * (vendor error, timeout, an answer that cannot be repaired into a plan passing the checks), the
 * rule-based planner answers instead and the result says so. Errors of the request itself (a bound, a
 * restriction nothing fits) are the caller's and pass through.
 */
async function withFallback<T>(
  provider: PlanProvider,
  options: GenerateOptions,
  run: (p: PlanProvider, o: PlanProviderOptions) => Promise<PlanCheck<T>>,
): Promise<GeneratedPlan<T>> {
  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const deadline = Date.now() + deadlineMs;
  if (provider.name === ruleBased.name)
    return { ...(await run(provider, { seed: options.seed })), provider: provider.name };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), Math.max(0, deadlineMs - FALLBACK_RESERVE_MS));
  try {
    return {
      ...(await run(provider, {
        seed: options.seed,
        signal: controller.signal,
        deadline: deadline - FALLBACK_RESERVE_MS,
      })),
      provider: provider.name,
    };
  } catch (err) {
    if (!(err instanceof AppError) || err.kind !== 'unavailable') throw err;
    const fallback = await run(ruleBased, { seed: options.seed });
    return { ...fallback, provider: ruleBased.name, fallbackFrom: { provider: provider.name, reason: err.code } };
  } finally {
    clearTimeout(timer);
  }
}

const fallbackNote = (from: GeneratedPlan<unknown>['fallbackFrom']): string[] =>
  from
    ? [
        `The AI planner could not give a usable plan in time (${from.reason}), so this plan was made by our rule-based planner, which follows the same rules.`,
      ]
    : [];

export async function generateCheckedWorkoutPlan(
  provider: PlanProvider,
  request: WorkoutPlanRequest,
  options: GenerateOptions = {},
): Promise<GeneratedPlan<WorkoutPlan>> {
  const { request: effective, screening, adjustments } = effectiveWorkoutRequest(request);
  const result = await withFallback(provider, options, async (p, o) =>
    checkWorkoutPlan(await p.generateWorkoutPlan(effective, o), effective),
  );
  const plan: WorkoutPlan = {
    ...result.plan,
    safetyNotes: screening.safetyNotes,
    assumptions: options.assumptions ?? [],
    adjustments: [...adjustments, ...fallbackNote(result.fallbackFrom)],
    explanation: explainWorkout(result.plan, effective, screening),
  };
  return { ...result, plan };
}

/**
 * Sodium and fibre are kept by the rule-based planner on every day (bench/plan-quality.ts: 0 of 1,437 days
 * over or under), so a model's plan may not break them either: a day over the screening's sodium ceiling or
 * under the fibre minimum rejects the answer, and the rule-based planner answers (`fallbackFrom: PLAN_REJECTED`).
 * Protein is stated, not enforced, for both (the planner itself falls short on a few restrictive days).
 */
function holdToPlannerGuidance(plan: NutritionPlan, request: NutritionPlanRequest, screening: Screening): void {
  const days = nutritionQuality(plan, request, screening).days;
  const salty = days.filter((d) => d.sodium > screening.sodiumLimitMg).map((d) => d.day);
  const lowFibre = days.filter((d) => d.fiber < FIBRE_MIN_G).map((d) => d.day);
  if (salty.length > 0)
    rejectPlan(`sodium over ${screening.sodiumLimitMg} mg on day ${salty.join(', ')}`, { days: salty });
  if (lowFibre.length > 0) rejectPlan(`fibre under ${FIBRE_MIN_G} g on day ${lowFibre.join(', ')}`, { days: lowFibre });
}

export async function generateCheckedNutritionPlan(
  provider: PlanProvider,
  request: NutritionPlanRequest,
  options: GenerateOptions = {},
): Promise<GeneratedPlan<NutritionPlan>> {
  // A calorie target out of bounds is refused here, before any vendor is asked.
  const energy = energyPlan(request.userProfile, request.preferences);
  const screening = screenProfile(request.userProfile);
  const result = await withFallback(provider, options, async (p, o) => {
    const checked = checkNutritionPlan(await p.generateNutritionPlan(request, o), request);
    if (p.name !== ruleBased.name) holdToPlannerGuidance(checked.plan, request, screening);
    return checked;
  });
  const plan: NutritionPlan = {
    ...result.plan,
    safetyNotes: screening.safetyNotes,
    assumptions: options.assumptions ?? [],
    adjustments: [...energy.limits, ...fallbackNote(result.fallbackFrom)],
    explanation: explainNutrition(result.plan, request, energy, screening),
  };
  return { ...result, plan };
}
