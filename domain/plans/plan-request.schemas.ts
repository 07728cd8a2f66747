import { z } from 'zod';
import { resolveExclusions } from './food-exclusions.ts';
import {
  ALLERGENS,
  CONDITIONS,
  DIET_TAGS,
  EQUIPMENT,
  GOALS,
  INJURIES,
  INTENSITIES,
  LEVELS,
  type Goal,
} from './plan-vocabulary.ts';

/**
 * What a plan request accepts, exported for the HTTP layer. Profiles are stored as free text
 * (`fitnessGoal: "Lose weight"`), so the common spellings are normalised here and anything else is refused
 * with a clear message rather than guessed.
 */
const token = (v: unknown): unknown =>
  typeof v === 'string'
    ? v
        .trim()
        .toLowerCase()
        .replace(/[\s-]+/g, '_')
    : v;
const dashed = (v: unknown): unknown =>
  typeof v === 'string'
    ? v
        .trim()
        .toLowerCase()
        .replace(/[\s_]+/g, '-')
    : v;

const GOAL_SYNONYMS: Record<string, Goal> = {
  weight_loss: 'lose_weight',
  fat_loss: 'lose_weight',
  lose_fat: 'lose_weight',
  build_muscle: 'build_muscle',
  muscle_gain: 'build_muscle',
  gain_muscle: 'build_muscle',
  hypertrophy: 'build_muscle',
  get_stronger: 'strength',
  stamina: 'endurance',
  fitness: 'general_fitness',
  stay_fit: 'general_fitness',
  general: 'general_fitness',
  maintenance: 'maintain',
  maintain_weight: 'maintain',
};
const LEVEL_SYNONYMS: Record<string, string> = {
  novice: 'beginner',
  expert: 'advanced',
  intermediate_level: 'intermediate',
};
const INJURY_SYNONYMS: Record<string, string> = {
  back: 'lower_back',
  knees: 'knee',
  shoulders: 'shoulder',
  wrists: 'wrist',
  ankles: 'ankle',
  hips: 'hip',
  elbows: 'elbow',
};

const goal = z.preprocess((v) => {
  const t = token(v);
  return typeof t === 'string' ? (GOAL_SYNONYMS[t] ?? t) : t;
}, z.enum(GOALS));
const level = z.preprocess((v) => {
  const t = token(v);
  return typeof t === 'string' ? (LEVEL_SYNONYMS[t] ?? t) : t;
}, z.enum(LEVELS));
export const injurySchema = z.preprocess((v) => {
  const t = token(v);
  return typeof t === 'string' ? (INJURY_SYNONYMS[t] ?? t) : t;
}, z.enum(INJURIES));
const gender = z.preprocess(
  (v) => {
    const t = token(v);
    if (t === 'm' || t === 'man' || t === 'male') return 'male';
    if (t === 'f' || t === 'woman' || t === 'female') return 'female';
    return 'unspecified';
  },
  z.enum(['male', 'female', 'unspecified']),
);

const ALLERGEN_SYNONYMS: Record<string, string> = {
  nut: 'nuts',
  tree_nuts: 'nuts',
  tree_nut: 'nuts',
  peanut: 'peanuts',
  groundnuts: 'peanuts',
  eggs: 'egg',
  milk: 'dairy',
  lactose: 'dairy',
  wheat: 'gluten',
  coeliac: 'gluten',
  celiac: 'gluten',
  soya: 'soy',
  crustaceans: 'shellfish',
  prawns: 'shellfish',
  shrimp: 'shellfish',
};
const DIET_SYNONYMS: Record<string, string> = {
  veggie: 'vegetarian',
  'plant-based': 'vegan',
  pescetarian: 'pescatarian',
  'lactose-free': 'dairy-free',
  coeliac: 'gluten-free',
  celiac: 'gluten-free',
  'no-nuts': 'nut-free',
};
const CONDITION_SYNONYMS: Record<string, string> = {
  type_1_diabetes: 'diabetes',
  type_2_diabetes: 'diabetes',
  t1d: 'diabetes',
  t2d: 'diabetes',
  diabetic: 'diabetes',
  high_blood_pressure: 'hypertension',
  heart_condition: 'heart_disease',
  cardiovascular_disease: 'heart_disease',
  coronary_heart_disease: 'heart_disease',
  heart_failure: 'heart_disease',
  chronic_kidney_disease: 'kidney_disease',
  ckd: 'kidney_disease',
  osteoarthritis: 'arthritis',
  rheumatoid_arthritis: 'arthritis',
  anorexia: 'eating_disorder',
  bulimia: 'eating_disorder',
};
const synonym =
  (normalise: (v: unknown) => unknown, table: Record<string, string>) =>
  (v: unknown): unknown => {
    const t = normalise(v);
    return typeof t === 'string' ? (table[t] ?? t) : t;
  };
