import { describe, expect, it } from 'vitest';
import { AppError } from '../../domain/shared/errors.ts';
import { dailyCalorieTarget, macroTargets, macroTargetsFor, restingEnergy } from '../../domain/plans/energy-targets.ts';
import { foodLibrary } from '../../domain/plans/food-library.ts';
import { generateNutritionPlan } from '../../domain/plans/nutrition-planner.ts';
import { CALORIE_BAND } from '../../domain/plans/nutrition-quality.ts';
import { nutritionPlanRequestSchema } from '../../domain/plans/plan-request.schemas.ts';
import { nutritionPlanSchema } from '../../domain/plans/plan.schemas.ts';
import { buildRecipeLibrary, recipeLibrary } from '../../domain/plans/recipe-library.ts';
import { recipeData } from '../../domain/plans/data/recipes.data.ts';
import { CASES, randomNutritionRequest } from './random-requests.ts';

const food = (id: string) => foodLibrary.byId.get(id)!;

describe('rule-based nutrition planner, over 200 random profiles', () => {
  it.each(CASES)('case %i meets the calorie band and never breaks a restriction or allergen', (i) => {
    const request = randomNutritionRequest(i);
    const { preferences: prefs } = request;
    const plan = generateNutritionPlan(request);

    expect(nutritionPlanSchema.parse(plan)).toEqual(plan);
    expect(plan.dailyCalories).toBe(dailyCalorieTarget(request.userProfile, prefs));
    expect(plan.days).toHaveLength(prefs.days);
    plan.days.forEach((day, d) => {
      expect(
        Math.abs(day.totals.calories - plan.dailyCalories) / plan.dailyCalories,
        `day ${day.day}`,
      ).toBeLessThanOrEqual(CALORIE_BAND);
      let kcal = 0;
      let protein = 0;
      for (const meal of day.meals) {
        for (const ingredient of meal.ingredients) {
          const f = food(ingredient.foodId);
          for (const tag of prefs.dietaryRestrictions) expect(f.tags, `${f.id} must be ${tag}`).toContain(tag);
          for (const allergen of prefs.allergies)
            expect(f.allergens, `${f.id} must not hold ${allergen}`).not.toContain(allergen);
          kcal += (f.per100g.calories * ingredient.grams) / 100;
          protein += (f.per100g.protein * ingredient.grams) / 100;
        }
      }
      // Totals are the ingredients' sum, not a number carried from elsewhere.
      expect(Math.abs(day.totals.calories - kcal)).toBeLessThanOrEqual(0.5 + 1e-6);
      expect(day.totals.protein).toBeCloseTo(protein, 0);
      // Sensible macros: no day is mostly fat or nearly protein-free.
      const t = day.totals;
      expect((4 * t.protein) / t.calories).toBeGreaterThanOrEqual(0.1);
      expect((9 * t.fat) / t.calories).toBeLessThanOrEqual(0.5);
      expect((9 * t.fat) / t.calories).toBeGreaterThanOrEqual(0.12);
      expect((4 * t.carbs) / t.calories).toBeGreaterThanOrEqual(0.2);

      // Variety: a recipe from yesterday reappears only when its meal type had no other allowed recipe.
      const yesterday = new Set(plan.days[d - 1]?.meals.map((m) => m.recipeId) ?? []);
      for (const meal of day.meals.filter((m) => yesterday.has(m.recipeId))) {
        const alternatives = recipeLibrary.all.filter(
          (r) =>
            r.mealType === meal.mealType &&
            !yesterday.has(r.id) &&
            prefs.dietaryRestrictions.every((tag) => r.tags.includes(tag)) &&
            !r.allergens.some((a) => prefs.allergies.includes(a)),
        );
        expect(
          alternatives.map((r) => r.id),
          `${meal.recipeId} repeated on day ${day.day}`,
        ).toEqual([]);
      }
    });
  });

  it('meets protein, sodium and fibre on nearly every day of the 200 profiles (issue 15; bench/plan-quality.ts has the table)', () => {
    let days = 0;
    let proteinShort = 0;
    let sodiumOver = 0;
    let fibreShort = 0;
    for (const i of CASES) {
      const request = randomNutritionRequest(i);
      const target = dailyCalorieTarget(request.userProfile, request.preferences);
      const protein = macroTargetsFor(request.userProfile, target).protein;
      for (const day of generateNutritionPlan(request).days) {
        days++;
        if (day.totals.protein < protein * 0.9) proteinShort++;
        if (day.totals.sodium > 2000) sodiumOver++;
        if (day.totals.fiber < 25) fibreShort++;
      }
    }
    // Before the high-protein recipes and the guidance-aware portioning: 585, 48 and 5 of 1,437 days.
    expect(days).toBe(1437);
    expect(proteinShort / days).toBeLessThan(0.04);
    expect(sodiumOver).toBe(0);
    expect(fibreShort).toBe(0);
  }, 300_000); // 200 plans: seconds on an idle machine, a minute or more on a loaded one

  it('is deterministic by seed', () => {
    for (const i of CASES.slice(0, 20)) {
      const request = randomNutritionRequest(i);
      expect(generateNutritionPlan(request)).toEqual(generateNutritionPlan(structuredClone(request)));
    }
  });

  it('computes the target with Mifflin–St Jeor, the activity factor and the goal', () => {
    const profile = nutritionPlanRequestSchema.parse({
      userProfile: {
        age: 30,
        gender: 'male',
        height: 180,
        weight: 80,
        fitnessLevel: 'beginner',
        fitnessGoal: 'maintain',
      },
      preferences: { activityLevel: 'moderate' },
    });
    expect(restingEnergy(profile.userProfile)).toBe(1780);
    expect(dailyCalorieTarget(profile.userProfile, profile.preferences)).toBe(2760); // 1780 × 1.55
    const losing = { ...profile.userProfile, fitnessGoal: 'lose_weight' as const };
    expect(dailyCalorieTarget(losing, profile.preferences)).toBe(2210); // × 0.8
    expect(dailyCalorieTarget(losing, { ...profile.preferences, calorieTarget: 2100 })).toBe(2100);
    const female = { ...losing, gender: 'female' as const, weight: 50, height: 155, age: 60 };
    expect(dailyCalorieTarget(female, { activityLevel: 'sedentary' })).toBe(1200); // floored
    expect(macroTargets(2000, 'lose_weight', 80)).toEqual({ protein: 150, carbs: 200, fat: 67 });
    expect(macroTargets(3000, 'build_muscle', 50).protein).toBe(110); // capped at 2.2 g/kg
  });

  it('answers NO_ELIGIBLE_RECIPES when the rules leave a meal type empty', () => {
    const tiny = buildRecipeLibrary(
      recipeData.filter((r) => r['mealType'] !== 'snack' || r['id'] === 'trail-mix'),
      foodLibrary,
    );
    const request = nutritionPlanRequestSchema.parse({
      userProfile: { age: 30, height: 170, weight: 70, fitnessLevel: 'beginner', fitnessGoal: 'maintain' },
      preferences: { mealsPerDay: 4, allergies: ['nuts'] },
    });
    const attempt = () => generateNutritionPlan(request, { foods: foodLibrary, recipes: tiny });
    expect(attempt).toThrow(AppError);
    expect(attempt).toThrow(/snack/);
  });
});
