import { ApiError, GoogleGenAI, Type, type Schema } from '@google/genai';
import { AppError } from '../shared/errors.ts';
import {
  recognizedFoodSchema,
  recognizedFoodsSchema,
  type FoodImage,
  type FoodRecognizer,
  type RecognizedFood,
} from './food-recognizer.port.ts';

export interface GeminiSettings {
  project: string;
  location: string;
  model: string;
  /** Vertex AI express mode key; without it the SDK uses Application Default Credentials. */
  apiKey?: string | undefined;
  /** A different endpoint than Vertex AI's (a regional proxy, or the loopback fake in tests). */
  baseUrl?: string | undefined;
  timeoutMs?: number | undefined;
}

/** The answer shape Gemini is held to (Vertex AI OpenAPI subset); zod checks it again on arrival. */
const responseSchema: Schema = {
  type: Type.OBJECT,
  properties: {
    foods: {
      type: Type.ARRAY,
      items: {
        type: Type.OBJECT,
        properties: {
          name: {
            type: Type.STRING,
            description:
              'common English name of the food with how it is prepared, e.g. "grilled chicken breast", "boiled white rice"',
          },
          estimatedGrams: {
            type: Type.NUMBER,
            description:
              'estimated edible weight in grams of this food as it is in the photo (cooked weight for cooked food)',
          },
          confidence: {
            type: Type.NUMBER,
            description: 'how sure the identification is, 0 to 1',
            minimum: 0,
            maximum: 1,
          },
          state: {
            type: Type.STRING,
            enum: ['cooked', 'raw'],
            description: 'as seen on the plate: cooked rice, grilled chicken and boiled pasta are "cooked"',
          },
        },
        required: ['name', 'estimatedGrams', 'confidence', 'state'],
        propertyOrdering: ['name', 'estimatedGrams', 'confidence', 'state'],
      },
    },
  },
  required: ['foods'],
};

const PROMPT =
  'Identify each distinct food in this photo. For each, give its common English name with how it is prepared (one food per entry, ' +
  "not a dish: list a dish's visible components), the estimated edible weight in grams as it is on the plate, whether it is cooked or raw, " +
  'and your confidence 0..1. If there is no food, answer an empty list.';

/** Finish reasons that mean the model stopped for policy, not because it was done: the answer is not used. */
const REFUSED = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
  'IMAGE_RECITATION',
  'LANGUAGE',
]);

const refused = () =>
  new AppError('rule', 'SCAN_REFUSED', 'The food recognizer declined this image; try another photo of the food');

/** One item of the answer: kept when valid; otherwise kept as a flagged entry the user can correct. */
function itemOf(raw: unknown): RecognizedFood {
  const parsed = recognizedFoodSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const name =
    typeof (raw as { name?: unknown } | null)?.name === 'string'
      ? String((raw as { name: string }).name)
          .trim()
          .slice(0, 120)
      : '';
  return {
    name: name || 'unreadable item',
    estimatedGrams: 0,
    confidence: 0,
    problem: 'The recognizer gave an incomplete entry: check the food and its weight.',
  };
}

const badResponse = (why: string) =>
  new AppError('unavailable', 'PROVIDER_BAD_RESPONSE', `The food recognizer gave an unusable answer: ${why}`);

/** Gemini on Vertex AI through @google/genai: one image inline, a JSON answer constrained by a schema. */
export function createGeminiFoodRecognizer(s: GeminiSettings): FoodRecognizer {
  const client = new GoogleGenAI({
    vertexai: true,
    project: s.project,
    location: s.location,
    ...(s.apiKey ? { apiKey: s.apiKey } : {}),
    ...(s.baseUrl ? { httpOptions: { baseUrl: s.baseUrl } } : {}),
  });
  const timeoutMs = s.timeoutMs ?? 30_000;

  return {
    async recognize(image: FoodImage): Promise<RecognizedFood[]> {
      const signal = AbortSignal.timeout(timeoutMs);
      let text: string | undefined;
      try {
        const response = await client.models.generateContent({
          model: s.model,
          contents: [
            {
              role: 'user',
              parts: [
                { inlineData: { mimeType: image.mimeType, data: image.bytes.toString('base64') } },
                { text: PROMPT },
              ],
            },
          ],
          config: { responseMimeType: 'application/json', responseSchema, temperature: 0, abortSignal: signal },
        });
        if (response.promptFeedback?.blockReason) throw refused();
        const finish = response.candidates?.[0]?.finishReason;
        if (finish && REFUSED.has(String(finish))) throw refused();
        if (finish === 'MAX_TOKENS') throw badResponse('the answer was cut off');
        text = response.text;
      } catch (err) {
        if (err instanceof AppError) throw err;
        if (signal.aborted)
          throw new AppError('unavailable', 'PROVIDER_TIMEOUT', 'The food recognizer did not answer in time');
        const status = err instanceof ApiError ? ` (HTTP ${err.status})` : '';
        throw new AppError('unavailable', 'PROVIDER_ERROR', `The food recognizer failed${status}`);
      }
      if (!text) throw badResponse('no text');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw badResponse('not JSON');
      }
      const parsed = recognizedFoodsSchema.safeParse(json);
      if (!parsed.success) throw badResponse('not a list of foods');
      return parsed.data.foods.map(itemOf);
    },
  };
}
