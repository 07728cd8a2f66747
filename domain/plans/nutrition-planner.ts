import { AppError } from '../shared/errors.ts';
import { recipeAllowed, type DietRules } from './diet-rules.ts';
import { dailyCalorieTarget, macroTargetsFor } from './energy-targets.ts';
import { foodLibrary, type FoodLibrary } from './food-library.ts';
import { portionDay, type PlannerTuning, type PortionedDay } from './day-portioning.ts';
import { totalsOf } from './meal-portions.ts';
import type { NutritionPlanRequest } from './plan-request.schemas.ts';
import type { NutritionDay, NutritionPlan } from './plan.schemas.ts';
import type { MealType } from './plan-vocabulary.ts';
import { recipeLibrary, type Recipe, type RecipeLibrary } from './recipe-library.ts';
import { createRandom, seedOf, type Random } from './seeded-random.ts';
import { FIBRE_MIN_G } from './nutrition-quality.ts';
import { screenProfile } from './screening.ts';

export interface NutritionLibraries {
  foods: FoodLibrary;
  recipes: RecipeLibrary;
}
const DEFAULT_LIBRARIES: NutritionLibraries = { foods: foodLibrary, recipes: recipeLibrary };

/** The day's meals and the share of its energy each one carries. */
export const MEAL_SLOTS: Record<number, { mealType: MealType; share: number }[]> = {
  3: [
    { mealType: 'breakfast', share: 0.3 },
    { mealType: 'lunch', share: 0.35 },
    { mealType: 'dinner', share: 0.35 },
  ],
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

export type { PlannerTuning } from './day-portioning.ts';

const ATTEMPTS_PER_DAY = 80;

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
      throw new AppError(
        'rule',
        'NO_ELIGIBLE_RECIPES',
        `No ${mealType} recipe fits these dietary restrictions and allergies`,
        {
          mealType,
        },
      );
    }
  }
  return pools;
}

export function mealsPerDayFor(target: number, requested: number | undefined): number {
  return requested ?? (target < 1800 ? 3 : target < 2800 ? 4 : 5);
}

/** Share of a recipe's energy that comes from protein. */
const proteinShare = (r: Recipe): number => (4 * r.perServing.protein) / r.perServing.calories;

/** One of the items, with chances proportional to their weights. */
function weightedPick<T>(items: readonly T[], weight: (item: T) => number, random: Random): T {
  const total = items.reduce((s, i) => s + weight(i), 0);
  let at = random.next() * total;
  for (const item of items) {
    at -= weight(item);
    if (at < 0) return item;
  }
  return items.at(-1) as T;
}

/**
 * A recipe for a slot, not yesterday's nor one already in the day when there is another. Every other attempt
 * leans towards protein-dense recipes (chances grow with the cube of their protein share), so days that need
 * a high-protein target get tried as often as varied ones.
 */
function pickRecipe(
  pool: readonly Recipe[],
  avoid: ReadonlySet<string>,
  inDay: ReadonlySet<string>,
  random: Random,
  leanProtein: boolean,
): Recipe {
  const fresh = pool.filter((r) => !avoid.has(r.id) && !inDay.has(r.id));
  const notToday = pool.filter((r) => !inDay.has(r.id));
  const options = fresh.length > 0 ? fresh : notToday.length > 0 ? notToday : pool;
  return leanProtein ? weightedPick(options, (r) => proteinShare(r) ** 3, random) : random.pick(options);
}

/**
 * The rule-based nutrition plan: for each day, sample combinations of allowed recipes (none from the day
 * before when there is an alternative), portion them onto the calorie target, and keep the combination
 * whose macros sit closest to the targets. Pure and deterministic for a given seed.
 */
export function generateNutritionPlan(
  request: NutritionPlanRequest,
  libs: NutritionLibraries = DEFAULT_LIBRARIES,
  tuning: PlannerTuning = {},
): NutritionPlan {
  const { userProfile: profile, preferences: prefs } = request;
  const random = createRandom(seedOf(request, { profile, prefs }));
  const target = dailyCalorieTarget(profile, prefs);
  const macros = macroTargetsFor(profile, target);
  const slots = MEAL_SLOTS[mealsPerDayFor(target, prefs.mealsPerDay)] ?? [];
  const pools = recipePools(prefs, libs);
  const screening = screenProfile(profile);
  const goals = { target, macros, sodiumLimit: screening.sodiumLimitMg, fibreMin: FIBRE_MIN_G };
  const leaning = tuning.qualityTerms !== false;

  const days: NutritionDay[] = [];
  const recent: Set<string>[] = [];
  for (let day = 1; day <= prefs.days; day++) {
    const yesterday = recent.at(-1) ?? new Set<string>();
    const lately = new Set(recent.slice(-3).flatMap((s) => [...s]));
    let best: PortionedDay | null = null;
    for (let attempt = 0; attempt < ATTEMPTS_PER_DAY; attempt++) {
      const inDay = new Set<string>();
      const recipes = slots.map((slot) => {
        const recipe = pickRecipe(pools[slot.mealType], yesterday, inDay, random, leaning && attempt % 2 === 1);
        inDay.add(recipe.id);
        return recipe;
      });
      const repeats = recipes.filter((r) => lately.has(r.id)).length;
      const candidate = portionDay(recipes, slots, goals, libs.foods, repeats, tuning);
      if (candidate && (best === null || candidate.score < best.score)) best = candidate;
    }
    if (best === null) {
      throw new AppError(
        'rule',
        'CALORIE_TARGET_UNREACHABLE',
        `No combination of recipes reaches ${target} kcal on day ${day}`,
      );
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
