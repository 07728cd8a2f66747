import { foodProblem, type DietRules } from './diet-rules.ts';
import { dailyCalorieTarget, macroTargetsFor } from './energy-targets.ts';
import {
  buildMeal,
  MAX_SERVINGS,
  MIN_SERVINGS,
  scaleIngredients,
  SERVING_STEP,
  totalsOf,
  type BuiltMeal,
} from './meal-portions.ts';
import { foodLibrary } from './food-library.ts';
import { CALORIE_AIM, CALORIE_BAND } from './nutrition-quality.ts';
import { recipePools, type NutritionLibraries } from './nutrition-planner.ts';
import { clamp, rejectPlan, type PlanCheck, type PlanIssue } from './plan-check.ts';
import type { NutritionPlanRequest } from './plan-request.schemas.ts';
import { nutritionPlanSchema, type Meal, type NutritionPlan } from './plan.schemas.ts';
import type { MealType } from './plan-vocabulary.ts';
import { recipeLibrary, type Ingredient, type Recipe } from './recipe-library.ts';

/** The band every day must land in, relative to our own target (never the provider's stated one): ±3.9 %. */
export { CALORIE_BAND } from './nutrition-quality.ts';

/** A meal as ingredients we know: from its recipe when the id is ours, else from its own list. */
interface MealDraft {
  mealType: MealType;
  name: string;
  recipe: Recipe | undefined;
  servings: number;
  ingredients: Ingredient[];
}

function draftMeal(meal: Meal, path: string, libs: NutritionLibraries, issues: PlanIssue[]): MealDraft {
  const recipe = meal.recipeId ? libs.recipes.byId.get(meal.recipeId) : undefined;
  if (meal.recipeId && !recipe) issues.push({ path, problem: `unknown recipe "${meal.recipeId}"`, fix: 'recomputed' });
  const servings = clamp(meal.servings, MIN_SERVINGS, MAX_SERVINGS);
  if (recipe)
    return {
      mealType: meal.mealType,
      name: recipe.name,
      recipe,
      servings,
      ingredients: scaleIngredients(recipe.ingredients, servings),
    };
  const known = meal.ingredients.filter((i) => libs.foods.byId.has(i.foodId));
  for (const unknown of meal.ingredients.filter((i) => !libs.foods.byId.has(i.foodId))) {
    issues.push({ path, problem: `unknown food "${unknown.foodId}"`, fix: 'removed' });
  }
  return {
    mealType: meal.mealType,
    name: meal.name,
    recipe: undefined,
    servings,
    ingredients: known.map((i) => ({ foodId: i.foodId, grams: Math.round(i.grams) })),
  };
}

function violation(draft: MealDraft, rules: DietRules, libs: NutritionLibraries): string | null {
  if (draft.recipe && rules.excludeRecipes?.includes(draft.recipe.id))
    return `${draft.recipe.name}: excluded by the user`;
  for (const i of draft.ingredients) {
    const food = libs.foods.byId.get(i.foodId);
    const problem = food ? foodProblem(food, rules) : 'unknown food';
    if (problem) return `${food?.name ?? i.foodId}: ${problem}`;
  }
  return draft.ingredients.length === 0 ? 'no known ingredients' : null;
}

/** The allowed recipe of that meal type closest in energy to what the meal aimed for, not already in the day. */
function replacementFor(meal: Meal, pool: readonly Recipe[], taken: ReadonlySet<string>): MealDraft {
  const options = pool.filter((r) => !taken.has(r.id));
  const recipe = [...(options.length > 0 ? options : pool)].sort(
    (a, b) =>
      Math.abs(a.perServing.calories - meal.calories) - Math.abs(b.perServing.calories - meal.calories) ||
      a.id.localeCompare(b.id),
  )[0] as Recipe;
  return {
    mealType: meal.mealType,
    name: recipe.name,
    recipe,
    servings: 1,
    ingredients: scaleIngredients(recipe.ingredients, 1),
  };
}

/** Servings stay on quarter steps whatever the repair: what a cook can measure (meal-portions.ts). */
function rescale(draft: MealDraft, factor: number): MealDraft {
  const servings = clamp(
    Math.round((draft.servings * factor) / SERVING_STEP) * SERVING_STEP,
    MIN_SERVINGS,
    MAX_SERVINGS,
  );
  if (servings === draft.servings) return draft;
  const applied = servings / draft.servings;
  const ingredients = draft.recipe
    ? scaleIngredients(draft.recipe.ingredients, servings)
    : draft.ingredients.map((i) => ({ foodId: i.foodId, grams: Math.max(1, Math.round(i.grams * applied)) }));
  return { ...draft, servings, ingredients };
}

const build = (d: MealDraft, libs: NutritionLibraries): BuiltMeal =>
  buildMeal(
    { mealType: d.mealType, name: d.name, recipeId: d.recipe?.id, servings: d.servings, ingredients: d.ingredients },
    libs.foods,
  );

const dayCalories = (built: readonly BuiltMeal[]): number => built.reduce((s, b) => s + b.nutrients.calories, 0);

/**
 * Holds any provider's nutrition plan to our rules: foods and recipes from our library, numbers recomputed
 * from ingredients (never trusted), no meal breaking a restriction or allergen (swapped for an allowed
 * recipe), and every day rescaled into ±3.9 % of our calorie target (aiming at ±3 %, as the planner does).
 */
