import { foodLibrary, type FoodLibrary } from './food-library.ts';
import type { NutritionPlan } from './plan.schemas.ts';
import { AISLES } from './plan-vocabulary.ts';

export interface ShoppingItem {
  foodId: string;
  name: string;
  /** Total weight over the plan: the sum of every meal's ingredient grams. */
  grams: number;
  /** The amount to buy in the unit shoppers expect: g/kg for solids, ml/l for liquids. */
  quantity: number;
  unit: 'g' | 'kg' | 'ml' | 'l';
  /** In the food's everyday portion, when that says more than grams do ("6 pieces"). */
  approximately?: string;
}

export interface ShoppingList {
  aisles: { aisle: string; items: ShoppingItem[] }[];
  itemCount: number;
}

/** Foods a plan names that the library does not know still appear, so nothing silently drops off the list. */
const UNKNOWN_AISLE = 'other';

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** "2 pieces", "1.5 cups", "3 bunches"; abbreviations such as tbsp stay as they are. */
function plural(unit: string, count: number): string {
  if (count <= 1 || (unit.endsWith('s') && !unit.endsWith('ss')) || unit === 'tbsp' || unit === 'tsp') return unit;
  return /(ss|ch|sh|x)$/.test(unit) ? `${unit}es` : `${unit}s`;
}

function normalise(grams: number, density: number | undefined): Pick<ShoppingItem, 'quantity' | 'unit'> {
  if (density !== undefined) {
    const ml = grams / density;
    return ml >= 1000 ? { quantity: round2(ml / 1000), unit: 'l' } : { quantity: Math.round(ml), unit: 'ml' };
  }
  return grams >= 1000 ? { quantity: round2(grams / 1000), unit: 'kg' } : { quantity: Math.round(grams), unit: 'g' };
}

/** Ingredients summed over every meal of the plan, units normalised, grouped by aisle in store order. */
export function buildShoppingList(plan: Pick<NutritionPlan, 'days'>, foods: FoodLibrary = foodLibrary): ShoppingList {
  const totals = new Map<string, { name: string; grams: number }>();
  for (const day of plan.days) {
    for (const meal of day.meals) {
      for (const ingredient of meal.ingredients) {
        const entry = totals.get(ingredient.foodId) ?? { name: ingredient.name || ingredient.foodId, grams: 0 };
        entry.grams += ingredient.grams;
        totals.set(ingredient.foodId, entry);
      }
    }
  }

  const byAisle = new Map<string, ShoppingItem[]>();
  for (const [foodId, { name, grams }] of totals) {
    const food = foods.byId.get(foodId);
    const item: ShoppingItem = {
      foodId,
      name: food?.name ?? name,
      grams: round2(grams),
      ...normalise(grams, food?.density),
    };
    const portion = food?.portion;
    if (portion && portion.unit !== 'g' && portion.unit !== 'ml') {
      // Round up to half portions: you cannot buy 2.3 avocados, and it is better to have a little over.
      const count = Math.ceil((grams / portion.grams) * portion.amount * 2) / 2;
      item.approximately = `${count} ${plural(portion.unit, count)}`;
    }
    const aisle = food?.aisle ?? UNKNOWN_AISLE;
    byAisle.set(aisle, [...(byAisle.get(aisle) ?? []), item]);
  }

  const order: string[] = [...AISLES, UNKNOWN_AISLE];
  const aisles = [...byAisle.entries()]
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
    .map(([aisle, items]) => ({ aisle, items: items.sort((x, y) => x.name.localeCompare(y.name)) }));
  return { aisles, itemCount: totals.size };
}
