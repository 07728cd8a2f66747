import { route } from '../../http/route.ts';
import {
  chooseCoach,
  recommendForSession,
  upsertOnboardingProfile,
} from '../../../domain/personalisation/onboarding.ts';
import {
  onboardingProfileBody,
  onboardingSession,
  recommendBody,
  recommendResult,
  selectCoachBody,
  selectCoachResult,
} from './onboarding.schemas.ts';

/**
 * Before an account exists: the first save starts a session and the server issues its id (unguessable); the
 * app keeps it and sends it on later saves and to /auth/register, which merges all of this. An id the
 * server did not issue, or of another client, is 404; an expired one 410.
 */
export const onboardingRoutes = [
  route({
    method: 'post',
    path: '/onboarding/profile',
    tag: 'onboarding',
    auth: 'key',
    summary:
      'Save onboarding answers: without sessionId a new session (server-issued id in the answer), with it merged over earlier ones; expires 24 h after the last write',
    body: onboardingProfileBody,
    response: onboardingSession,
    handler: async ({ body }, call) => upsertOnboardingProfile(call.ctx, body),
  }),
  route({
    method: 'post',
    path: '/onboarding/recommend-coaches',
    tag: 'onboarding',
    auth: 'key',
    summary: "This client's active coaches ranked for the session's goal and level, with a score and reasons",
    body: recommendBody,
    response: recommendResult,
    handler: async ({ body }, call) => recommendForSession(call.ctx, body),
  }),
  route({
    method: 'post',
    path: '/onboarding/select-coach',
    tag: 'onboarding',
    auth: 'key',
    summary: 'Choose a coach (an active trainer of this client) for the session',
    body: selectCoachBody,
    response: selectCoachResult,
    handler: async ({ body }, call) => chooseCoach(call.ctx, body.sessionId, body.coachId),
  }),
];
