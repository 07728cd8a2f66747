import type { Ctx } from '../shared/context.ts';
import type { MealType } from '../plans/plan-vocabulary.ts';
import { logNutrition } from '../personalisation/progress-log.ts';

export interface ScannedFoodLog {
  items: Array<{ foodId: string; grams: number }>;
  mealType?: MealType | undefined;
  date?: string | undefined;
}

/**
 * A scan, as the user corrected it (foods swapped, grams changed, items dropped), logged as progress
 * nutrition entries through the same function as a manual log: nutrients always come from our library,
 * never from the model. Call inside a transaction: one unknown food logs none of the items.
 */
export async function logScannedFoods(ctx: Ctx, log: ScannedFoodLog) {
  const entries = [];
  for (const item of log.items) {
    entries.push(await logNutrition(ctx, { foodId: item.foodId, grams: item.grams, mealType: log.mealType, date: log.date }));
  }
  return { entries };
}
