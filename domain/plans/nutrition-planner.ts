import { AppError } from '../shared/errors.ts';
import { recipeAllowed, type DietRules } from './diet-rules.ts';
import { dailyCalorieTarget, macroTargetsFor } from './energy-targets.ts';
import { foodLibrary, type FoodLibrary } from './food-library.ts';
import { buildMeal, portionServings, scaleIngredients, SERVING_STEP, totalsOf, type BuiltMeal } from './meal-portions.ts';
import type { NutritionPlanRequest } from './plan-request.schemas.ts';
import type { NutritionDay, NutritionPlan } from './plan.schemas.ts';
import type { MealType } from './plan-vocabulary.ts';
import { recipeLibrary, type Recipe, type RecipeLibrary } from './recipe-library.ts';
import { createRandom, seedOf, type Random } from './seeded-random.ts';
import { FIBRE_MIN_G, portionCapGrams, PROTEIN_TOLERANCE } from './nutrition-quality.ts';
import { screenProfile } from './screening.ts';

export interface NutritionLibraries {
  foods: FoodLibrary;
  recipes: RecipeLibrary;
}
const DEFAULT_LIBRARIES: NutritionLibraries = { foods: foodLibrary, recipes: recipeLibrary };

/** The day's meals and the share of its energy each one carries. */
export const MEAL_SLOTS: Record<number, { mealType: MealType; share: number }[]> = {
  3: [{ mealType: 'breakfast', share: 0.3 }, { mealType: 'lunch', share: 0.35 }, { mealType: 'dinner', share: 0.35 }],
  4: [
    { mealType: 'breakfast', share: 0.25 },
    { mealType: 'lunch', share: 0.3 },
    { mealType: 'snack', share: 0.15 },
    { mealType: 'dinner', share: 0.3 },
  ],
  5: [
    { mealType: 'breakfast', share: 0.22 },
    { mealType: 'snack', share: 0.1 },
    { mealType: 'lunch', share: 0.29 },
    { mealType: 'snack', share: 0.1 },
    { mealType: 'dinner', share: 0.29 },
  ],
};

/** Planned days land within ±4 % so the ±5 % promise survives rounding and later edits. */
const CALORIE_TOLERANCE = 0.04;
const ATTEMPTS_PER_DAY = 40;

/** Recipes per meal type that these rules allow; lunch and dinner stand in for each other when one is empty. */
export function recipePools(rules: DietRules, libs: NutritionLibraries): Record<MealType, Recipe[]> {
  const allowed = libs.recipes.all.filter((r) => recipeAllowed(r, rules, libs.foods));
  const of = (t: MealType): Recipe[] => allowed.filter((r) => r.mealType === t);
  const lunch = of('lunch');
  const dinner = of('dinner');
  const pools = {
    breakfast: of('breakfast'),
    lunch: lunch.length > 0 ? lunch : dinner,
    dinner: dinner.length > 0 ? dinner : lunch,
    snack: of('snack'),
  };
  for (const [mealType, pool] of Object.entries(pools)) {
    if (pool.length === 0) {
      throw new AppError('rule', 'NO_ELIGIBLE_RECIPES', `No ${mealType} recipe fits these dietary restrictions and allergies`, {
        mealType,
      });
    }
  }
  return pools;
}

export function mealsPerDayFor(target: number, requested: number | undefined): number {
  return requested ?? (target < 1800 ? 3 : target < 2800 ? 4 : 5);
}

interface Candidate {
  built: BuiltMeal[];
  score: number;
}

function pickRecipe(pool: readonly Recipe[], avoid: ReadonlySet<string>, inDay: ReadonlySet<string>, random: Random): Recipe {
  const fresh = pool.filter((r) => !avoid.has(r.id) && !inDay.has(r.id));
  if (fresh.length > 0) return random.pick(fresh);
  const notToday = pool.filter((r) => !inDay.has(r.id));
  return random.pick(notToday.length > 0 ? notToday : pool);
}

/**
 * The rule-based nutrition plan: for each day, sample combinations of allowed recipes (none from the day
 * before when there is an alternative), portion them onto the calorie target, and keep the combination
 * whose macros sit closest to the targets. Pure and deterministic for a given seed.
 */
