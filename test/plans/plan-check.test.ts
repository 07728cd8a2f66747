import { describe, expect, it } from 'vitest';
import { exerciseLibrary } from '../../domain/plans/exercise-library.ts';
import { foodLibrary } from '../../domain/plans/food-library.ts';
import { checkNutritionPlan } from '../../domain/plans/nutrition-plan-check.ts';
import { generateNutritionPlan } from '../../domain/plans/nutrition-planner.ts';
import { CALORIE_BAND } from '../../domain/plans/nutrition-quality.ts';
import { generateCheckedNutritionPlan, generateCheckedWorkoutPlan } from '../../domain/plans/plan-generation.ts';
import type { PlanProvider } from '../../domain/plans/plan-provider.port.ts';
import { nutritionPlanRequestSchema, workoutPlanRequestSchema } from '../../domain/plans/plan-request.schemas.ts';
import type { NutritionPlan, WorkoutPlan } from '../../domain/plans/plan.schemas.ts';
import { createRuleBasedPlanProvider } from '../../domain/plans/rule-based-plan-provider.ts';
import { checkWorkoutPlan } from '../../domain/plans/workout-plan-check.ts';
import { generateWorkoutPlan } from '../../domain/plans/workout-planner.ts';
import { exerciseSecondsFromPlan } from '../../domain/plans/workout-prescription.ts';
import { CASES, randomNutritionRequest, randomWorkoutRequest } from './random-requests.ts';

const workoutRequest = workoutPlanRequestSchema.parse({
  userProfile: {
    age: 40,
    gender: 'female',
    height: 168,
    weight: 70,
    fitnessLevel: 'beginner',
    fitnessGoal: 'general fitness',
    injuries: ['knee'],
  },
  preferences: { daysPerWeek: 2, sessionMinutes: 30, equipment: ['dumbbells', 'bench'], weeks: 1 },
  seed: 3,
});
const nutritionRequest = nutritionPlanRequestSchema.parse({
  userProfile: { age: 28, gender: 'male', height: 178, weight: 75, fitnessLevel: 'beginner', fitnessGoal: 'maintain' },
  preferences: {
    days: 2,
    mealsPerDay: 3,
    dietaryRestrictions: ['vegan'],
    allergies: ['peanuts'],
    activityLevel: 'light',
  },
  seed: 9,
});

/** A plausible model answer, written by hand: wrong in the ways models tend to be wrong. */
function modelWorkout(): WorkoutPlan {
  const ex = (name: string, sets = 3, reps = '10', restTime = 60, exerciseId?: string) => ({
    exerciseId,
    name,
    sets,
    reps,
    restTime,
    instructions: '',
  });
  return {
    title: 'Plan',
    description: 'From a model',
    duration: '1 week',
    daysPerWeek: 3,
    weeks: [
      {
        week: 1,
        days: [
          {
            day: 1,
            name: 'A',
            exercises: [
              ex('Barbell back squat'),
              ex('Push-up'),
              ex('Moon walk'),
              ex('Dumbbell row', 3, '10', 60, 'dumbbell-row'),
              ex('Glute bridge'),
              ex('Plank', 2, '30 s'),
              ex('Dead bug'),
            ],
          },
          {
            day: 1,
            name: 'B',
            exercises: [
              ex('goblet squat', 12, '20', 300),
              ex('Glute bridge', 3, 'lots'),
              ex('Dumbbell bench press'),
              ex('Single-arm dumbbell row'),
              ex('Dead bug'),
              ex('Side plank', 2, '20 s per side'),
            ],
          },
          { day: 5, name: 'C', exercises: [ex('Plank', 3, '30 s')] },
        ],
      },
    ],
  };
}

