import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { eligibleExercises, exerciseLibrary } from '../../plans/exercise-library.ts';
import { dailyCalorieTarget } from '../../plans/energy-targets.ts';
import { foodLibrary } from '../../plans/food-library.ts';
import { recipePools } from '../../plans/nutrition-planner.ts';
import { recipeLibrary } from '../../plans/recipe-library.ts';
import type { NutritionPlanRequest, WorkoutPlanRequest } from '../../plans/plan-request.schemas.ts';

/** A rough count (about four characters a token in English and JSON), enough to keep a prompt within budget. */
export const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

/** Catalogue lines are added until the prompt budget is spent: the model only sees ids it may use. */
function withinBudget(lines: string[], budgetTokens: number): string[] {
  const out: string[] = [];
  let used = 0;
  for (const line of lines) {
    used += estimateTokens(line) + 1;
    if (used > budgetTokens) break;
    out.push(line);
  }
  return out;
}

const SYSTEM = `You are a certified coach writing plans for a fitness app. Answer with JSON in the given schema only.
Use ONLY ids from the catalogue given; never invent an exercise, recipe or food. The app checks your answer
against its own rules and replaces anything unsafe or unknown.`;

export function workoutMessages(request: WorkoutPlanRequest, promptBudget: number): ChatCompletionMessageParam[] {
  const { userProfile: p, preferences: prefs } = request;
  const eligible = eligibleExercises(exerciseLibrary, {
    level: p.fitnessLevel,
    injuries: p.injuries,
    equipment: prefs.equipment,
  });
  const brief = `Profile: age ${p.age}, ${p.gender}, ${p.height} cm, ${p.weight} kg, level ${p.fitnessLevel}, goal ${p.fitnessGoal}, injuries: ${p.injuries.join(', ') || 'none'}.
Plan: ${prefs.weeks} weeks, ${prefs.daysPerWeek} training days a week (distinct ISO weekdays), ${prefs.sessionMinutes} minutes a session, intensity ${prefs.intensity}, equipment: ${prefs.equipment.join(', ')}.
Progress the load over the weeks. Exercise catalogue (id | name | pattern | primary muscles):`;
  const catalogue = withinBudget(
    eligible.map((e) => `${e.id} | ${e.name} | ${e.pattern} | ${e.primaryMuscles.join(', ')}`),
    promptBudget - estimateTokens(SYSTEM + brief),
  );
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: `${brief}\n${catalogue.join('\n')}` },
  ];
}

export function nutritionMessages(request: NutritionPlanRequest, promptBudget: number): ChatCompletionMessageParam[] {
  const { userProfile: p, preferences: prefs } = request;
  const pools = recipePools(prefs, { foods: foodLibrary, recipes: recipeLibrary });
  const target = dailyCalorieTarget(p, prefs);
  const brief = `Profile: age ${p.age}, ${p.gender}, ${p.height} cm, ${p.weight} kg, goal ${p.fitnessGoal}.
Plan: ${prefs.days} days, ${prefs.mealsPerDay ?? '3 to 4'} meals a day, about ${target} kcal a day; vary the meals.
Restrictions: ${prefs.dietaryRestrictions.join(', ') || 'none'}; allergies: ${prefs.allergies.join(', ') || 'none'}.
Recipe catalogue (id | meal type | name | kcal per serving), all of them allowed for this user:`;
  const lines = Object.values(pools)
    .flat()
    .map((r) => `${r.id} | ${r.mealType} | ${r.name} | ${Math.round(r.perServing.calories)}`);
  const catalogue = withinBudget([...new Set(lines)], promptBudget - estimateTokens(SYSTEM + brief));
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: `${brief}\n${catalogue.join('\n')}` },
  ];
}
