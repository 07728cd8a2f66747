import type { FoodLibrary, Nutrients } from './food-library.ts';
import { nutrientsOf } from './recipe-library.ts';
import {
  buildMeal,
  MAX_SERVINGS,
  MIN_SERVINGS,
  portionServings,
  scaleIngredients,
  SERVING_STEP,
  sumNutrients,
  type BuiltMeal,
} from './meal-portions.ts';
import { CALORIE_AIM, portionCapGrams, PROTEIN_TOLERANCE } from './nutrition-quality.ts';
import type { MealType } from './plan-vocabulary.ts';
import type { Recipe } from './recipe-library.ts';

export interface DayGoals {
  target: number;
  macros: { protein: number; carbs: number; fat: number };
  sodiumLimit: number;
  fibreMin: number;
}

export interface PortionedDay {
  built: BuiltMeal[];
  score: number;
}

/** How the planner weighs a day. `qualityTerms: false` is the calorie-and-macros-only baseline the quality bench compares against. */
export interface PlannerTuning {
  qualityTerms?: boolean;
}

/** A meal may move away from its share of the day's energy, but not become the whole day or vanish. */
const SHARE_LOW = 0.5;
const SHARE_HIGH = 1.8;
const MAX_MOVES = 40;
const MARGIN = 0.02;

/**
 * Servings for one day's recipes: start from each meal's share of the energy (meal-portions.ts), then move
 * quarter servings between meals while that improves the day: protein, sodium, fibre and portion sizes
 * scored against the guidance, the energy held inside ±CALORIE_AIM throughout. Null when no servings fit.
 */
