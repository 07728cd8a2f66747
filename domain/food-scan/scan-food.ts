import type { Nutrients } from '../plans/food-library.ts';
import type { FoodImage, FoodRecognizer, RecognizedFood } from './food-recognizer.port.ts';
import { createFoodMatcher, type MatchedBy } from './food-matching.ts';
import { COOKED_YIELD, type FoodState } from './cooking-yields.ts';

const NUTRIENTS = ['calories', 'protein', 'carbs', 'fat', 'fiber', 'sugar', 'sodium', 'cholesterol'] as const;

const round1 = (n: number): number => Math.round(n * 10) / 10;
const zero = (): Nutrients => ({
  calories: 0,
  protein: 0,
  carbs: 0,
  fat: 0,
  fiber: 0,
  sugar: 0,
  sodium: 0,
  cholesterol: 0,
});

function scaled(per100g: Nutrients, grams: number): Nutrients {
  const out = zero();
  for (const k of NUTRIENTS) out[k] = round1((per100g[k] * grams) / 100);
  return out;
}

export type ScannedItem = RecognizedFood & {
  /** Set when the user should look at this item: unmatched, unsure (confidence under 0.5) or unreadable. */
  needsReview: boolean;
} & (
    | {
        matched: true;
        matchedBy: MatchedBy;
        food: { id: string; name: string };
        foodState: FoodState;
        per100g: Nutrients;
        perPortion: Nutrients;
      }
    | { matched: false }
  );

/** Below this confidence an item is flagged for the user to check. */
const REVIEW_BELOW = 0.5;

export interface ScanResult {
  items: ScannedItem[];
  /** Sums of the matched items' portions; unmatched items add nothing (their nutrients are unknown). */
  totals: Nutrients & { grams: number };
  matchedCount: number;
  unmatchedCount: number;
}

const matchFood = createFoodMatcher();

/** Library nutrients for what the model saw; grams and confidence are the model's own estimates. */
export function presentScan(foods: readonly RecognizedFood[]): ScanResult {
  const totals = { ...zero(), grams: 0 };
  const items = foods.map((f): ScannedItem => {
    const grams = round1(f.estimatedGrams);
    const match = f.problem ? null : matchFood(f.name, f.state);
    if (!match) return { ...f, estimatedGrams: grams, needsReview: true, matched: false };
    // Cooked grams of a food we store dry or raw: nutrients per 100 g as served, through the cooking yield.
    const yieldFactor = match.state === 'cooked' ? (COOKED_YIELD[match.food.id] ?? 1) : 1;
    const per100g = yieldFactor === 1 ? { ...match.food.per100g } : scaled(match.food.per100g, 100 / yieldFactor);
    const perPortion = scaled(per100g, grams);
    for (const k of NUTRIENTS) totals[k] += perPortion[k];
    totals.grams += grams;
    return {
      ...f,
      estimatedGrams: grams,
      needsReview: f.confidence < REVIEW_BELOW,
      matched: true,
      matchedBy: match.matchedBy,
      food: { id: match.food.id, name: match.food.name },
      foodState: match.state,
      per100g,
      perPortion,
    };
  });
  for (const k of [...NUTRIENTS, 'grams'] as const) totals[k] = round1(totals[k]);
  const matchedCount = items.filter((i) => i.matched).length;
  return { items, totals, matchedCount, unmatchedCount: items.length - matchedCount };
}

export async function scanFood(recognizer: FoodRecognizer, image: FoodImage): Promise<ScanResult> {
  return presentScan(await recognizer.recognize(image));
}
