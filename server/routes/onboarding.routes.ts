import { route } from '../http/route.ts';
import { chooseCoach, recommendForSession, upsertOnboardingProfile } from '../../domain/personalisation/onboarding.ts';
import {
  onboardingProfileBody, onboardingSession, recommendBody, recommendResult, selectCoachBody, selectCoachResult,
} from './onboarding.schemas.ts';

/** Before an account exists: the app keeps a session id; /auth/register with it merges all of this. */
export const onboardingRoutes = [
  route({
    method: 'post', path: '/onboarding/profile', tag: 'onboarding', auth: 'key',
    summary: 'Save onboarding answers by session id (merged over earlier ones); expires 24 h after the last write',
    body: onboardingProfileBody, response: onboardingSession,
    handler: async ({ body }, call) => upsertOnboardingProfile(call.ctx, body),
  }),
  route({
    method: 'post', path: '/onboarding/recommend-coaches', tag: 'onboarding', auth: 'key',
    summary: "This client's active coaches ranked for the session's goal and level, with a score and reasons",
    body: recommendBody, response: recommendResult,
    handler: async ({ body }, call) => recommendForSession(call.ctx, body),
  }),
  route({
    method: 'post', path: '/onboarding/select-coach', tag: 'onboarding', auth: 'key',
    summary: 'Choose a coach (an active trainer of this client) for the session',
    body: selectCoachBody, response: selectCoachResult,
    handler: async ({ body }, call) => chooseCoach(call.ctx, body.sessionId, body.coachId),
  }),
];