export function portionDay(
  recipes: readonly Recipe[],
  slots: readonly { mealType: MealType; share: number }[],
  goals: DayGoals,
  foods: FoodLibrary,
  repeats: number,
  tuning: PlannerTuning = {},
): PortionedDay | null {
  const quality = tuning.qualityTerms !== false;
  const per = recipes.map((r) => r.perServing);
  const shares = slots.map((s) => s.share);
  // How many servings of each recipe before one of its ingredients passes its portion cap.
  const capServings = recipes.map((r) =>
    Math.min(...r.ingredients.map((i) => portionCapGrams(foods.byId.get(i.foodId)!) / i.grams)),
  );
  const n = recipes.length;
  // Nutrients of a recipe at a serving size exactly as the meal will be built (each ingredient rounded to whole
  // grams, never under 1 g): a pinch of salt scaled by 1.75 is 2 g, not 1.75, and that decides a 2,000 mg day.
  const cache = recipes.map(() => new Map<number, Nutrients>());
  const at = (i: number, servings: number): Nutrients => {
    const hit = cache[i]!.get(servings);
    if (hit) return hit;
    const value = nutrientsOf(scaleIngredients(recipes[i]!.ingredients, servings), foods);
    cache[i]!.set(servings, value);
    return value;
  };
  const { protein, carbs, fat } = goals.macros;

  const mealKcal = new Float64Array(n);
  // Called tens of thousands of times a plan: plain loops, no allocation.
  const score = (servings: readonly number[], step: number): number => {
    let cal = 0,
      pro = 0,
      carb = 0,
      fa = 0,
      fib = 0,
      na = 0;
    for (let i = 0; i < n; i++) {
      const x = at(i, servings[i]!);
      mealKcal[i] = x.calories;
      cal += x.calories;
      pro += x.protein;
      carb += x.carbs;
      fa += x.fat;
      fib += x.fiber;
      na += x.sodium;
    }
    const calorieError = Math.abs(cal - goals.target) / goals.target;
    if (calorieError > CALORIE_AIM) return 1000 + 100 * calorieError;
    const proteinGap = (pro - protein) / protein;
    let total =
      (quality ? (proteinGap < 0 ? 1.5 : 0.5) : 1.5) * Math.abs(proteinGap) +
      Math.abs(carb - carbs) / carbs +
      Math.abs(fa - fat) / fat +
      2 * calorieError +
      0.15 * repeats +
      (step === SERVING_STEP ? 0 : 5);
    if (!quality) return total;
    for (let i = 0; i < n; i++) {
      const share = mealKcal[i]! / cal / shares[i]!;
      if (share < SHARE_LOW || share > SHARE_HIGH) return 500 + total;
      total += 2 * Math.max(0, Math.abs(share - 1) - 0.3);
      if (servings[i]! > capServings[i]! + 1e-9) total += 10;
    }
    // The guidance on the day (WHO sodium and fibre, the protein target): breaking one costs more than any fit.
    // Judged with a small margin, because the meals as built round each ingredient to whole grams.
    const sodiumOver = Math.max(0, na - goals.sodiumLimit * (1 - MARGIN)) / goals.sodiumLimit;
    const fibreShort = Math.max(0, goals.fibreMin * (1 + MARGIN) - fib) / goals.fibreMin;
    const proteinShort = Math.max(0, protein * (1 - PROTEIN_TOLERANCE + MARGIN) - pro) / protein;
    return (
      total +
      (sodiumOver > 0 ? 20 + 20 * sodiumOver : 0) +
      (fibreShort > 0 ? 3 + 5 * fibreShort : 0) +
      (proteinShort > 0 ? 6 + 20 * proteinShort : 0)
    );
  };

  // Quarter servings first (what a cook measures); a finer step only when quarters cannot reach the band.
  for (const step of [SERVING_STEP, 0.05]) {
    let servings = portionServings(
      per.map((n) => n.calories),
      shares,
      goals.target,
      step,
    );
    if (quality) servings = improve(servings, step, (s) => score(s, step));
    const built = recipes.map((recipe, i) => {
      const s = servings[i] ?? 1;
      return buildMeal(
        {
          mealType: slots[i]?.mealType ?? recipe.mealType,
          name: recipe.name,
          recipeId: recipe.id,
          servings: s,
          ingredients: scaleIngredients(recipe.ingredients, s),
        },
        foods,
      );
    });
    // The band is judged on the meals as built (whole grams), exactly as the check will judge it.
    const calories = sumNutrients(built.map((b) => b.nutrients)).calories;
    if (Math.abs(calories - goals.target) / goals.target > CALORIE_AIM) continue;
    return { built, score: score(servings, step) };
  }
  return null;
}

/** Steepest descent over single-meal steps and pairwise transfers (one meal up a step, another down), in place. */
function improve(start: readonly number[], step: number, score: (s: readonly number[]) => number): number[] {
  const s = [...start];
  let best = score(s);
  const ok = (v: number): boolean => v >= MIN_SERVINGS - 1e-9 && v <= MAX_SERVINGS + 1e-9;
  for (let moves = 0; moves < MAX_MOVES; moves++) {
    let move: [number, number, number, number] | null = null; // i, delta, j, -delta
    for (let i = 0; i < s.length; i++) {
      for (const d of [step, -step]) {
        const vi = s[i]!;
        if (!ok(vi + d)) continue;
        s[i] = vi + d;
        let value = score(s);
        if (value < best - 1e-9) {
          best = value;
          move = [i, d, -1, 0];
        }
        for (let j = 0; j < s.length; j++) {
          const vj = s[j]!;
          if (j === i || !ok(vj - d)) continue;
          s[j] = vj - d;
          value = score(s);
          if (value < best - 1e-9) {
            best = value;
            move = [i, d, j, -d];
          }
          s[j] = vj;
        }
        s[i] = vi;
      }
    }
    if (move === null) break;
    s[move[0]] = Math.round((s[move[0]]! + move[1]) * 100) / 100;
    if (move[2] >= 0) s[move[2]] = Math.round((s[move[2]]! + move[3]) * 100) / 100;
  }
  return s;
}
