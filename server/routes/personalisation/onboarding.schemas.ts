import { z } from 'zod';
import { plainText, profileSchema } from '../../../domain/identity/user-profile.ts';
import { INJURIES } from '../../../domain/plans/plan-vocabulary.ts';
import { isTimeZone } from '../../../domain/personalisation/local-date.ts';

export const sessionId = plainText(128)
  .min(1)
  .describe(
    'issued by the server (the first POST /onboarding/profile without one); the same id is sent to /auth/register',
  );

export const onboardingProfileBody = z
  .strictObject({
    sessionId: sessionId.optional().describe('omit to start a session: the answer carries the new, server-issued id'),
    name: plainText(120).min(1).optional(),
    ...profileSchema.shape,
    injuries: z.array(z.enum(INJURIES)).max(INJURIES.length).optional(),
  })
  .refine((p) => p.timezone === undefined || isTimeZone(p.timezone), {
    message: 'timezone must be an IANA time zone',
    path: ['timezone'],
  });

export const onboardingSession = z.object({
  sessionId: z.string(),
  name: z.string().nullable(),
  profile: z.record(z.string(), z.unknown()),
  coachId: z.number().nullable(),
  expiresAt: z.string().describe('24 h after the last write'),
});

export const recommendBody = z.strictObject({
  sessionId,
  fitnessGoal: plainText(60).optional().describe("default: the session's"),
  fitnessLevel: plainText(60).optional().describe("default: the session's"),
  limit: z.number().int().min(1).max(50).optional(),
});

export const recommendResult = z.object({
  sessionId: z.string(),
  goal: z.string().nullable(),
  level: z.string().nullable(),
  coaches: z.array(
    z.object({
      id: z.number(),
      name: z.string(),
      bio: z.string(),
      imageUrl: z.string().nullable(),
      specialisations: z.array(z.string()),
      score: z.number().describe('0..100'),
      reasons: z.array(z.string()),
    }),
  ),
});

export const selectCoachBody = z.strictObject({ sessionId, coachId: z.number().int().positive() });
export const selectCoachResult = onboardingSession.extend({ coach: z.object({ id: z.number(), name: z.string() }) });
