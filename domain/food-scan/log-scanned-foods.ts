import type { Ctx } from '../shared/context.ts';
import type { MealType } from '../plans/plan-vocabulary.ts';
import { AppError } from '../shared/errors.ts';
import { logNutrition } from '../personalisation/progress-log.ts';
import { storedGrams, type FoodState } from './cooking-yields.ts';

export interface ScannedFoodLog {
  items: Array<{ foodId: string; grams: number; foodState?: FoodState | undefined }>;
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
  for (const [index, item] of log.items.entries()) {
    const grams = Math.round(storedGrams(item.foodId, item.grams, item.foodState ?? 'as-stored') * 100) / 100;
    try {
      entries.push(await logNutrition(ctx, { foodId: item.foodId, grams, mealType: log.mealType, date: log.date }));
    } catch (err) {
      // The manual log names `grams`/`foodId`; here the field is this item's.
      if (err instanceof AppError && Array.isArray(err.details)) {
        throw new AppError(
          err.kind,
          err.code,
          err.message,
          (err.details as Array<{ field: string; message: string }>).map((d) => ({
            ...d,
            field: `items.${index}.${d.field}`,
          })),
        );
      }
      throw err;
    }
  }
  return { entries };
}
