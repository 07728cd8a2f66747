import { AppError } from '../shared/errors.ts';
import type { IUser } from '../identity/user.entity.ts';
import { planProfileSchema, type PlanProfile } from '../plans/plan-request.schemas.ts';

/**
 * The plan generators' view of a stored profile. A profile missing what a plan needs (age, height,
 * weight, level, goal) is a rule the user can fix with PUT /users/me, so it answers 422 naming the fields.
 */
export function planProfileOf(user: Pick<IUser, 'profile'>): PlanProfile {
  const parsed = planProfileSchema.safeParse(user.profile);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((i) => ({ field: `profile.${i.path.join('.')}`, message: i.message }));
  throw new AppError('rule', 'PROFILE_INCOMPLETE', 'The profile lacks what a plan needs: complete it with PUT /users/me', fields);
}
