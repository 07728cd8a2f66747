import { foodLibrary, type Food, type FoodLibrary } from './food-library.ts';
import { macroTargetsFor, dailyCalorieTarget } from './energy-targets.ts';
import type { NutritionPlanRequest } from './plan-request.schemas.ts';
import type { NutritionPlan } from './plan.schemas.ts';
import { screenProfile, type Screening } from './screening.ts';

/** WHO: at least 25 g of dietary fibre a day for adults. */
export const FIBRE_MIN_G = 25;
/** Every plan-day lands within ±3.9 % of its energy target (issue 15), whoever made the plan. */
export const CALORIE_BAND = 0.039;
/** What the planner aims for, and past which the check rescales a provider's day: inside the band with room to spare. */
export const CALORIE_AIM = 0.03;
/** A protein day within 10 % under target counts as met. */
export const PROTEIN_TOLERANCE = 0.1;

/** The most of one food a single meal may hold: a realistic portion, never half a kilo of skyr as a snack. */
export function portionCapGrams(food: Pick<Food, 'unit' | 'aisle'>): number {
  if (food.unit === 'ml') return 500;
  if (food.aisle === 'produce' || food.aisle === 'frozen') return 400;
  return 300;
}

export interface DayQuality {
  day: number;
  sodium: number;
  fiber: number;
  protein: number;
  oversized: Array<{ foodId: string; grams: number; cap: number }>;
}

export interface NutritionQuality {
  days: DayQuality[];
  sodiumLimitMg: number;
  proteinTarget: number;
  /** Plain sentences: what holds and, where something falls short, by how much. */
  notes: string[];
}

/** The guideline checks on every day of a nutrition plan (sodium, fibre, protein, portion sizes). */
export function nutritionQuality(
  plan: Pick<NutritionPlan, 'days'>,
  request: NutritionPlanRequest,
  screening: Screening = screenProfile(request.userProfile),
  foods: FoodLibrary = foodLibrary,
): NutritionQuality {
  const target = dailyCalorieTarget(request.userProfile, request.preferences);
  const proteinTarget = macroTargetsFor(request.userProfile, target).protein;
  const days = plan.days.map((d): DayQuality => {
    const oversized: DayQuality['oversized'] = [];
    for (const meal of d.meals) {
      for (const i of meal.ingredients) {
        const food = foods.byId.get(i.foodId);
        if (food && i.grams > portionCapGrams(food))
          oversized.push({ foodId: i.foodId, grams: i.grams, cap: portionCapGrams(food) });
      }
    }
    return { day: d.day, sodium: d.totals.sodium, fiber: d.totals.fiber, protein: d.totals.protein, oversized };
  });
  const n = Math.max(1, days.length);
  const avg = (f: (d: DayQuality) => number) => Math.round(days.reduce((s, d) => s + f(d), 0) / n);
  const overSodium = days.filter((d) => d.sodium > screening.sodiumLimitMg).length;
  const lowFibre = days.filter((d) => d.fiber < FIBRE_MIN_G).length;
  const protein = avg((d) => d.protein);
  const notes: string[] = [];
  notes.push(
    overSodium === 0
      ? `Sodium stays under ${screening.sodiumLimitMg} mg every day (average ${avg((d) => d.sodium)} mg).`
      : `Sodium is over ${screening.sodiumLimitMg} mg on ${overSodium} of ${days.length} days (average ${avg((d) => d.sodium)} mg): skip added salt and choose low-salt stock and sauces.`,
  );
  notes.push(
    lowFibre === 0
      ? `Fibre reaches ${FIBRE_MIN_G} g or more every day (average ${avg((d) => d.fiber)} g).`
      : `Fibre is under ${FIBRE_MIN_G} g on ${lowFibre} of ${days.length} days (average ${avg((d) => d.fiber)} g): add fruit, vegetables, beans or whole grains.`,
  );
  notes.push(
    protein >= proteinTarget * (1 - PROTEIN_TOLERANCE)
      ? `Protein averages ${protein} g a day against a target of ${proteinTarget} g.`
      : `Protein averages ${protein} g a day, ${Math.round((1 - protein / proteinTarget) * 100)} % under the ${proteinTarget} g target with these restrictions: add a protein food you can eat (tofu, tempeh, lentils, a pea-protein shake) to close the gap.`,
  );
  const oversized = days.flatMap((d) => d.oversized);
  if (oversized.length > 0)
    notes.push(
      `${oversized.length} ingredient portions are larger than a usual serving; split them over the day if you prefer.`,
    );
  return { days, sodiumLimitMg: screening.sodiumLimitMg, proteinTarget, notes };
}