export const allergenSchema = z.preprocess(synonym(token, ALLERGEN_SYNONYMS), z.enum(ALLERGENS));
export const dietSchema = z.preprocess(synonym(dashed, DIET_SYNONYMS), z.enum(DIET_TAGS));
export const conditionSchema = z.preprocess(synonym(token, CONDITION_SYNONYMS), z.enum(CONDITIONS));

/** Food words ("eggs", "Salmon", "mushroom"): each must name at least one food or recipe, else a 400 naming it. */
export const foodWordsSchema = z
  .array(z.string().trim().min(1).max(80))
  .max(100)
  .superRefine((phrases, ctx) => {
    for (const { index, phrase } of resolveExclusions(phrases).unmatched) {
      ctx.addIssue({
        code: 'custom',
        path: [index],
        message: `"${phrase}" matches no food or recipe we know; use a food name such as "eggs" or "salmon"`,
      });
    }
  });

/**
 * What the profile says that keeps a plan safe; stored on the user profile too (PUT /users/me), and never
 * dropped: a plan from the stored profile applies all of it.
 */
export const safetyProfileShape = {
  injuries: z.array(injurySchema).max(INJURIES.length),
  conditions: z.array(conditionSchema).max(CONDITIONS.length),
  pregnant: z.boolean(),
  breastfeeding: z.boolean(),
  allergies: z.array(allergenSchema).max(ALLERGENS.length),
  dietaryRestrictions: z.array(dietSchema).max(DIET_TAGS.length),
  dislikes: foodWordsSchema,
};

export const planProfileSchema = z.strictObject({
  age: z.number().int().min(13).max(100),
  gender: gender.default('unspecified'),
  height: z.number().min(100).max(250).describe('cm'),
  weight: z.number().min(30).max(300).describe('kg'),
  fitnessLevel: level,
  fitnessGoal: goal,
  workoutsPerWeek: z.number().int().min(0).max(14).optional(),
  injuries: safetyProfileShape.injuries.default([]),
  conditions: safetyProfileShape.conditions
    .default([])
    .describe(
      'diabetes, hypertension, heart_disease, kidney_disease, asthma, osteoporosis, arthritis, eating_disorder, other',
    ),
  pregnant: safetyProfileShape.pregnant.default(false),
  breastfeeding: safetyProfileShape.breastfeeding.default(false),
  allergies: safetyProfileShape.allergies.default([]),
  dietaryRestrictions: safetyProfileShape.dietaryRestrictions.default([]),
  dislikes: safetyProfileShape.dislikes
    .default([])
    .describe('foods the user will not eat, by name: excluded from nutrition plans'),
});
/** `assumed` (never part of a request) lists the measurements a stored profile lacked and that were defaulted. */
export type PlanProfile = z.output<typeof planProfileSchema> & { assumed?: readonly AssumedField[] };
export type AssumedField = 'age' | 'height' | 'weight' | 'fitnessLevel' | 'fitnessGoal';

const seed = z.union([z.number().int(), z.string().min(1).max(100)]).optional();

/**
 * `sessionMinutes` is the session length. The documented request named it `duration`, which the answer
 * uses for the plan's length ("4 weeks"); `duration` is still read as minutes per session, deprecated,
 * and refused when it contradicts `sessionMinutes`.
 */
