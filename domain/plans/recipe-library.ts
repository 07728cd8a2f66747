import { z } from 'zod';
import { recipeData } from './data/recipes.data.ts';
import { foodLibrary, type Food, type FoodLibrary, type Nutrients } from './food-library.ts';
import { KEBAB_ID, loadEntries } from './library-loader.ts';
import { DIET_TAGS, MEAL_TYPES, type Allergen, type DietTag, type MealType } from './plan-vocabulary.ts';

const rawRecipeSchema = z
  .object({
    id: z.string().regex(KEBAB_ID, 'must be kebab-case'),
    name: z.string().min(3).max(80),
    mealType: z.enum(MEAL_TYPES),
    ingredients: z
      .array(z.object({ foodId: z.string().regex(KEBAB_ID), grams: z.number().positive().max(1000) }).strict())
      .min(2),
    method: z.string().min(10).max(300),
  })
  .strict();

export interface Ingredient {
  foodId: string;
  grams: number;
}

/** A recipe with everything derived from its ingredients: per-serving nutrients, tags and allergens. */
export interface Recipe {
  id: string;
  name: string;
  mealType: MealType;
  ingredients: Ingredient[];
  method: string;
  perServing: Nutrients;
  tags: DietTag[];
  allergens: Allergen[];
}

export interface RecipeLibrary {
  all: readonly Recipe[];
  byId: ReadonlyMap<string, Recipe>;
}

const NUTRIENT_KEYS = ['calories', 'protein', 'carbs', 'fat', 'fiber', 'sugar', 'sodium', 'cholesterol'] as const;

export const zeroNutrients = (): Nutrients => ({
  calories: 0,
  protein: 0,
  carbs: 0,
  fat: 0,
  fiber: 0,
  sugar: 0,
  sodium: 0,
  cholesterol: 0,
});

/** Nutrients of a list of ingredients, summed from the library's per-100 g values. */
export function nutrientsOf(ingredients: readonly Ingredient[], foods: FoodLibrary): Nutrients {
  const total = zeroNutrients();
  for (const { foodId, grams } of ingredients) {
    const food = foods.byId.get(foodId);
    if (!food) throw new Error(`Unknown food "${foodId}"`);
    for (const key of NUTRIENT_KEYS) total[key] += (food.per100g[key] * grams) / 100;
  }
  return total;
}

/** A tag holds for a dish only when it holds for every ingredient; allergens add up. */
export function tagsOf(ingredientFoods: readonly Food[]): { tags: DietTag[]; allergens: Allergen[] } {
  const tags = DIET_TAGS.filter((tag) => ingredientFoods.every((f) => f.tags.includes(tag)));
  const allergens = [...new Set(ingredientFoods.flatMap((f) => f.allergens))].sort();
  return { tags, allergens };
}

export function buildRecipeLibrary(rows: readonly unknown[], foods: FoodLibrary): RecipeLibrary {
  const raw = loadEntries('recipe', rawRecipeSchema, rows);
  const all = raw.map((recipe): Recipe => {
    const missing = recipe.ingredients.filter((i) => !foods.byId.has(i.foodId)).map((i) => i.foodId);
    if (missing.length > 0) throw new Error(`Invalid recipe entry "${recipe.id}": unknown food ${missing.join(', ')}`);
    const ingredientFoods = recipe.ingredients.map((i) => foods.byId.get(i.foodId) as Food);
    const perServing = nutrientsOf(recipe.ingredients, foods);
    // A serving outside this band is almost certainly a typo in grams (1500 instead of 150).
    const [low, high] = recipe.mealType === 'snack' ? [80, 500] : [250, 1000];
    if (perServing.calories < low || perServing.calories > high) {
      throw new Error(
        `Invalid recipe entry "${recipe.id}": ${Math.round(perServing.calories)} kcal per serving is outside ${low}-${high}`,
      );
    }
    return { ...recipe, perServing, ...tagsOf(ingredientFoods) };
  });
  return { all, byId: new Map(all.map((r) => [r.id, r])) };
}

export const recipeLibrary: RecipeLibrary = buildRecipeLibrary(recipeData, foodLibrary);
