import type { Ctx } from '../shared/context.ts';
import { AppError } from '../shared/errors.ts';
import type { UserProfile } from '../identity/user.entity.ts';
import { consumeOnboardingSession } from '../personalisation/onboarding-sessions.ts';

/** What a finished onboarding session hands to the account it becomes. */
export interface OnboardingSnapshot {
  name: string | null;
  profile: UserProfile;
  coachId: number | null;
}

/**
 * Registration with an onboarding `sessionId` (called inside the registration's transaction): this
 * client's session is consumed, and what the user answered becomes the account's name, profile and coach.
 * An unknown id is a 422 rather than silently dropped; an expired one is 410 (onboarding-sessions.ts).
 */
export async function takeOnboardingSession(ctx: Ctx, sessionId: string): Promise<OnboardingSnapshot> {
  const session = await consumeOnboardingSession(ctx, sessionId);
  if (!session) {
    throw new AppError(
      'rule',
      'ONBOARDING_SESSION_NOT_FOUND',
      'No onboarding session with this id exists for this client (or it has expired)',
    );
  }
  return { name: session.name, profile: session.profile, coachId: session.coachId };
}
