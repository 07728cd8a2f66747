import { describe, expect, it } from 'vitest';
import { AppError } from '../../domain/shared/errors.ts';
import { energyPlan } from '../../domain/plans/energy-targets.ts';
import { exerciseLibrary } from '../../domain/plans/exercise-library.ts';
import { foodLibrary } from '../../domain/plans/food-library.ts';
import { generateCheckedNutritionPlan, generateCheckedWorkoutPlan } from '../../domain/plans/plan-generation.ts';
import { nutritionPlanRequestSchema, workoutPlanRequestSchema } from '../../domain/plans/plan-request.schemas.ts';
import { createRuleBasedPlanProvider } from '../../domain/plans/rule-based-plan-provider.ts';
import { screenProfile } from '../../domain/plans/screening.ts';

/** The defects of issue 15's screening list, each as it was reported. */
const ruleBased = createRuleBasedPlanProvider();
const adult = {
  age: 30,
  gender: 'female',
  height: 165,
  weight: 62,
  fitnessLevel: 'beginner',
  fitnessGoal: 'lose_weight',
};
const nutrition = (userProfile: object, preferences: object = {}) =>
  nutritionPlanRequestSchema.parse({ userProfile, preferences: { days: 3, ...preferences }, seed: 7 });
const workout = (userProfile: object, preferences: object = {}) =>
  workoutPlanRequestSchema.parse({ userProfile, preferences, seed: 7 });
const exercisesOf = (plan: { weeks: { days: { exercises: { exerciseId?: string | undefined }[] }[] }[] }) =>
  plan.weeks.flatMap((w) =>
    w.days.flatMap((d) => d.exercises.map((e) => exerciseLibrary.byId.get(e.exerciseId ?? '')!)),
  );

describe('screening before any plan', () => {
  it('pregnancy: no deficit, no impact, moderate effort, and a see-a-clinician note (was: 20 % deficit and jumping jacks)', async () => {
    const pregnant = { ...adult, pregnant: true };
    const menu = await generateCheckedNutritionPlan(ruleBased, nutrition(pregnant));
    expect(menu.plan.explanation!.adjustment).toBeGreaterThanOrEqual(-10);
    expect(menu.plan.safetyNotes!.join(' ')).toMatch(/midwife|obstetrician/);
    expect(menu.plan.safetyNotes!.join(' ')).toMatch(/see a clinician/i);
    const plan = await generateCheckedWorkoutPlan(
      ruleBased,
      workout(pregnant, { intensity: 'high', daysPerWeek: 4, sessionMinutes: 45 }),
    );
    for (const e of exercisesOf(plan.plan)) expect(e.traits, e.id).not.toContain('impact');
    expect(plan.plan.adjustments!.join(' ')).toMatch(/Intensity lowered from high to medium/);
  });

  it('under 18: no adult deficit (was: 13–15-year-olds got adult deficits)', () => {
    for (const age of [13, 14, 15, 17]) {
      const r = nutrition({ ...adult, age });
      const energy = energyPlan(r.userProfile, r.preferences);
      expect(energy.target, `age ${age}`).toBeGreaterThanOrEqual(energy.maintenance - 10);
      expect(screenProfile(r.userProfile).moderateLoadsOnly).toBe(true);
    }
  });

  it('underweight (BMI 17.6) asking to lose weight gets no deficit (was: 1,300 kcal)', async () => {
    const thin = { ...adult, height: 170, weight: 50.9 };
    const r = nutrition(thin);
    expect(screenProfile(r.userProfile).bmi).toBe(17.6);
    const menu = await generateCheckedNutritionPlan(ruleBased, r);
    expect(menu.plan.dailyCalories).toBeGreaterThanOrEqual(menu.plan.explanation!.maintenanceCalories - 10);
    expect(menu.plan.safetyNotes!.join(' ')).toMatch(/BMI is 17.6/);
  });

  it('calorieTarget is bounded by the energy floors and maintenance: a 400 naming the bound (was: 1,200 for a 95 kg man, 5,000 for a 45 kg woman)', async () => {
    const man = {
      age: 40,
      gender: 'male',
      height: 182,
      weight: 95,
      fitnessLevel: 'intermediate',
      fitnessGoal: 'lose_weight',
    };
    const low = nutrition(man, { calorieTarget: 1200 });
    await expect(generateCheckedNutritionPlan(ruleBased, low)).rejects.toMatchObject({
      code: 'CALORIE_TARGET_OUT_OF_RANGE',
      kind: 'validation',
    });
    await expect(generateCheckedNutritionPlan(ruleBased, low)).rejects.toThrow(/at least \d+ kcal/);
    const woman = {
      age: 25,
      gender: 'female',
      height: 158,
      weight: 45,
      fitnessLevel: 'beginner',
      fitnessGoal: 'build_muscle',
    };
    const high = nutrition(woman, { calorieTarget: 5000 });
    const err = await generateCheckedNutritionPlan(ruleBased, high).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).details).toEqual([
      { field: 'preferences.calorieTarget', message: expect.stringMatching(/between \d+ and \d+ kcal/) },
    ]);
    // Inside the bounds it is used as given.
    const { bounds } = energyPlan(low.userProfile, { activityLevel: low.preferences.activityLevel });
    const ok = await generateCheckedNutritionPlan(ruleBased, nutrition(man, { calorieTarget: bounds.min }));
    expect(ok.plan.dailyCalories).toBe(bounds.min);
    expect(bounds.min).toBeGreaterThanOrEqual(1500);
  });

  it('conditions are never dropped: hypertension caps effort and sodium, diabetes and heart disease say see a clinician', async () => {
    const r = workout({ ...adult, conditions: ['High blood pressure', 'diabetes'] }, { intensity: 'high' });
    expect(r.userProfile.conditions).toEqual(['hypertension', 'diabetes']);
    const plan = await generateCheckedWorkoutPlan(ruleBased, r);
    expect(plan.plan.safetyNotes!.join(' ')).toMatch(/blood glucose/);
    expect(plan.plan.safetyNotes!.join(' ')).toMatch(/hold your breath/);
    expect(screenProfile(r.userProfile)).toMatchObject({ maxIntensity: 'medium', sodiumLimitMg: 1500 });
    const heart = screenProfile(workout({ ...adult, conditions: ['heart_disease'] }).userProfile);
    expect(heart.maxIntensity).toBe('low');
    expect(heart.safetyNotes.join(' ')).toMatch(/medical clearance/);
    expect(() => workout({ ...adult, conditions: ['unicorn flu'] })).toThrow();
  });

  it('every plan tells the user to stop if it hurts', async () => {
    const plan = await generateCheckedWorkoutPlan(ruleBased, workout({ ...adult, fitnessGoal: 'strength' }));
    expect(plan.plan.safetyNotes!.join(' ')).toMatch(/Stop and seek medical advice/);
  });
});