export const workoutPreferencesSchema = z
  .strictObject({
    daysPerWeek: z.number().int().min(1).max(7).default(3),
    sessionMinutes: z.number().int().min(15).max(180).optional().describe('minutes per session (default 45)'),
    duration: z.number().int().min(15).max(180).optional().describe('deprecated alias of sessionMinutes'),
    intensity: z.preprocess(token, z.enum(INTENSITIES)).default('medium'),
    equipment: z
      .array(z.preprocess(dashed, z.enum(EQUIPMENT)))
      .max(EQUIPMENT.length)
      .default(['bodyweight']),
    weeks: z.number().int().min(1).max(12).default(4),
    injuries: safetyProfileShape.injuries.optional().describe('added to the profile injuries'),
    conditions: safetyProfileShape.conditions.optional().describe('added to the profile conditions'),
  })
  .superRefine((p, ctx) => {
    if (p.duration !== undefined && p.sessionMinutes !== undefined && p.duration !== p.sessionMinutes) {
      ctx.addIssue({
        code: 'custom',
        path: ['duration'],
        message:
          'duration (deprecated) is minutes per session and contradicts sessionMinutes; send sessionMinutes only',
      });
    }
  })
  .transform(({ duration, sessionMinutes, ...rest }) => ({
    ...rest,
    sessionMinutes: sessionMinutes ?? duration ?? 45,
  }));
export type WorkoutPreferences = z.output<typeof workoutPreferencesSchema>;

export const ACTIVITY_LEVELS = ['sedentary', 'light', 'moderate', 'active', 'very_active'] as const;

export const nutritionPreferencesSchema = z.strictObject({
  days: z.number().int().min(1).max(14).default(7),
  mealsPerDay: z.number().int().min(3).max(5).optional(),
  dietaryRestrictions: safetyProfileShape.dietaryRestrictions.default([]),
  allergies: safetyProfileShape.allergies.default([]),
  excludeFoods: foodWordsSchema
    .default([])
    .describe('foods by name ("eggs", "salmon") or id; each must match at least one food'),
  calorieTarget: z
    .number()
    .int()
    .min(1200)
    .max(5000)
    .optional()
    .describe('kcal a day; bounded by the energy floors and the maintenance energy of the profile'),
  activityLevel: z.preprocess(token, z.enum(ACTIVITY_LEVELS)).optional(),
});
/** After the request transform: `excludeFoods` holds food ids, `excludeRecipes` recipe ids. */
export type NutritionPreferences = z.output<typeof nutritionPreferencesSchema> & { excludeRecipes?: string[] };

const union = <T>(a: readonly T[], b: readonly T[] | undefined): T[] => [...new Set([...a, ...(b ?? [])])];

export const workoutPlanRequestSchema = z
  .strictObject({
    userProfile: planProfileSchema,
    preferences: workoutPreferencesSchema.prefault({}),
    seed,
  })
  .transform(({ userProfile, preferences: { injuries, conditions, ...preferences }, seed: s }) => ({
    userProfile: {
      ...userProfile,
      injuries: union(userProfile.injuries, injuries),
      conditions: union(userProfile.conditions, conditions),
    },
    preferences,
    seed: s,
  }));
export type WorkoutPlanRequest = z.output<typeof workoutPlanRequestSchema>;

/** Restrictions from the profile and the request add up; food words become the food and recipe ids they name. */
export const nutritionPlanRequestSchema = z
  .strictObject({
    userProfile: planProfileSchema,
    preferences: nutritionPreferencesSchema.prefault({}),
    seed,
  })
  .transform(({ userProfile, preferences, seed: s }) => {
    const excluded = resolveExclusions([...preferences.excludeFoods, ...userProfile.dislikes]);
    const resolved: NutritionPreferences = {
      ...preferences,
      dietaryRestrictions: union(preferences.dietaryRestrictions, userProfile.dietaryRestrictions),
      allergies: union(preferences.allergies, userProfile.allergies),
      excludeFoods: excluded.foodIds,
      excludeRecipes: excluded.recipeIds,
    };
    return { userProfile, preferences: resolved, seed: s };
  });
export type NutritionPlanRequest = z.output<typeof nutritionPlanRequestSchema>;
