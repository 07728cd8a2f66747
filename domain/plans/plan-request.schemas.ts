import { z } from 'zod';
import {
  ALLERGENS,
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
const token = (v: unknown): unknown => (typeof v === 'string' ? v.trim().toLowerCase().replace(/[\s-]+/g, '_') : v);
const dashed = (v: unknown): unknown => (typeof v === 'string' ? v.trim().toLowerCase().replace(/[\s_]+/g, '-') : v);

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
const LEVEL_SYNONYMS: Record<string, string> = { novice: 'beginner', expert: 'advanced', intermediate_level: 'intermediate' };
const INJURY_SYNONYMS: Record<string, string> = { back: 'lower_back', knees: 'knee', shoulders: 'shoulder', wrists: 'wrist', ankles: 'ankle', hips: 'hip', elbows: 'elbow' };

const goal = z.preprocess((v) => {
  const t = token(v);
  return typeof t === 'string' ? (GOAL_SYNONYMS[t] ?? t) : t;
}, z.enum(GOALS));
const level = z.preprocess((v) => {
  const t = token(v);
  return typeof t === 'string' ? (LEVEL_SYNONYMS[t] ?? t) : t;
}, z.enum(LEVELS));
const injury = z.preprocess((v) => {
  const t = token(v);
  return typeof t === 'string' ? (INJURY_SYNONYMS[t] ?? t) : t;
}, z.enum(INJURIES));
const gender = z.preprocess((v) => {
  const t = token(v);
  if (t === 'm' || t === 'man' || t === 'male') return 'male';
  if (t === 'f' || t === 'woman' || t === 'female') return 'female';
  return 'unspecified';
}, z.enum(['male', 'female', 'unspecified']));

export const planProfileSchema = z.object({
  age: z.number().int().min(13).max(100),
  gender: gender.default('unspecified'),
  height: z.number().min(100).max(250).describe('cm'),
  weight: z.number().min(30).max(300).describe('kg'),
  fitnessLevel: level,
  fitnessGoal: goal,
  injuries: z.array(injury).max(INJURIES.length).default([]),
  workoutsPerWeek: z.number().int().min(0).max(14).optional(),
});
export type PlanProfile = z.output<typeof planProfileSchema>;

const seed = z.union([z.number().int(), z.string().min(1).max(100)]).optional();

export const workoutPreferencesSchema = z.preprocess(
  // The documented request names the session length `duration`; ours is the explicit `sessionMinutes`.
  (v) =>
    v && typeof v === 'object' && 'duration' in v && !('sessionMinutes' in v)
      ? { ...(v as Record<string, unknown>), sessionMinutes: (v as Record<string, unknown>)['duration'] }
      : v,
  z.object({
    daysPerWeek: z.number().int().min(1).max(7).default(3),
    sessionMinutes: z.number().int().min(15).max(180).default(45),
    intensity: z.preprocess(token, z.enum(INTENSITIES)).default('medium'),
    equipment: z.array(z.preprocess(dashed, z.enum(EQUIPMENT))).default(['bodyweight']),
    weeks: z.number().int().min(1).max(12).default(4),
  }),
);
export type WorkoutPreferences = z.output<typeof workoutPreferencesSchema>;

export const ACTIVITY_LEVELS = ['sedentary', 'light', 'moderate', 'active', 'very_active'] as const;

export const nutritionPreferencesSchema = z.object({
  days: z.number().int().min(1).max(14).default(7),
  mealsPerDay: z.number().int().min(3).max(5).optional(),
  dietaryRestrictions: z.array(z.preprocess(dashed, z.enum(DIET_TAGS))).default([]),
  allergies: z.array(z.preprocess(token, z.enum(ALLERGENS))).default([]),
  excludeFoods: z.array(z.string().max(80)).max(100).default([]),
  calorieTarget: z.number().int().min(1200).max(5000).optional(),
  activityLevel: z.preprocess(token, z.enum(ACTIVITY_LEVELS)).optional(),
});
export type NutritionPreferences = z.output<typeof nutritionPreferencesSchema>;

export const workoutPlanRequestSchema = z.object({
  userProfile: planProfileSchema,
  preferences: workoutPreferencesSchema.prefault({}),
  seed,
});
export type WorkoutPlanRequest = z.output<typeof workoutPlanRequestSchema>;

export const nutritionPlanRequestSchema = z.object({
  userProfile: planProfileSchema,
  preferences: nutritionPreferencesSchema.prefault({}),
  seed,
});
export type NutritionPlanRequest = z.output<typeof nutritionPlanRequestSchema>;
