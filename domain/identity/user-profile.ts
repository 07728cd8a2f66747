import { z } from 'zod';
import { lineText } from '../shared/text.ts';
import { safetyProfileShape } from '../plans/plan-request.schemas.ts';

/** Text a person typed: one line, bounded, no control characters. */
export const plainText = lineText;

/**
 * The profile and settings a user may carry, as accepted at registration (and later by /users/me).
 * Both are stored as JSON, so unknown keys are refused rather than stored: the column never becomes
 * a dumping ground an app can fill without limit.
 */
export const profileSchema = z
  .object({
    age: z.number().int().min(13).max(120),
    gender: plainText(40),
    height: z.number().min(50).max(300),
    weight: z.number().min(20).max(500),
    fitnessLevel: plainText(60),
    fitnessGoal: plainText(60),
    workoutsPerWeek: z.number().int().min(0).max(14),
    timezone: plainText(64),
    // What keeps a plan safe (issue 15): every plan made from the stored profile applies it.
    ...safetyProfileShape,
  })
  .partial()
  .strict();

export const settingsSchema = z
  .object({
    notifications: z.boolean(),
    units: z.enum(['metric', 'imperial']),
    language: plainText(16),
  })
  .partial()
  .strict();
