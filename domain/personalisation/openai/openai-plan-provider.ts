import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { z } from 'zod';
import { AppError } from '../../shared/errors.ts';
import { rejectPlan } from '../../plans/plan-check.ts';
import type { PlanProvider, PlanProviderOptions } from '../../plans/plan-provider.port.ts';
import { modelNutritionSchema, modelWorkoutSchema, nutritionAnswerOf, workoutAnswerOf } from './model-answers.ts';
import { estimateTokens, nutritionMessages, workoutMessages } from './plan-prompts.ts';

export interface OpenAiPlanSettings {
  apiKey: string;
  baseUrl?: string | undefined;
  model: string;
  /** Longest single HTTP attempt; an attempt never runs past the request's deadline either. */
  timeoutMs?: number;
  /** Attempts after the first for timeouts, 429 and 5xx, each only if it fits before the deadline. */
  maxRetries?: number;
  /** Budget: catalogue size in the prompt, the answer's length, and all attempts of one plan together. */
  promptTokens?: number;
  completionTokens?: number;
  totalTokens?: number;
  /** Asks again (saying what was wrong) when an answer is not valid JSON in the schema. */
  answerAttempts?: number;
}

const DEFAULTS = {
  timeoutMs: 20_000,
  maxRetries: 2,
  promptTokens: 6_000,
  completionTokens: 8_000,
  totalTokens: 32_000,
  answerAttempts: 2,
};
/** An attempt with less time than this left is not started: it could not finish. */
const MIN_ATTEMPT_MS = 1_000;

/**
 * What we accept from Chat Completions, checked like any other input: a 200 without `choices`, a choice
 * without `message`, or an HTML page are bad responses, never a TypeError.
 */
const completionSchema = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullable().optional(), refusal: z.string().nullable().optional() }),
        finish_reason: z.string().nullable().optional(),
      }),
    )
    .min(1),
  usage: z.object({ total_tokens: z.number() }).nullable().optional(),
});

const timeout = () => new AppError('unavailable', 'PLAN_PROVIDER_TIMEOUT', 'The plan provider did not answer in time');
const badResponse = () =>
  new AppError('unavailable', 'PLAN_PROVIDER_BAD_RESPONSE', 'The plan provider gave an unusable answer');
