import type { Food, FoodLibrary } from './food-library.ts';
import type { NutritionPreferences } from './plan-request.schemas.ts';
import type { Recipe } from './recipe-library.ts';

export type DietRules = Pick<
  NutritionPreferences,
  'dietaryRestrictions' | 'allergies' | 'excludeFoods' | 'excludeRecipes'
>;

/** Why a food may not be eaten under these rules, or null when it may. */
export function foodProblem(food: Food, rules: DietRules): string | null {
  const missing = rules.dietaryRestrictions.filter((tag) => !food.tags.includes(tag));
  if (missing.length > 0) return `not ${missing.join(', ')}`;
  const allergens = food.allergens.filter((a) => rules.allergies.includes(a));
  if (allergens.length > 0) return `contains ${allergens.join(', ')}`;
  if (rules.excludeFoods.includes(food.id)) return 'excluded by the user';
  return null;
}

/** A recipe is allowed only when every ingredient is: tags are derived, so this also covers its own tags. */
export function recipeAllowed(recipe: Recipe, rules: DietRules, foods: FoodLibrary): boolean {
  if (rules.excludeRecipes?.includes(recipe.id)) return false;
  return recipe.ingredients.every((i) => {
    const food = foods.byId.get(i.foodId);
    return food !== undefined && foodProblem(food, rules) === null;
  });
}