export function checkNutritionPlan(
  answer: unknown,
  request: NutritionPlanRequest,
  libs: NutritionLibraries = { foods: foodLibrary, recipes: recipeLibrary },
): PlanCheck<NutritionPlan> {
  const parsed = nutritionPlanSchema.safeParse(answer);
  if (!parsed.success) rejectPlan('not a nutrition plan', { issues: parsed.error.issues });
  const { userProfile: profile, preferences: prefs } = request;
  const plan = parsed.data;
  const issues: PlanIssue[] = [];
  const target = dailyCalorieTarget(profile, prefs);
  const macros = macroTargetsFor(profile, target);
  if (Math.abs(plan.dailyCalories - target) > target * CALORIE_BAND) {
    issues.push({
      path: 'dailyCalories',
      problem: `${plan.dailyCalories} kcal instead of ${target}`,
      fix: 'corrected',
    });
  }
  if (plan.days.length < prefs.days) rejectPlan(`${plan.days.length} days instead of ${prefs.days}`);
  if (plan.days.length > prefs.days) issues.push({ path: 'days', problem: `${plan.days.length} days`, fix: 'trimmed' });
  // Only needed when a meal must be replaced; a plan without snacks should not fail because no snack fits.
  let pools: ReturnType<typeof recipePools> | undefined;
  const poolFor = (mealType: MealType): Recipe[] => (pools ??= recipePools(prefs, libs))[mealType];

  const days = plan.days.slice(0, prefs.days).map((day, d) => {
    if (prefs.mealsPerDay !== undefined && day.meals.length !== prefs.mealsPerDay) {
      rejectPlan(`days[${d}] has ${day.meals.length} meals instead of ${prefs.mealsPerDay}`, { issues });
    }
    const taken = new Set<string>();
    let drafts = day.meals.map((meal, m) => {
      const path = `days[${d}].meals[${m}]`;
      let draft = draftMeal(meal, path, libs, issues);
      const problem = violation(draft, prefs, libs);
      if (problem) {
        draft = replacementFor(meal, poolFor(meal.mealType), taken);
        issues.push({ path, problem, fix: 'replaced' });
      }
      if (draft.recipe) taken.add(draft.recipe.id);
      return draft;
    });
    let built = drafts.map((dr) => build(dr, libs));
    built.forEach((b, m) => {
      const claimed = day.meals[m]?.calories ?? 0;
      if (Math.abs(claimed - b.meal.calories) > Math.max(10, b.meal.calories * 0.05)) {
        issues.push({
          path: `days[${d}].meals[${m}]`,
          problem: `claimed ${claimed} kcal, ingredients give ${b.meal.calories}`,
          fix: 'recomputed',
        });
      }
    });
    // One proportional pass on quarter steps, then one meal a quarter serving at a time while that brings the day closer.
    if (Math.abs(dayCalories(built) - target) > target * CALORIE_AIM) {
      issues.push({
        path: `days[${d}]`,
        problem: `${Math.round(dayCalories(built))} kcal against ${target}`,
        fix: 'rescaled',
      });
      const factor = target / dayCalories(built);
      drafts = drafts.map((dr) => rescale(dr, factor));
      built = drafts.map((dr) => build(dr, libs));
      for (let guard = 0; guard < 40 && Math.abs(dayCalories(built) - target) > target * CALORIE_AIM; guard++) {
        let best: { index: number; draft: MealDraft; error: number } | null = null;
        for (let index = 0; index < drafts.length; index++) {
          const dr = drafts[index]!;
          for (const next of [dr.servings + SERVING_STEP, dr.servings - SERVING_STEP]) {
            if (next < MIN_SERVINGS || next > MAX_SERVINGS) continue;
            const moved = rescale(dr, next / dr.servings);
            const error = Math.abs(
              dayCalories(built) - built[index]!.nutrients.calories + build(moved, libs).nutrients.calories - target,
            );
            if (error < (best?.error ?? Math.abs(dayCalories(built) - target))) best = { index, draft: moved, error };
          }
        }
        if (!best) break;
        drafts[best.index] = best.draft;
        built = drafts.map((dr) => build(dr, libs));
      }
    }
    if (Math.abs(dayCalories(built) - target) > target * CALORIE_BAND)
      rejectPlan(`days[${d}] cannot reach ${target} kcal`, { issues });
    return { day: d + 1, meals: built.map((b) => b.meal), totals: totalsOf(built.map((b) => b.nutrients)) };
  });
  // Replacing most meals would be inventing the plan ourselves under the provider's name: refused instead.
  const meals = plan.days.slice(0, prefs.days).reduce((n, day) => n + day.meals.length, 0);
  const replaced =
    issues.filter((i) => i.fix === 'replaced').length +
    issues.filter((i) => i.problem.startsWith('unknown recipe')).length;
  if (meals > 0 && replaced / meals > MAX_REPLACED_SHARE)
    rejectPlan(`${replaced} of ${meals} meals were unknown or had to be replaced`, { issues });
  return { plan: { ...plan, dailyCalories: target, macros, days }, issues };
}

/** More replaced or unknown meals than this share and the answer is refused (the caller's fallback answers). */
export const MAX_REPLACED_SHARE = 1 / 3;
