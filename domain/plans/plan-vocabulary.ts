/**
 * The closed vocabularies the plan libraries and planners share. Plain `as const` arrays (no enums, so
 * Node's type stripping runs the file as is) that also feed the zod schemas.
 */
export const LEVELS = ['beginner', 'intermediate', 'advanced'] as const;
export type Level = (typeof LEVELS)[number];

export const INJURIES = ['knee', 'lower_back', 'shoulder', 'wrist', 'ankle', 'neck', 'hip', 'elbow'] as const;
export type Injury = (typeof INJURIES)[number];

export const EQUIPMENT = [
  'bodyweight',
  'dumbbells',
  'kettlebell',
  'barbell',
  'bench',
  'resistance-band',
  'pull-up-bar',
  'machine',
  'cable',
  'medicine-ball',
  'jump-rope',
  'box',
  'suspension-trainer',
  'rower',
  'stationary-bike',
  'treadmill',
  'elliptical',
] as const;
export type Equipment = (typeof EQUIPMENT)[number];

export const PATTERNS = [
  'squat',
  'hinge',
  'lunge',
  'push-horizontal',
  'push-vertical',
  'pull-horizontal',
  'pull-vertical',
  'core',
  'carry',
  'cardio',
  'mobility',
  'isolation',
  'balance',
] as const;
export type Pattern = (typeof PATTERNS)[number];

export const MUSCLES = [
  'quads',
  'hamstrings',
  'glutes',
  'calves',
  'adductors',
  'abductors',
  'hip-flexors',
  'chest',
  'upper-back',
  'lats',
  'traps',
  'shoulders',
  'rear-delts',
  'biceps',
  'triceps',
  'forearms',
  'core',
  'obliques',
  'lower-back',
  'neck',
  'heart',
] as const;
export type Muscle = (typeof MUSCLES)[number];

export const GOALS = ['lose_weight', 'build_muscle', 'strength', 'endurance', 'general_fitness', 'maintain'] as const;
export type Goal = (typeof GOALS)[number];

export const INTENSITIES = ['low', 'medium', 'high'] as const;
export type Intensity = (typeof INTENSITIES)[number];

export const DIET_TAGS = [
  'vegetarian',
  'vegan',
  'pescatarian',
  'gluten-free',
  'dairy-free',
  'nut-free',
  'halal',
] as const;
export type DietTag = (typeof DIET_TAGS)[number];

export const ALLERGENS = ['gluten', 'dairy', 'egg', 'nuts', 'peanuts', 'soy', 'fish', 'shellfish', 'sesame'] as const;
export type Allergen = (typeof ALLERGENS)[number];

/**
 * Health conditions a user may state. Each one changes the plan (screening.ts); `other` stands for any
 * condition not listed, and is treated conservatively with a "see a clinician" note rather than refused.
 */
export const CONDITIONS = [
  'diabetes',
  'hypertension',
  'heart_disease',
  'kidney_disease',
  'asthma',
  'osteoporosis',
  'arthritis',
  'eating_disorder',
  'other',
] as const;
export type Condition = (typeof CONDITIONS)[number];

/** Where a food comes from; dietary tags are derived from it together with the allergens. */
export const ORIGINS = ['plant', 'dairy', 'egg', 'honey', 'fish', 'shellfish', 'poultry', 'red-meat', 'pork'] as const;
export type Origin = (typeof ORIGINS)[number];

export const AISLES = ['produce', 'meat & fish', 'dairy & eggs', 'chilled', 'bakery', 'pantry', 'frozen'] as const;
export type Aisle = (typeof AISLES)[number];

export const MEAL_TYPES = ['breakfast', 'lunch', 'dinner', 'snack'] as const;
export type MealType = (typeof MEAL_TYPES)[number];

/** Rank used for "at or below the user's level" comparisons. */
export const levelRank = (level: Level): number => LEVELS.indexOf(level);
