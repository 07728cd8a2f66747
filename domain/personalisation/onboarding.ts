import type { Ctx } from '../shared/context.ts';
import { AppError } from '../shared/errors.ts';
import { Trainer } from '../identity/trainer.entity.ts';
import type { UserProfile } from '../identity/user.entity.ts';
import { recommendCoaches } from './coach-recommendation.ts';
import {
  loadOnboardingSession,
  selectOnboardingCoach,
  startOnboardingSession,
  updateOnboardingProfile,
  type OnboardingSession,
} from './onboarding-sessions.ts';

export const presentSession = (s: OnboardingSession) => ({
  sessionId: s.sessionId,
  name: s.name,
  profile: s.profile,
  coachId: s.coachId,
  expiresAt: s.expiresAt.toISOString(),
});

/** Without a session id: a new session with a server-issued id (the answer carries it). With one: merged into it. */
export async function upsertOnboardingProfile(
  ctx: Ctx,
  input: { sessionId?: string | undefined; name?: string | undefined } & UserProfile,
) {
  const { sessionId, name, ...profile } = input;
  const session =
    sessionId === undefined
      ? await startOnboardingSession(ctx, name, profile)
      : await updateOnboardingProfile(ctx, sessionId, name, profile);
  return presentSession(session);
}

/** Goal and level from the request when given (the app may ask before saving), else from the session. */
export async function recommendForSession(
  ctx: Ctx,
  input: {
    sessionId: string;
    fitnessGoal?: string | undefined;
    fitnessLevel?: string | undefined;
    limit?: number | undefined;
  },
) {
  const session = await loadOnboardingSession(ctx, input.sessionId);
  const profile = {
    fitnessGoal: input.fitnessGoal ?? session.profile.fitnessGoal,
    fitnessLevel: input.fitnessLevel ?? session.profile.fitnessLevel,
  };
  return { sessionId: session.sessionId, ...(await recommendCoaches(ctx, profile, input.limit)) };
}

/** The coach must be an active trainer of this client; another client's trainer is simply not found. */
export async function chooseCoach(ctx: Ctx, sessionId: string, coachId: number) {
  const coach = await ctx.em.findOne(Trainer, { id: coachId, isActive: true }, { fields: ['id', 'name'] });
  if (!coach) throw new AppError('not_found', 'COACH_NOT_FOUND', 'No active coach of this client has this id');
  const session = await selectOnboardingCoach(ctx, sessionId, coach.id);
  return { ...presentSession(session), coach: { id: coach.id, name: coach.name } };
}