describe('unsafe inputs are kept', () => {
  it('excludeFoods match by name, alias and synonym (was: ["eggs","Salmon"] → 57 meals still held them)', async () => {
    const r = nutrition(
      { ...adult, fitnessGoal: 'maintain' },
      { days: 7, excludeFoods: ['eggs', 'Salmon', 'prawns', 'courgette'] },
    );
    const menu = await generateCheckedNutritionPlan(ruleBased, r);
    for (const day of menu.plan.days) {
      for (const meal of day.meals) {
        for (const i of meal.ingredients) {
          const food = foodLibrary.byId.get(i.foodId)!;
          expect(food.name, meal.name).not.toMatch(/egg|salmon|prawn|courgette/i);
          expect(food.origin).not.toBe('egg');
        }
      }
    }
  });

  it('an exclusion that matches nothing is a 400 naming it', () => {
    const parsed = nutritionPlanRequestSchema.safeParse({
      userProfile: adult,
      preferences: { excludeFoods: ['eggs', 'kryptonite'] },
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues).toEqual([
      expect.objectContaining({
        path: ['preferences', 'excludeFoods', 1],
        message: expect.stringMatching(/kryptonite/),
      }),
    ]);
  });

  it('allergies, diet and dislikes on the profile apply to the plan (was: chicken, cheese and nut granola for a vegan with a nut allergy)', async () => {
    const r = nutrition(
      {
        ...adult,
        fitnessGoal: 'maintain',
        allergies: ['Nuts'],
        dietaryRestrictions: ['plant-based'],
        dislikes: ['mushrooms'],
      },
      { days: 7 },
    );
    expect(r.preferences).toMatchObject({ allergies: ['nuts'], dietaryRestrictions: ['vegan'] });
    const menu = await generateCheckedNutritionPlan(ruleBased, r);
    for (const i of menu.plan.days.flatMap((d) => d.meals.flatMap((m) => m.ingredients))) {
      const food = foodLibrary.byId.get(i.foodId)!;
      expect(food.tags, food.id).toContain('vegan');
      expect(food.allergens, food.id).not.toContain('nuts');
      expect(food.id).not.toBe('mushrooms');
    }
  });
});
