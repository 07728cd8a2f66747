import { createRuleBasedPlanProvider } from '../plans/rule-based-plan-provider.ts';
import type { PlanProvider } from '../plans/plan-provider.port.ts';
import { createOpenAiPlanProvider } from './openai/openai-plan-provider.ts';

const ruleBased = createRuleBasedPlanProvider();
const models = new Map<string, PlanProvider>();

export interface PlanVendorConfig {
  apiKey?: string | undefined;
  baseUrl?: string | undefined;
  model: string;
}

/**
 * Which provider answers plan requests: OpenAI when a key is configured, else the embedded rule-based
 * one. Either answer goes through the same check and repair (domain/plans/plan-generation.ts). One SDK
 * client per configuration, reused across requests (it keeps its connection pool).
 */
export function planProviderFor(vendor: PlanVendorConfig): PlanProvider {
  if (!vendor.apiKey) return ruleBased;
  const key = `${vendor.baseUrl ?? ''}|${vendor.model}|${vendor.apiKey}`;
  let provider = models.get(key);
  if (!provider) {
    provider = createOpenAiPlanProvider({ apiKey: vendor.apiKey, baseUrl: vendor.baseUrl, model: vendor.model });
    models.set(key, provider);
  }
  return provider;
}
