import { z, type ZodType } from 'zod';
import type { Ctx } from '../domain/shared/context.ts';
import type { Feature } from '../domain/tenancy/client.entity.ts';
import type { Services } from '../server/services.ts';
import { requireUser } from '../domain/shared/context.ts';
import { plainText, profileSchema } from '../domain/identity/user-profile.ts';
import { INJURIES } from '../domain/plans/plan-vocabulary.ts';
import { isTimeZone } from '../domain/personalisation/local-date.ts';
import { getDailyPlan } from '../domain/personalisation/daily-plan.ts';
import { getActivePlan } from '../domain/personalisation/user-plans.ts';
import { searchClasses } from '../domain/content/search-classes.ts';
import { discover } from '../domain/content/discover.ts';
import { trainerAvailability } from '../domain/marketplace/bookings/trainer-availability.ts';
import { bookSession } from '../domain/marketplace/bookings/book-session.ts';
import { moveBooking } from '../domain/marketplace/bookings/booking-lifecycle.ts';
import { mySessions } from '../domain/marketplace/bookings/my-bookings.ts';
import { logWater, logWorkout } from '../domain/personalisation/progress-log.ts';
import { chooseCoach, recommendForSession, upsertOnboardingProfile } from '../domain/personalisation/onboarding.ts';
import type { VoiceSession } from '../domain/voice/voice-sessions.ts';
import { dailyPlanQuery } from '../server/routes/personalisation/plans.schemas.ts';
import { searchQuery } from '../server/routes/content/content.schemas.ts';
import { availabilityQuery, bookBody, dbId } from '../server/routes/marketplace/marketplace.schemas.ts';
import { sessionFilters } from '../server/routes/marketplace/my-bookings.routes.ts';
import { waterEntryBody, workoutEntryBody } from '../server/routes/viewing/progress.schemas.ts';

/**
 * The voice agent's tools. Each is an edge like a route: a zod schema (which validates the call and is also the
 * JSON Schema Hume receives, `voice:sync-tools`), then ONE domain call — the same one the REST route that does
 * the same thing makes — with the rights of the voice session's party. `audience` says who may call it: the
 * signed-in user's tools, or the onboarding tools an anonymous onboarding session may use (and nothing else).
 */
export interface VoiceTool<S extends ZodType = ZodType> {
  name: string;
  description: string;
  args: S;
  audience: 'user' | 'onboarding';
  feature?: Feature;
  /** The REST route doing the same work (documentation and the benchmark's baseline). */
  rest: string;
  run(ctx: Ctx, args: z.output<S>, session: VoiceSession, services: Services): Promise<unknown>;
}

const tool = <S extends ZodType>(t: VoiceTool<S>): VoiceTool => t as unknown as VoiceTool;
const none = z.strictObject({});
const onboardingId = (s: VoiceSession) => (s.party.kind === 'onboarding' ? s.party.onboardingSessionId : '');
const planMeta = <T>(p: { id: number; createdAt: Date; plan: T }) => ({
  id: p.id,
  createdAt: p.createdAt.toISOString(),
  plan: p.plan,
});

