import { createRuleBasedPlanProvider } from '../plans/rule-based-plan-provider.ts';
import type { PlanProvider } from '../plans/plan-provider.port.ts';

const ruleBased = createRuleBasedPlanProvider();

/**
 * Which provider answers plan requests. With no vendor configured it is the embedded rule-based one;
 * a model-backed provider plugs in here behind the same port (its answers are checked the same way).
 */
export function planProviderFor(_vendor: { apiKey?: string | undefined }): PlanProvider {
  return ruleBased;
}
