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
 * The seam for onboarding before registration (a later issue). Until onboarding sessions exist no
 * session can be found, so a `sessionId` is answered with a clear 422 instead of being silently
 * dropped. The onboarding issue replaces `findOnboardingSession` with its lookup (tenant-scoped, not
 * expired) and marks the session consumed; registration already calls this inside its transaction.
 */
export async function takeOnboardingSession(ctx: Ctx, sessionId: string): Promise<OnboardingSnapshot> {
  const snapshot = await findOnboardingSession(ctx, sessionId);
  if (!snapshot) {
    throw new AppError('rule', 'ONBOARDING_SESSION_NOT_FOUND', 'No onboarding session with this id exists for this client (or it has expired)');
  }
  return snapshot;
}

/** Consumes this client's session (DELETE … RETURNING, in the registration's transaction); expired → 410. */
async function findOnboardingSession(ctx: Ctx, sessionId: string): Promise<OnboardingSnapshot | null> {
  const session = await consumeOnboardingSession(ctx, sessionId);
  return session && { name: session.name, profile: session.profile, coachId: session.coachId };
}