export const voiceTools: VoiceTool[] = [
  tool({
    name: 'get_daily_plan',
    audience: 'user',
    rest: 'GET /users/me/daily-plan',
    description:
      "One day of the user's active plans (workout, meals, classes) in their time zone; date defaults to today.",
    args: z.strictObject(dailyPlanQuery.shape),
    run: (ctx, a) => getDailyPlan(ctx, a.date),
  }),
  tool({
    name: 'get_workout_plan',
    audience: 'user',
    feature: 'workout_builder',
    rest: 'GET /users/me/workout-plan',
    description: "The user's active workout plan (weeks, days, exercises).",
    args: none,
    run: async (ctx) => planMeta(await getActivePlan(ctx, 'workout')),
  }),
  tool({
    name: 'get_nutrition_plan',
    audience: 'user',
    feature: 'nutrition',
    rest: 'GET /users/me/nutrition-plan',
    description: "The user's active nutrition plan (daily targets and meals).",
    args: none,
    run: async (ctx) => planMeta(await getActivePlan(ctx, 'nutrition')),
  }),
  tool({
    name: 'search_classes',
    audience: 'user',
    feature: 'classes',
    rest: 'GET /content/search',
    description: "Search this studio's on-demand and live classes by words (title, trainer, category).",
    args: z.strictObject(searchQuery.shape),
    run: (ctx, a) => searchClasses(ctx, a.q, a.limit),
  }),
  tool({
    name: 'recommend_classes',
    audience: 'user',
    feature: 'classes',
    rest: 'GET /content/discover',
    description: 'Classes to suggest now: featured, continue watching, upcoming live classes and new this week.',
    args: none,
    run: (ctx, _a, _s, services) => discover(ctx, requireUser(ctx).userId, services.contentCache),
  }),
  tool({
    name: 'check_coach_availability',
    audience: 'user',
    feature: 'coach_connect',
    rest: 'GET /trainers/:id/availability',
    description:
      "A coach's bookable 1-on-1 slots between from and to (ISO instants), optionally for one service, shown in the user's zone (tz).",
    args: z.strictObject({ trainerId: dbId, ...availabilityQuery.shape }),
    run: (ctx, { trainerId, ...q }) => trainerAvailability(ctx, trainerId, q),
  }),
  tool({
    name: 'book_session',
    audience: 'user',
    feature: 'coach_connect',
    rest: 'POST /trainers/:id/book',
    description:
      'Book a 1-on-1 session: a slot id from check_coach_availability and the service id. Confirm with the user first.',
    args: z.strictObject({ trainerId: dbId, ...bookBody.shape }),
    run: (ctx, { trainerId, ...body }) => bookSession(ctx, trainerId, body),
  }),
  tool({
    name: 'cancel_booking',
    audience: 'user',
    feature: 'coach_connect',
    rest: 'POST /my-bookings/sessions/:id/cancel',
    description: "Cancel one of the user's confirmed 1-on-1 sessions by booking id. Confirm with the user first.",
    args: z.strictObject({ bookingId: dbId }),
    run: (ctx, a) => moveBooking(ctx, a.bookingId, { userId: requireUser(ctx).userId }, 'cancel', 'user'),
  }),
  tool({
    name: 'my_bookings',
    audience: 'user',
    feature: 'coach_connect',
    rest: 'GET /my-bookings/sessions',
    description: "The user's 1-on-1 sessions (filters: status, trainerId, from, to, upcoming 'true'/'false').",
    args: z.strictObject(sessionFilters.shape),
    run: (ctx, a) => mySessions(ctx, a),
  }),
  tool({
    name: 'log_workout',
    audience: 'user',
    rest: 'POST /progress/workout',
    description: 'Log a workout the user did: duration in minutes, optionally name, calories and exercises.',
    args: workoutEntryBody,
    run: (ctx, a) => logWorkout(ctx, a),
  }),
  tool({
    name: 'log_water',
    audience: 'user',
    rest: 'POST /progress/water',
    description: 'Log water the user drank, in ml.',
    args: waterEntryBody,
    run: (ctx, a) => logWater(ctx, a),
  }),
  tool({
    name: 'save_onboarding_profile',
    audience: 'onboarding',
    rest: 'POST /onboarding/profile',
    description:
      'Save the onboarding answers heard so far (merged over earlier ones): name, age, goal, level, workouts per week, injuries...',
    args: z
      .strictObject({
        name: plainText(120).min(1).optional(),
        ...profileSchema.shape,
        injuries: z.array(z.enum(INJURIES)).max(INJURIES.length).optional(),
      })
      .refine((p) => p.timezone === undefined || isTimeZone(p.timezone), {
        message: 'timezone must be an IANA time zone',
        path: ['timezone'],
      }),
    run: (ctx, { name, ...profile }, session) =>
      upsertOnboardingProfile(ctx, { sessionId: onboardingId(session), name, ...profile }),
  }),
  tool({
    name: 'recommend_coaches',
    audience: 'onboarding',
    rest: 'POST /onboarding/recommend-coaches',
    description: "This studio's coaches ranked for the onboarding answers (goal and level), with reasons.",
    args: z.strictObject({
      fitnessGoal: plainText(60).optional(),
      fitnessLevel: plainText(60).optional(),
      limit: z.number().int().min(1).max(50).optional(),
    }),
    run: (ctx, a, session) => recommendForSession(ctx, { sessionId: onboardingId(session), ...a }),
  }),
  tool({
    name: 'select_coach',
    audience: 'onboarding',
    rest: 'POST /onboarding/select-coach',
    description: 'Choose the coach the user picked (an id from recommend_coaches).',
    args: z.strictObject({ coachId: z.number().int().positive().max(2_147_483_647) }),
    run: (ctx, a, session) => chooseCoach(ctx, onboardingId(session), a.coachId),
  }),
];

export const voiceToolsByName = new Map(voiceTools.map((t) => [t.name, t]));

/** The JSON Schema Hume receives for a tool's parameters: the validating schema's input side. */
export function toolParameters(t: VoiceTool): string {
  const { $schema: _drop, ...schema } = z.toJSONSchema(t.args, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return JSON.stringify(schema);
}

/** The catalogue as Hume tools (name, description, JSON Schema parameters): what `voice:sync-tools` sends. */
export const humeToolSpecs = () =>
  voiceTools.map((t) => ({ name: t.name, description: t.description, parameters: toolParameters(t) }));
