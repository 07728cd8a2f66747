import { z } from 'zod';
import { foodData } from './data/foods.data.ts';
import { KEBAB_ID, loadEntries } from './library-loader.ts';
import { AISLES, ALLERGENS, ORIGINS, type Allergen, type DietTag, type Origin } from './plan-vocabulary.ts';

const grams = z.number().min(0).max(100);

export const nutrientsSchema = z
  .object({
    calories: z.number().min(0).max(900),
    protein: grams,
    carbs: grams,
    fat: grams,
    fiber: grams,
    sugar: grams,
    sodium: z.number().min(0).max(40_000),
    cholesterol: z.number().min(0).max(2_000),
  })
  .strict()
  .refine((n) => n.protein + n.carbs + n.fat <= 101, 'protein + carbs + fat exceed 100 g per 100 g')
  .refine((n) => n.sugar <= n.carbs + 0.5, 'sugar exceeds carbs')
  .refine((n) => n.fiber <= n.carbs + 0.5, 'fiber exceeds carbs (carbs include fiber)');

export type Nutrients = z.output<typeof nutrientsSchema>;

/** The allergen an animal origin always brings; checked at load so the data cannot contradict itself. */
const ORIGIN_ALLERGEN: Partial<Record<Origin, Allergen>> = {
  dairy: 'dairy',
  egg: 'egg',
  fish: 'fish',
  shellfish: 'shellfish',
};

export const foodSchema = z
  .object({
    id: z.string().regex(KEBAB_ID, 'must be kebab-case'),
    name: z.string().min(2).max(80),
    aisle: z.enum(AISLES),
    origin: z.enum(ORIGINS),
    per100g: nutrientsSchema,
    allergens: z.array(z.enum(ALLERGENS)),
    portion: z.object({ amount: z.number().positive(), unit: z.string().min(1).max(20), grams: z.number().positive() }),
    unit: z.enum(['g', 'ml']),
    density: z.number().min(0.5).max(2).optional(),
  })
  .strict()
  .refine((f) => (f.unit === 'ml') === (f.density !== undefined), 'foods bought by volume need a density, others none')
  .refine((f) => {
    const required = ORIGIN_ALLERGEN[f.origin];
    return required === undefined || f.allergens.includes(required);
  }, 'origin implies an allergen that is missing')
  .transform((f) => ({ ...f, tags: dietaryTags(f.origin, f.allergens) }));

export type Food = z.output<typeof foodSchema>;

/**
 * Tags follow from what the food is and what it contains, never from a hand-typed list. Halal here means
 * "permissible": pork never is; poultry and red meat are tagged because they are halal when bought from a
 * halal-certified source, which the shopping list leaves to the shopper. Alcohol is not in the library.
 */
export function dietaryTags(origin: Origin, allergens: readonly Allergen[]): DietTag[] {
  const tags: DietTag[] = [];
  const vegetarian = origin === 'plant' || origin === 'dairy' || origin === 'egg' || origin === 'honey';
  if (vegetarian) tags.push('vegetarian');
  if (origin === 'plant') tags.push('vegan');
  if (vegetarian || origin === 'fish' || origin === 'shellfish') tags.push('pescatarian');
  if (!allergens.includes('gluten')) tags.push('gluten-free');
  if (!allergens.includes('dairy')) tags.push('dairy-free');
  if (!allergens.includes('nuts') && !allergens.includes('peanuts')) tags.push('nut-free');
  if (origin !== 'pork') tags.push('halal');
  return tags;
}

export interface FoodLibrary {
  all: readonly Food[];
  byId: ReadonlyMap<string, Food>;
}

export function buildFoodLibrary(rows: readonly unknown[]): FoodLibrary {
  const all = loadEntries('food', foodSchema, rows);
  return { all, byId: new Map(all.map((f) => [f.id, f])) };
}

export const foodLibrary: FoodLibrary = buildFoodLibrary(foodData);

/** Atwater estimate with fibre counted at 2 kcal/g; used to check the data's plausibility. */
export const atwaterCalories = (n: Nutrients): number =>
  4 * n.protein + 4 * (n.carbs - n.fiber) + 2 * n.fiber + 9 * n.fat;
