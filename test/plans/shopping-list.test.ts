import { describe, expect, it } from 'vitest';
import { foodLibrary } from '../../domain/plans/food-library.ts';
import { generateNutritionPlan } from '../../domain/plans/nutrition-planner.ts';
import { AISLES } from '../../domain/plans/plan-vocabulary.ts';
import { buildShoppingList } from '../../domain/plans/shopping-list.ts';
import { CASES, randomNutritionRequest } from './random-requests.ts';

describe('shopping list', () => {
  it.each(CASES.slice(0, 60))('case %i sums every ingredient of the plan, units normalised, by aisle', (i) => {
    const plan = generateNutritionPlan(randomNutritionRequest(i));
    const list = buildShoppingList(plan);

    const expected = new Map<string, number>();
    for (const day of plan.days)
      for (const meal of day.meals)
        for (const ing of meal.ingredients) {
          expected.set(ing.foodId, (expected.get(ing.foodId) ?? 0) + ing.grams);
        }
    const items = list.aisles.flatMap((a) => a.items.map((item) => ({ ...item, aisle: a.aisle })));
    expect(list.itemCount).toBe(expected.size);
    expect(items).toHaveLength(expected.size);
    expect(Object.fromEntries(items.map((item) => [item.foodId, item.grams]))).toEqual(Object.fromEntries(expected));

    for (const item of items) {
      const food = foodLibrary.byId.get(item.foodId)!;
      expect(item.aisle).toBe(food.aisle);
      if (food.density === undefined) {
        expect(['g', 'kg']).toContain(item.unit);
        const grams = item.unit === 'kg' ? item.quantity * 1000 : item.quantity;
        expect(Math.abs(grams - item.grams)).toBeLessThanOrEqual(item.unit === 'kg' ? 5 : 0.5);
        expect(item.unit === 'kg').toBe(item.grams >= 1000);
      } else {
        expect(['ml', 'l']).toContain(item.unit);
        const ml = item.unit === 'l' ? item.quantity * 1000 : item.quantity;
        expect(Math.abs(ml - item.grams / food.density)).toBeLessThanOrEqual(item.unit === 'l' ? 5 : 0.5);
      }
    }
    const order = list.aisles.map((a) => AISLES.indexOf(a.aisle as never));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('reads naturally: litres of milk, kilos of oats, a count of eggs', () => {
    const meal = (foodId: string, grams: number) => ({
      mealType: 'breakfast' as const,
      name: 'x',
      servings: 1,
      calories: 0,
      protein: 0,
      carbs: 0,
      fat: 0,
      ingredients: [{ foodId, name: '', grams }],
    });
    const list = buildShoppingList({
      days: [
        {
          day: 1,
          totals: { calories: 0, protein: 0, carbs: 0, fat: 0, fiber: 0, sugar: 0, sodium: 0, cholesterol: 0 },
          meals: [
            meal('semi-skimmed-milk', 1030),
            meal('rolled-oats', 1250),
            meal('egg', 250),
            meal('mystery-food', 10),
          ],
        },
      ],
    });
    const find = (id: string) => list.aisles.flatMap((a) => a.items).find((i) => i.foodId === id)!;
    expect(find('semi-skimmed-milk')).toMatchObject({ quantity: 1, unit: 'l' });
    expect(find('rolled-oats')).toMatchObject({ quantity: 1.25, unit: 'kg' });
    expect(find('egg')).toMatchObject({ quantity: 250, unit: 'g', approximately: '5 pieces' });
    expect(list.aisles.at(-1)).toMatchObject({ aisle: 'other', items: [{ foodId: 'mystery-food', grams: 10 }] });
  });
});
