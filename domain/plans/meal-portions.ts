import type { FoodLibrary, Nutrients } from './food-library.ts';
import type { DayTotals, Meal } from './plan.schemas.ts';
import type { MealType } from './plan-vocabulary.ts';
import { nutrientsOf, zeroNutrients, type Ingredient } from './recipe-library.ts';

/** Servings move in quarters: what a cook can measure, and fine enough to land near a calorie target. */
export const SERVING_STEP = 0.25;
export const MIN_SERVINGS = 0.5;
export const MAX_SERVINGS = 4;

export const round1 = (n: number): number => Math.round(n * 10) / 10;

/** Whole grams, never zero: a pinch of salt still appears on the shopping list. */
export function scaleIngredients(ingredients: readonly Ingredient[], servings: number): Ingredient[] {
  return ingredients.map((i) => ({ foodId: i.foodId, grams: Math.max(1, Math.round(i.grams * servings)) }));
}

export interface BuiltMeal {
  meal: Meal;
  nutrients: Nutrients;
}

/** A meal whose numbers are computed from its (already scaled) ingredients, never copied from elsewhere. */
export function buildMeal(
  spec: {
    mealType: MealType;
    name: string;
    recipeId?: string | undefined;
    servings: number;
    ingredients: Ingredient[];
  },
  foods: FoodLibrary,
): BuiltMeal {
  const nutrients = nutrientsOf(spec.ingredients, foods);
  const meal: Meal = {
    mealType: spec.mealType,
    name: spec.name,
    ...(spec.recipeId ? { recipeId: spec.recipeId } : {}),
    servings: spec.servings,
    calories: Math.round(nutrients.calories),
    protein: round1(nutrients.protein),
    carbs: round1(nutrients.carbs),
    fat: round1(nutrients.fat),
    ingredients: spec.ingredients.map((i) => ({
      foodId: i.foodId,
      name: foods.byId.get(i.foodId)?.name ?? i.foodId,
      grams: i.grams,
    })),
  };
  return { meal, nutrients };
}

export function sumNutrients(list: readonly Nutrients[]): Nutrients {
  const total = zeroNutrients();
  for (const n of list) for (const key of Object.keys(total) as (keyof Nutrients)[]) total[key] += n[key];
  return total;
}

export function totalsOf(list: readonly Nutrients[]): DayTotals {
  const t = sumNutrients(list);
  return {
    calories: Math.round(t.calories),
    protein: round1(t.protein),
    carbs: round1(t.carbs),
    fat: round1(t.fat),
    fiber: round1(t.fiber),
    sugar: round1(t.sugar),
    sodium: Math.round(t.sodium),
    cholesterol: Math.round(t.cholesterol),
  };
}

const clampServings = (s: number): number => Math.min(MAX_SERVINGS, Math.max(MIN_SERVINGS, s));
const snap = (s: number, step: number): number => clampServings(Math.round(s / step) * step);

/**
 * Servings per meal so the day lands on `target`: start from each meal's share of the day, snap to the
 * step, then nudge one meal at a time by one step while that brings the total closer.
 */
export function portionServings(
  kcalPerServing: readonly number[],
  shares: readonly number[],
  target: number,
  step = SERVING_STEP,
): number[] {
  const servings = kcalPerServing.map((kcal, i) => snap((target * (shares[i] ?? 0)) / kcal, step));
  const total = (): number => servings.reduce((sum, s, i) => sum + s * (kcalPerServing[i] ?? 0), 0);
  for (let guard = 0; guard < 60; guard++) {
    const current = total();
    let bestError = Math.abs(current - target);
    let move: { index: number; value: number } | null = null;
    for (let index = 0; index < servings.length; index++) {
      const s = servings[index] ?? 0;
      for (const value of [s + step, s - step]) {
        if (value < MIN_SERVINGS - 1e-9 || value > MAX_SERVINGS + 1e-9) continue;
        const next = Math.abs(current + (value - s) * (kcalPerServing[index] ?? 0) - target);
        if (next < bestError) {
          bestError = next;
          move = { index, value: Math.round(value * 100) / 100 };
        }
      }
    }
    if (move === null) break;
    servings[move.index] = move.value;
  }
  return servings;
}