export function generateNutritionPlan(request: NutritionPlanRequest, libs: NutritionLibraries = DEFAULT_LIBRARIES): NutritionPlan {
  const { userProfile: profile, preferences: prefs } = request;
  const random = createRandom(seedOf(request, { profile, prefs }));
  const target = dailyCalorieTarget(profile, prefs);
  const macros = macroTargetsFor(profile, target);
  const slots = MEAL_SLOTS[mealsPerDayFor(target, prefs.mealsPerDay)] ?? [];
  const pools = recipePools(prefs, libs);
  const screening = screenProfile(profile);
  const quality = { sodiumLimit: screening.sodiumLimitMg, fibreMin: FIBRE_MIN_G };

  const days: NutritionDay[] = [];
  const recent: Set<string>[] = [];
  for (let day = 1; day <= prefs.days; day++) {
    const yesterday = recent.at(-1) ?? new Set<string>();
    const lately = new Set(recent.slice(-3).flatMap((s) => [...s]));
    let best: Candidate | null = null;
    for (let attempt = 0; attempt < ATTEMPTS_PER_DAY; attempt++) {
      const inDay = new Set<string>();
      const recipes = slots.map((slot) => {
        const recipe = pickRecipe(pools[slot.mealType], yesterday, inDay, random);
        inDay.add(recipe.id);
        return recipe;
      });
      const candidate = portionDay(recipes, slots, target, macros, libs.foods, lately, quality);
      if (candidate && (best === null || candidate.score < best.score)) best = candidate;
    }
    if (best === null) {
      throw new AppError('rule', 'CALORIE_TARGET_UNREACHABLE', `No combination of recipes reaches ${target} kcal on day ${day}`);
    }
    days.push({ day, meals: best.built.map((b) => b.meal), totals: totalsOf(best.built.map((b) => b.nutrients)) });
    recent.push(new Set(best.built.map((b) => b.meal.recipeId ?? '')));
  }

  const rules = [...prefs.dietaryRestrictions, ...prefs.allergies.map((a) => `${a}-free`)];
  return {
    title: `${prefs.days}-day nutrition plan`,
    description:
      `About ${target} kcal a day (protein ${macros.protein} g, carbs ${macros.carbs} g, fat ${macros.fat} g) ` +
      `over ${slots.length} meals.` +
      (rules.length > 0 ? ` Every meal is ${rules.join(', ')}.` : ''),
    dailyCalories: target,
    macros,
    days,
  };
}

function portionDay(
  recipes: readonly Recipe[],
  slots: readonly { mealType: MealType; share: number }[],
  target: number,
  macros: { protein: number; carbs: number; fat: number },
  foods: FoodLibrary,
  lately: ReadonlySet<string>,
  quality: { sodiumLimit: number; fibreMin: number },
): Candidate | null {
  const kcal = recipes.map((r) => r.perServing.calories);
  const shares = slots.map((s) => s.share);
  // Quarter servings first; a finer step only when quarters cannot reach the band.
  for (const step of [SERVING_STEP, 0.05]) {
    const servings = portionServings(kcal, shares, target, step);
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
    const totals = totalsOf(built.map((b) => b.nutrients));
    const calorieError = Math.abs(totals.calories - target) / target;
    if (calorieError > CALORIE_TOLERANCE) continue;
    const macroError =
      (1.5 * Math.abs(totals.protein - macros.protein)) / macros.protein +
      Math.abs(totals.carbs - macros.carbs) / macros.carbs +
      Math.abs(totals.fat - macros.fat) / macros.fat;
    const repeats = recipes.filter((r) => lately.has(r.id)).length;
    // Guidance checks on the day (WHO sodium and fibre, a realistic portion of each food): a day that
    // breaks one scores far worse than any that keeps it, so it is kept only when nothing else fits.
    const oversized = built.reduce((n, b) => n + b.meal.ingredients.filter((i) => i.grams > portionCapGrams(foods.byId.get(i.foodId)!)).length, 0);
    const sodiumOver = Math.max(0, totals.sodium - quality.sodiumLimit) / quality.sodiumLimit;
    const fibreShort = Math.max(0, quality.fibreMin - totals.fiber) / quality.fibreMin;
    const proteinShort = Math.max(0, macros.protein * (1 - PROTEIN_TOLERANCE) - totals.protein) / macros.protein;
    const guidance = (sodiumOver > 0 ? 10 + 10 * sodiumOver : 0) + (fibreShort > 0 ? 3 + 5 * fibreShort : 0) + (proteinShort > 0 ? 4 + 10 * proteinShort : 0) + 10 * oversized;
    // Quarter servings are what a cook measures: a finer step only wins when no quarter-step day fits.
    const fine = step === SERVING_STEP ? 0 : 5;
    return { built, score: macroError + 2 * calorieError + 0.15 * repeats + guidance + fine };
  }
  return null;
}