describe('checking any provider answer against our rules', () => {
  it.each(CASES.slice(0, 40))('passes rule-based plans untouched (case %i)', (i) => {
    const w = randomWorkoutRequest(i);
    const workout = generateWorkoutPlan(w);
    expect(checkWorkoutPlan(workout, w)).toEqual({ plan: workout, issues: [] });
    const n = randomNutritionRequest(i);
    const nutrition = generateNutritionPlan(n);
    expect(checkNutritionPlan(nutrition, n)).toEqual({ plan: nutrition, issues: [] });
  });

  it('repairs a workout answer: unsafe swapped, unknown dropped, extra day trimmed, sessions fitted', () => {
    const { plan, issues } = checkWorkoutPlan(modelWorkout(), workoutRequest);
    const ids = plan.weeks[0]!.days.flatMap((d) => d.exercises.map((e) => e.exerciseId!));
    for (const id of ids) {
      const e = exerciseLibrary.byId.get(id)!;
      expect(e.unsafeFor).not.toContain('knee');
      expect(e.level).toBe('beginner');
      expect(e.equipment.every((q) => ['bodyweight', 'dumbbells', 'bench'].includes(q))).toBe(true);
    }
    expect(ids).not.toContain('barbell-back-squat');
    expect(ids).not.toContain('goblet-squat'); // knee-unsafe, though the name matched case-insensitively
    expect(plan.daysPerWeek).toBe(2);
    expect(plan.weeks[0]!.days.map((d) => d.day)).toEqual([1, 4]);
    for (const day of plan.weeks[0]!.days) {
      expect(day.exercises.reduce((s, e) => s + exerciseSecondsFromPlan(e), 0)).toBeLessThanOrEqual(30 * 60);
    }
    const fixes = issues.map((i) => `${i.fix}: ${i.problem}`).join('\n');
    expect(fixes).toMatch(/replaced: Barbell back squat/);
    expect(fixes).toMatch(/removed: "Moon walk" is not in our exercise library/);
    expect(fixes).toMatch(/trimmed: 3 days/);
    expect(fixes).toMatch(/corrected: "lots" is not a dose of reps/);
    expect(fixes).toMatch(/corrected: repeated weekdays/);
  });

  it('rejects what cannot be repaired without inventing the plan', () => {
    expect(() => checkWorkoutPlan({ title: 'nope' }, workoutRequest)).toThrow(/PLAN_REJECTED|rejected/);
    const short = { ...modelWorkout(), weeks: [] };
    expect(() => checkWorkoutPlan(short, workoutRequest)).toThrow(/rejected/);
    const onlyUnknown = modelWorkout();
    onlyUnknown.weeks[0]!.days[0]!.exercises = [
      { name: 'Moon walk', sets: 3, reps: '10', restTime: 60, instructions: '' },
    ];
    expect(() => checkWorkoutPlan(onlyUnknown, workoutRequest)).toThrow(/fewer than 3 usable exercises/);
    try {
      checkWorkoutPlan(null, workoutRequest);
    } catch (error) {
      expect(error).toMatchObject({ kind: 'unavailable', code: 'PLAN_REJECTED' });
    }
  });

  it('a day repaired down to one plank is refused, not accepted (was: a knee-injury plan of one plank a day)', () => {
    const ex = (name: string) => ({ name, sets: 3, reps: '10', restTime: 60, instructions: '' });
    const kneeHeavy = modelWorkout();
    kneeHeavy.weeks[0]!.days[0]!.exercises = [
      ex('Jump squat'),
      ex('Pistol squat'),
      ex('Jumping lunge'),
      { ...ex('Plank'), reps: '30 s' },
    ];
    expect(() => checkWorkoutPlan(kneeHeavy, workoutRequest)).toThrow(/rejected/);
  });

  it('dose types and the exercise\'s own bounds are checked (was: a reps exercise as "10 min", Nordic curls 4×15, 90 s sprints)', () => {
    const ex = (name: string, reps: string, sets = 3) => ({ name, sets, reps, restTime: 60, instructions: '' });
    const request = workoutPlanRequestSchema.parse({
      userProfile: {
        age: 30,
        gender: 'male',
        height: 180,
        weight: 80,
        fitnessLevel: 'advanced',
        fitnessGoal: 'strength',
      },
      preferences: { daysPerWeek: 1, sessionMinutes: 90, equipment: ['treadmill', 'dumbbells'], weeks: 1 },
    });
    const answer = {
      title: 'x',
      description: '',
      duration: '1 week',
      daysPerWeek: 1,
      weeks: [
        {
          week: 1,
          days: [
            {
              day: 1,
              name: 'A',
              exercises: [
                ex('Push-up', '10 min'),
                ex('Nordic hamstring curl', '15', 4),
                ex('Treadmill sprints', '90 s'),
                ex('Goblet squat', '8'),
                ex('Plank', '30 s'),
              ],
            },
          ],
        },
      ],
    };
    const { plan, issues } = checkWorkoutPlan(answer, request);
    const byId = new Map(plan.weeks[0]!.days[0]!.exercises.map((e) => [e.exerciseId, e.reps]));
    expect(byId.get('push-up')).toBe('10');
    expect(byId.get('nordic-curl')).toBe('6');
    expect(byId.get('treadmill-sprints')).toBe('20 s');
    expect(issues.map((i) => i.problem).join('\n')).toMatch(/"10 min" is not a dose of reps/);
  });

  it('repairs a nutrition answer: restricted meals replaced, numbers recomputed, days rescaled into the band', () => {
    const meal = (
      mealType: 'breakfast' | 'lunch' | 'dinner',
      recipeId: string | undefined,
      servings: number,
      ingredients: { foodId: string; grams: number }[] = [],
    ) => ({
      mealType,
      name: recipeId ?? 'Custom',
      recipeId,
      servings,
      calories: 9999,
      protein: 1,
      carbs: 1,
      fat: 1,
      ingredients: ingredients.map((i) => ({ ...i, name: '' })),
    });
    const totals = { calories: 0, protein: 0, carbs: 0, fat: 0, fiber: 0, sugar: 0, sodium: 0, cholesterol: 0 };
    const answer: NutritionPlan = {
      title: 'Model plan',
      description: '',
      dailyCalories: 1500,
      macros: { protein: 1, carbs: 1, fat: 1 },
      days: [
        {
          day: 1,
          totals,
          meals: [
            meal('breakfast', 'scrambled-eggs-toast', 1),
            meal('lunch', 'red-lentil-soup', 1),
            meal('dinner', 'tofu-peanut-noodles', 1),
          ],
        },
        {
          day: 2,
          totals,
          meals: [
            meal('breakfast', 'vegan-overnight-oats', 1),
            meal('lunch', undefined, 1, [
              { foodId: 'quinoa', grams: 80 },
              { foodId: 'dragon-fruit', grams: 100 },
              { foodId: 'chickpeas', grams: 150 },
            ]),
            meal('dinner', 'black-bean-tacos', 0.5),
          ],
        },
        {
          day: 3,
          totals,
          meals: [
            meal('breakfast', 'vegan-overnight-oats', 1),
            meal('lunch', 'red-lentil-soup', 1),
            meal('dinner', 'black-bean-tacos', 1),
          ],
        },
      ],
    };
    const { plan, issues } = checkNutritionPlan(answer, nutritionRequest);
    expect(plan.days).toHaveLength(2);
    expect(plan.dailyCalories).toBe(2380); // (10·75 + 6.25·178 − 5·28 + 5) × 1.375 = 2375.3, to the nearest 10
    for (const day of plan.days) {
      expect(Math.abs(day.totals.calories - plan.dailyCalories) / plan.dailyCalories).toBeLessThanOrEqual(CALORIE_BAND);
      for (const m of day.meals) {
        expect(m.calories).not.toBe(9999);
        for (const ing of m.ingredients) {
          const f = foodLibrary.byId.get(ing.foodId)!;
          expect(f.tags).toContain('vegan');
          expect(f.allergens).not.toContain('peanuts');
        }
      }
    }
    const fixes = issues.map((i) => `${i.fix}: ${i.problem}`).join('\n');
    expect(fixes).toMatch(/replaced: .*(Egg|Butter|Semi-skimmed).*not vegan/);
    expect(fixes).toMatch(/replaced: Peanuts, unsalted: contains peanuts/);
    expect(fixes).toMatch(/removed: unknown food "dragon-fruit"/);
    expect(fixes).toMatch(/recomputed: claimed 9999 kcal/);
    expect(fixes).toMatch(/rescaled/);
    expect(fixes).toMatch(/trimmed: 3 days/);
  });

  it('refuses a repair that would invent the plan, meal counts that differ from mealsPerDay; rescaled servings stay on quarter steps', () => {
    const good = generateNutritionPlan(nutritionRequest);
    const unknown = structuredClone(good);
    for (const day of unknown.days) for (const meal of day.meals) meal.recipeId = 'invented-recipe';
    expect(() => checkNutritionPlan(unknown, nutritionRequest)).toThrow(/were unknown or had to be replaced/);
    const extra = structuredClone(good);
    extra.days[0]!.meals.push(structuredClone(extra.days[0]!.meals[0]!));
    expect(() => checkNutritionPlan(extra, nutritionRequest)).toThrow(/4 meals instead of 3/);
    const halved = structuredClone(good);
    for (const day of halved.days) for (const meal of day.meals) meal.servings = Math.max(0.5, meal.servings * 0.6);
    const { plan, issues } = checkNutritionPlan(halved, nutritionRequest);
    expect(issues.some((i) => i.fix === 'rescaled')).toBe(true);
    for (const meal of plan.days.flatMap((d) => d.meals)) expect((meal.servings * 4) % 1, `${meal.servings}`).toBe(0);
  });

  it('runs any provider through the port and holds it to the same rules', async () => {
    const sloppy: PlanProvider = {
      name: 'sloppy-model',
      generateWorkoutPlan: async () => modelWorkout(),
      generateNutritionPlan: async (request) => {
        const plan = generateNutritionPlan(request);
        plan.days[0]!.meals[0]!.ingredients.push({ foodId: 'cheddar', name: 'Cheddar', grams: 40 });
        return plan;
      },
    };
    const workout = await generateCheckedWorkoutPlan(sloppy, workoutRequest);
    expect(workout.provider).toBe('sloppy-model');
    expect(workout.issues.length).toBeGreaterThan(0);
    const nutrition = await generateCheckedNutritionPlan(sloppy, nutritionRequest);
    expect(nutrition.issues.some((i) => i.fix === 'replaced')).toBe(false); // recipe id wins: its own ingredients are rebuilt
    expect(nutrition.plan.days[0]!.meals[0]!.ingredients.some((i) => i.foodId === 'cheddar')).toBe(false);

    const ruleBased = createRuleBasedPlanProvider();
    const checked = await generateCheckedWorkoutPlan(ruleBased, workoutRequest, { seed: 11 });
    expect(checked).toMatchObject({ provider: 'rule-based', issues: [] });
    expect(checked.plan).toMatchObject(generateWorkoutPlan({ ...workoutRequest, seed: 11 }));
    const aborted = AbortSignal.abort();
    await expect(ruleBased.generateNutritionPlan(nutritionRequest, { signal: aborted })).rejects.toThrow();
  });

  it('accepts the documented request spellings and refuses unknown goals', () => {
    const parsed = workoutPlanRequestSchema.parse({
      userProfile: {
        age: 30,
        gender: 'Woman',
        height: 165,
        weight: 60,
        fitnessLevel: 'Novice',
        fitnessGoal: 'Weight loss',
        injuries: ['Lower back', 'knees'],
      },
      preferences: { daysPerWeek: 4, duration: 40, intensity: 'High', equipment: ['Resistance band', 'pull up bar'] },
    });
    expect(parsed.userProfile).toMatchObject({
      gender: 'female',
      fitnessLevel: 'beginner',
      fitnessGoal: 'lose_weight',
      injuries: ['lower_back', 'knee'],
    });
    expect(parsed.preferences).toEqual({
      daysPerWeek: 4,
      sessionMinutes: 40,
      intensity: 'high',
      equipment: ['resistance-band', 'pull-up-bar'],
      weeks: 4,
    });
    const bad = workoutPlanRequestSchema.safeParse({
      userProfile: { age: 30, height: 165, weight: 60, fitnessLevel: 'beginner', fitnessGoal: 'levitate' },
    });
    expect(bad.success).toBe(false);
    const diet = nutritionPlanRequestSchema.parse({
      userProfile: { age: 30, height: 165, weight: 60, fitnessLevel: 'beginner', fitnessGoal: 'maintain' },
      preferences: { dietaryRestrictions: ['Gluten free', 'dairy_free'], allergies: ['Shellfish'] },
    });
    expect(diet.preferences).toMatchObject({
      days: 7,
      dietaryRestrictions: ['gluten-free', 'dairy-free'],
      allergies: ['shellfish'],
    });
  });
});