const failed = (status?: number) =>
  new AppError('unavailable', 'PLAN_PROVIDER_ERROR', `The plan provider failed${status ? ` (HTTP ${status})` : ''}`);

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(timeout());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(timeout());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Seconds or an HTTP date in Retry-After (or the vendor's retry-after-ms), as milliseconds. */
function retryAfterMs(err: APIError): number | null {
  const headers = err.headers as { get?(name: string): string | null } | undefined;
  const ms = Number(headers?.get?.('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const raw = headers?.get?.('retry-after');
  if (!raw) return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

const retryable = (err: unknown): boolean =>
  err instanceof APIConnectionError ||
  (err instanceof APIError &&
    (err.status === 408 || err.status === 409 || err.status === 429 || (err.status ?? 0) >= 500));

/**
 * The OpenAI provider behind the PlanProvider port: Chat Completions with a strict JSON schema
 * (structured outputs), grounded on our catalogues, validated by zod here. Retries are ours, not the
 * SDK's, so every attempt and every wait (Retry-After included) fits inside the request's deadline; a
 * wait that would not fit ends the attempts, and the caller's fallback answers. What it returns is a
 * draft in the documented shape that goes through the same check and repair as the rule-based one.
 */
export function createOpenAiPlanProvider(settings: OpenAiPlanSettings): PlanProvider {
  const s = { ...DEFAULTS, ...settings };
  const client = new OpenAI({ apiKey: s.apiKey, baseURL: s.baseUrl, timeout: s.timeoutMs, maxRetries: 0 });

  async function complete(
    body: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming,
    options: PlanProviderOptions | undefined,
  ): Promise<z.output<typeof completionSchema>> {
    const deadline = options?.deadline ?? Date.now() + (s.timeoutMs + MIN_ATTEMPT_MS) * (s.maxRetries + 1);
    const minAttempt = Math.min(MIN_ATTEMPT_MS, s.timeoutMs);
    for (let attempt = 0; ; attempt++) {
      const left = deadline - Date.now();
      if (left < minAttempt || options?.signal?.aborted) throw timeout();
      let raw: unknown;
      try {
        raw = await client.chat.completions.create(body, {
          signal: options?.signal,
          timeout: Math.min(s.timeoutMs, left),
        });
      } catch (err) {
        if (err instanceof APIUserAbortError || options?.signal?.aborted) throw timeout();
        const wait =
          err instanceof APIError && !(err instanceof APIConnectionError)
            ? (retryAfterMs(err) ?? 500 * 2 ** attempt)
            : 500 * 2 ** attempt;
        if (!retryable(err) || attempt >= s.maxRetries || Date.now() + wait + minAttempt > deadline) {
          if (err instanceof APIConnectionTimeoutError) throw timeout();
          if (err instanceof APIError && !(err instanceof APIConnectionError)) throw failed(err.status);
          if (err instanceof APIConnectionError) throw failed();
          // Anything else (a body the SDK could not parse) is the vendor's malformed answer.
          throw badResponse();
        }
        await sleep(wait, options?.signal);
        continue;
      }
      const parsed = completionSchema.safeParse(raw);
      if (!parsed.success) throw badResponse();
      return parsed.data;
    }
  }

  async function ask<S extends z.ZodType>(
    schema: S,
    name: string,
    messages: ChatCompletionMessageParam[],
    options: PlanProviderOptions | undefined,
  ): Promise<z.output<S>> {
    const conversation = [...messages];
    let spent = 0;
    let lastProblem = 'no answer';
    for (let attempt = 1; attempt <= s.answerAttempts; attempt++) {
      const expected = estimateTokens(JSON.stringify(conversation)) + s.completionTokens;
      if (spent + expected > s.totalTokens) break;
      const completion = await complete(
        {
          model: s.model,
          messages: conversation,
          response_format: zodResponseFormat(schema, name),
          max_completion_tokens: s.completionTokens,
          temperature: 0.4,
        },
        options,
      );
      spent += completion.usage?.total_tokens ?? expected;
      const choice = completion.choices[0]!;
      // The refusal's own words are the vendor's: they are not passed on.
      if (choice.message.refusal) rejectPlan('the model declined to answer');
      const content = choice.message.content ?? '';
      const parsed = parseAnswer(schema, content, choice.finish_reason ?? undefined);
      if (parsed.ok) return parsed.value;
      lastProblem = parsed.problem;
      conversation.push(
        { role: 'assistant', content: content.slice(0, 2_000) },
        {
          role: 'user',
          content: `That answer was invalid (${parsed.problem}). Answer again with JSON that follows the schema exactly.`,
        },
      );
    }
    return rejectPlan(
      `the model's answer did not follow the schema (${lastProblem.startsWith('not JSON') ? 'not JSON' : 'schema'})`,
    );
  }

  return {
    name: `openai:${s.model}`,
    async generateWorkoutPlan(request, options) {
      const answer = await ask(modelWorkoutSchema, 'workout_plan', workoutMessages(request, s.promptTokens), options);
      return workoutAnswerOf(answer, request);
    },
    async generateNutritionPlan(request, options) {
      const answer = await ask(
        modelNutritionSchema,
        'nutrition_plan',
        nutritionMessages(request, s.promptTokens),
        options,
      );
      return nutritionAnswerOf(answer, request);
    },
  };
}

type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

function parseAnswer<S extends z.ZodType>(
  schema: S,
  content: string,
  finishReason: string | undefined,
): Parsed<z.output<S>> {
  if (finishReason === 'length') return { ok: false, problem: 'the answer was cut off at the token limit' };
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    return { ok: false, problem: 'not JSON' };
  }
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    problem: result.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; '),
  };
}
