import OpenAI, { APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { z } from 'zod';
import { AppError } from '../../shared/errors.ts';
import { rejectPlan } from '../../plans/plan-check.ts';
import type { PlanProvider, PlanProviderOptions } from '../../plans/plan-provider.port.ts';
import { modelNutritionSchema, modelWorkoutSchema, nutritionAnswerOf, workoutAnswerOf } from './model-answers.ts';
import { estimateTokens, nutritionMessages, workoutMessages } from './plan-prompts.ts';

export interface OpenAiPlanSettings {
  apiKey: string;
  baseUrl?: string | undefined;
  model: string;
  /** Per HTTP attempt; the SDK retries timeouts, 429 and 5xx `maxRetries` times with backoff. */
  timeoutMs?: number;
  maxRetries?: number;
  /** Budget: catalogue size in the prompt, the answer's length, and all attempts of one plan together. */
  promptTokens?: number;
  completionTokens?: number;
  totalTokens?: number;
  /** Asks again (saying what was wrong) when an answer is not valid JSON in the schema. */
  answerAttempts?: number;
}

const DEFAULTS = { timeoutMs: 30_000, maxRetries: 2, promptTokens: 6_000, completionTokens: 8_000, totalTokens: 32_000, answerAttempts: 2 };

/**
 * The OpenAI provider behind the PlanProvider port: Chat Completions with a strict JSON schema
 * (structured outputs), grounded on our catalogues, validated by zod here. What it returns is a draft in
 * the documented shape; callers pass it through the same check and repair as the rule-based provider's.
 */
export function createOpenAiPlanProvider(settings: OpenAiPlanSettings): PlanProvider {
  const s = { ...DEFAULTS, ...settings };
  const client = new OpenAI({ apiKey: s.apiKey, baseURL: s.baseUrl, timeout: s.timeoutMs, maxRetries: s.maxRetries });

  async function ask<S extends z.ZodType>(schema: S, name: string, messages: ChatCompletionMessageParam[], options: PlanProviderOptions | undefined): Promise<z.output<S>> {
    const conversation = [...messages];
    let spent = 0;
    let lastProblem = 'no answer';
    for (let attempt = 1; attempt <= s.answerAttempts; attempt++) {
      const expected = estimateTokens(JSON.stringify(conversation)) + s.completionTokens;
      if (spent + expected > s.totalTokens) break;
      const completion = await call(() => client.chat.completions.create(
        { model: s.model, messages: conversation, response_format: zodResponseFormat(schema, name), max_completion_tokens: s.completionTokens, temperature: 0.4 },
        { signal: options?.signal },
      ));
      spent += completion.usage?.total_tokens ?? expected;
      const choice = completion.choices[0];
      const content = choice?.message.content ?? '';
      if (choice?.message.refusal) rejectPlan(`the model refused: ${choice.message.refusal.slice(0, 200)}`);
      const parsed = parseAnswer(schema, content, choice?.finish_reason);
      if (parsed.ok) return parsed.value;
      lastProblem = parsed.problem;
      conversation.push({ role: 'assistant', content: content.slice(0, 2_000) }, { role: 'user', content: `That answer was invalid (${parsed.problem}). Answer again with JSON that follows the schema exactly.` });
    }
    return rejectPlan(`the model's answer did not follow the schema: ${lastProblem}`);
  }

  return {
    name: `openai:${s.model}`,
    async generateWorkoutPlan(request, options) {
      const answer = await ask(modelWorkoutSchema, 'workout_plan', workoutMessages(request, s.promptTokens), options);
      return workoutAnswerOf(answer, request);
    },
    async generateNutritionPlan(request, options) {
      const answer = await ask(modelNutritionSchema, 'nutrition_plan', nutritionMessages(request, s.promptTokens), options);
      return nutritionAnswerOf(answer, request);
    },
  };
}

type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

function parseAnswer<S extends z.ZodType>(schema: S, content: string, finishReason: string | undefined): Parsed<z.output<S>> {
  if (finishReason === 'length') return { ok: false, problem: 'the answer was cut off at the token limit' };
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    return { ok: false, problem: 'not JSON' };
  }
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, problem: result.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') };
}

/** Vendor failures become 503s with a stable code; nothing of the vendor's message reaches the app. */
async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof APIConnectionTimeoutError || err instanceof APIUserAbortError) {
      throw new AppError('unavailable', 'PLAN_PROVIDER_TIMEOUT', 'The plan provider did not answer in time');
    }
    if (err instanceof APIError) {
      throw new AppError('unavailable', 'PLAN_PROVIDER_ERROR', `The plan provider failed${err.status ? ` (HTTP ${err.status})` : ''}`);
    }
    throw err;
  }
}
