import { AppError } from '../shared/errors.ts';
import type { IUser } from '../identity/user.entity.ts';
import { planProfileSchema, type AssumedField, type PlanProfile } from '../plans/plan-request.schemas.ts';

/**
 * Safe defaults for what a new account may not have told us yet, so the docs' Quick Start (register, then
 * ask for a plan) works. Chosen to be conservative: a beginner, general fitness, and body measurements that,
 * because they are assumed, never lead to a calorie deficit or surplus (screening.ts).
 */
const DEFAULTS: Record<AssumedField, { value: number | string; words: string }> = {
  age: { value: 30, words: 'Age not set: assumed 30.' },
  height: { value: 170, words: 'Height not set: assumed 170 cm (no calorie deficit or surplus until it is set).' },
  weight: { value: 70, words: 'Weight not set: assumed 70 kg (no calorie deficit or surplus until it is set).' },
  fitnessLevel: { value: 'beginner', words: 'Fitness level not set: planned for a beginner.' },
  fitnessGoal: { value: 'general_fitness', words: 'Goal not set: planned for general fitness.' },
};

const KEYS = Object.keys(planProfileSchema.shape) as Array<keyof typeof planProfileSchema.shape>;

/**
 * The plan generators' view of a stored profile: its plan fields (timezone and the like left out), missing
 * measurements filled with the defaults above and listed in `assumptions` for the app to ask about. A value
 * that is present but unusable ("fitnessGoal": "fly") is a rule the user can fix with PUT /users/me: 422
 * naming the field.
 */
export function planProfileOf(user: Pick<IUser, 'profile'>): { profile: PlanProfile; assumptions: string[] } {
  const stored = user.profile as Record<string, unknown>;
  const picked: Record<string, unknown> = {};
  for (const key of KEYS) if (stored[key] !== undefined && stored[key] !== null) picked[key] = stored[key];
  const assumed: AssumedField[] = [];
  for (const [key, d] of Object.entries(DEFAULTS) as Array<[AssumedField, (typeof DEFAULTS)[AssumedField]]>) {
    if (picked[key] === undefined) {
      picked[key] = d.value;
      assumed.push(key);
    }
  }
  const parsed = planProfileSchema.safeParse(picked);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => ({ field: `profile.${i.path.join('.')}`, message: i.message }));
    throw new AppError(
      'rule',
      'PROFILE_INCOMPLETE',
      'The profile holds a value a plan cannot use: correct it with PUT /users/me',
      fields,
    );
  }
  const assumptions = assumed.map((k) => DEFAULTS[k].words);
  if (stored['gender'] === undefined)
    assumptions.push('Sex not set: energy uses the midpoint of the male and female formulas.');
  return { profile: { ...parsed.data, assumed }, assumptions };
}
