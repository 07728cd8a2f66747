import { describe, expect, it } from 'vitest';
import { exerciseData } from '../../domain/plans/data/exercises.data.ts';
import { foodData } from '../../domain/plans/data/foods.data.ts';
import { buildExerciseLibrary, exerciseLibrary } from '../../domain/plans/exercise-library.ts';
import { atwaterCalories, buildFoodLibrary, foodLibrary } from '../../domain/plans/food-library.ts';
import { DIET_TAGS, MEAL_TYPES, PATTERNS } from '../../domain/plans/plan-vocabulary.ts';
import { buildRecipeLibrary, recipeLibrary } from '../../domain/plans/recipe-library.ts';

describe('libraries we author', () => {
  it('hold at least 150 exercises, 200 foods and 60 recipes', () => {
    expect(exerciseLibrary.all.length).toBeGreaterThanOrEqual(150);
    expect(foodLibrary.all.length).toBeGreaterThanOrEqual(200);
    expect(recipeLibrary.all.length).toBeGreaterThanOrEqual(60);
  });

  it('cover every movement pattern, and every diet tag at every meal type', () => {
    for (const pattern of PATTERNS)
      expect(
        exerciseLibrary.all.some((e) => e.pattern === pattern),
        pattern,
      ).toBe(true);
    for (const tag of DIET_TAGS) {
      for (const mealType of MEAL_TYPES) {
        const n = recipeLibrary.all.filter((r) => r.mealType === mealType && r.tags.includes(tag)).length;
        expect(n, `${tag} ${mealType}`).toBeGreaterThanOrEqual(3);
      }
    }
  });

  it('write each exercise in its own words', () => {
    const texts = exerciseLibrary.all.map((e) => e.instructions);
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('keep food energy plausible: 4·protein + 4·carbs + 9·fat (fibre at 2) within ±15 % for almost all foods', () => {
    const off = foodLibrary.all.filter((f) => {
      const stated = f.per100g.calories;
      const estimate = atwaterCalories(f.per100g);
      return Math.abs(estimate - stated) > Math.max(0.15 * stated, 10);
    });
    // Vinegars and very lean vegetables carry acids and water the Atwater factors do not model.
    expect(off.length / foodLibrary.all.length).toBeLessThan(0.05);
    const dense = foodLibrary.all.filter((f) => f.per100g.calories >= 100 && f.id !== 'balsamic-vinegar');
    for (const f of dense) {
      const deviation = Math.abs(atwaterCalories(f.per100g) - f.per100g.calories) / f.per100g.calories;
      expect(deviation, f.id).toBeLessThanOrEqual(0.15);
    }
  });

  it('never let a tag contradict an allergen or origin', () => {
    for (const f of foodLibrary.all) {
      const has = (t: string) => f.tags.includes(t as never);
      const contains = (a: string) => f.allergens.includes(a as never);
      if (contains('dairy')) expect(has('dairy-free') || has('vegan'), f.id).toBe(false);
      if (contains('gluten')) expect(has('gluten-free'), f.id).toBe(false);
      if (contains('nuts') || contains('peanuts')) expect(has('nut-free'), f.id).toBe(false);
      if (contains('egg')) expect(has('vegan'), f.id).toBe(false);
      if (contains('fish') || contains('shellfish')) expect(has('vegetarian'), f.id).toBe(false);
      if (f.origin === 'pork') expect(has('halal'), f.id).toBe(false);
      if (['poultry', 'red-meat', 'pork'].includes(f.origin))
        expect(has('vegetarian') || has('pescatarian'), f.id).toBe(false);
      if (has('vegan')) expect(has('vegetarian') && has('dairy-free'), f.id).toBe(true);
    }
  });

  it('derive recipe nutrients and tags from the ingredients', () => {
    for (const r of recipeLibrary.all) {
      const foods = r.ingredients.map((i) => foodLibrary.byId.get(i.foodId)!);
      const kcal = r.ingredients.reduce((s, i, k) => s + (foods[k]!.per100g.calories * i.grams) / 100, 0);
      expect(r.perServing.calories, r.id).toBeCloseTo(kcal, 6);
      for (const tag of DIET_TAGS)
        expect(r.tags.includes(tag), `${r.id} ${tag}`).toBe(foods.every((f) => f.tags.includes(tag)));
      expect(r.allergens.sort()).toEqual([...new Set(foods.flatMap((f) => f.allergens))].sort());
    }
  });

  it('fail loudly at load, naming the bad entry', () => {
    const exercise = { ...exerciseData[0], id: 'broken-squat', level: 'expert' };
    expect(() => buildExerciseLibrary([exercise])).toThrow(/"broken-squat".*level/);
    expect(() => buildExerciseLibrary([exerciseData[0], exerciseData[0]])).toThrow(/Duplicate exercise id/);

    const milkWithoutDairy = { ...foodData.find((f) => f.id === 'whole-milk'), id: 'odd-milk', allergens: [] };
    expect(() => buildFoodLibrary([milkWithoutDairy])).toThrow(/"odd-milk".*allergen/);
    const heavy = {
      ...foodData[0],
      id: 'heavy-leaf',
      per100g: { ...(foodData[0]!['per100g'] as object), protein: 90, carbs: 40 },
    };
    expect(() => buildFoodLibrary([heavy])).toThrow(/"heavy-leaf"/);

    const recipe = {
      id: 'mystery-stew',
      name: 'Mystery stew',
      mealType: 'dinner',
      ingredients: [
        { foodId: 'unicorn', grams: 100 },
        { foodId: 'onion', grams: 50 },
      ],
      method: 'Stir it well.',
    };
    expect(() => buildRecipeLibrary([recipe], foodLibrary)).toThrow(/"mystery-stew".*unicorn/);
    const typo = {
      ...recipe,
      id: 'typo-oats',
      mealType: 'breakfast',
      ingredients: [
        { foodId: 'rolled-oats', grams: 600 },
        { foodId: 'banana', grams: 100 },
      ],
    };
    expect(() => buildRecipeLibrary([typo], foodLibrary)).toThrow(/"typo-oats".*kcal/);
  });
});
