import { z } from 'zod';
import { MEAL_TYPES } from '../../../domain/plans/plan-vocabulary.ts';

export const scanFoodBody = z
  .object({
    image: z
      .string()
      .min(1)
      .optional()
      .describe('a data URL: data:image/jpeg;base64,... (or send multipart/form-data with a file field `image`)'),
  })
  .describe(
    'JSON with a data URL, or multipart/form-data with field `image`; JPEG, PNG or WebP (detected from the bytes), up to 10 MB',
  );

const nutrients = z.object({
  calories: z.number(),
  protein: z.number(),
  carbs: z.number(),
  fat: z.number(),
  fiber: z.number(),
  sugar: z.number(),
  sodium: z.number().describe('mg'),
  cholesterol: z.number().describe('mg'),
});

const recognized = {
  name: z.string().describe("the model's name for the food"),
  estimatedGrams: z.number(),
  confidence: z.number().min(0).max(1).describe("the model's confidence in the identification"),
  state: z.enum(['cooked', 'raw']).optional().describe('as the model saw it on the plate'),
  problem: z.string().optional().describe('set when the model gave an unreadable entry: the user should fix it'),
  needsReview: z
    .boolean()
    .describe('unmatched, unsure (confidence under 0.5) or unreadable: show it for the user to check'),
};

const scannedItem = z.union([
  z.object({
    ...recognized,
    matched: z.literal(true),
    matchedBy: z.enum(['exact', 'alias', 'tokens']),
    food: z.object({ id: z.string(), name: z.string() }),
    foodState: z
      .enum(['cooked', 'as-stored'])
      .describe(
        'cooked: the grams are cooked weight of a food our library stores dry or raw; per100g is as served. Log the item with this state.',
      ),
    per100g: nutrients,
    perPortion: nutrients,
  }),
  z.object({ ...recognized, matched: z.literal(false) }).describe('not in our food library: no nutrients are guessed'),
]);

export const scanResult = z.object({
  items: z.array(scannedItem),
  totals: nutrients.extend({ grams: z.number() }).describe('sum of the matched items'),
  matchedCount: z.number().int(),
  unmatchedCount: z.number().int(),
});

/** Grams as the database stores them: more than 0 once rounded to 0.01 g, at most 5,000 g (nutrient bounds are checked per food). */
export const loggedGrams = z.number().min(0.01).max(5000);

export const logScanBody = z
  .strictObject({
    items: z
      .array(
        z.strictObject({
          foodId: z.string().trim().min(1).max(80),
          grams: loggedGrams,
          foodState: z
            .enum(['cooked', 'as-stored'])
            .default('as-stored')
            .describe('cooked: the grams are cooked weight (as the scan answered)'),
        }),
      )
      .min(1)
      .max(30),
    mealType: z.enum(MEAL_TYPES).optional(),
    date: z.iso.date().optional().describe("YYYY-MM-DD in the user's time zone; default today"),
  })
  .describe('the scan as the user corrected it: library food ids and grams');

export const logScanResult = z.object({ entries: z.array(z.record(z.string(), z.unknown())) });
