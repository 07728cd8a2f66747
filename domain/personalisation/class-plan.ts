import { z } from 'zod';
import type { Ctx } from '../shared/context.ts';
import { AppError } from '../shared/errors.ts';
import { loadCurrentUser } from '../auth/current-account.ts';
import { planProfileSchema } from '../plans/plan-request.schemas.ts';
import { planClasses, type ClassPlan } from './class-planner.ts';
import { busyRanges, scheduleWindow } from './class-schedule.ts';
import { isTimeZone, localDateOf, zoneOf } from './local-date.ts';
import { saveActivePlan, type SavedPlan } from './user-plans.ts';

export const classPreferencesSchema = z.strictObject({
  daysPerWeek: z.number().int().min(1).max(7).optional().describe('default: the profile workoutsPerWeek, else 3'),
  weeks: z.number().int().min(1).max(4).default(2),
  preferredTimes: z
    .array(z.enum(['morning', 'afternoon', 'evening']))
    .max(3)
    .default([]),
  maxMinutes: z.number().int().min(10).max(240).default(90).describe('longest class to plan'),
});
export type ClassPreferences = z.output<typeof classPreferencesSchema>;

export const classProfileSchema = z.object({
  fitnessLevel: planProfileSchema.shape.fitnessLevel,
  fitnessGoal: planProfileSchema.shape.fitnessGoal,
  workoutsPerWeek: z.number().int().min(1).max(7).optional(),
  timezone: z.string().max(64).refine(isTimeZone, 'must be an IANA time zone').optional(),
});
export type ClassProfile = z.output<typeof classProfileSchema>;

const DAY_MS = 86_400_000;

async function buildPlan(
  ctx: Ctx,
  profile: ClassProfile,
  prefs: ClassPreferences,
  userId: number | null,
): Promise<ClassPlan> {
  const timezone = profile.timezone ?? 'UTC';
  const now = ctx.clock();
  const until = new Date(now.getTime() + (prefs.weeks * 7 + 1) * DAY_MS);
  const { scheduled, onDemand } = await scheduleWindow(ctx, now, until);
  const busy = userId === null ? [] : await busyRanges(ctx, userId, now, until);
  return planClasses({
    today: localDateOf(now, timezone),
    timezone,
    weeks: prefs.weeks,
    daysPerWeek: prefs.daysPerWeek ?? profile.workoutsPerWeek ?? 3,
    goal: profile.fitnessGoal,
    level: profile.fitnessLevel,
    preferredTimes: prefs.preferredTimes,
    maxMinutes: prefs.maxMinutes,
    scheduled,
    onDemand,
    busy,
  });
}

/** For /ai/generate-class-plan: this client's schedule, no bookings known (there is no user). */
export function previewClassPlan(ctx: Ctx, profile: ClassProfile, prefs: ClassPreferences): Promise<ClassPlan> {
  return buildPlan(ctx, profile, prefs, null);
}

/** From the stored profile, around the user's bookings; saved as the active class plan. */
export async function createClassPlan(ctx: Ctx, prefs: ClassPreferences): Promise<SavedPlan<ClassPlan>> {
  const { user } = await loadCurrentUser(ctx);
  const parsed = classProfileSchema.safeParse({ ...user.profile, timezone: zoneOf(user) });
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => ({ field: `profile.${i.path.join('.')}`, message: i.message }));
    throw new AppError(
      'rule',
      'PROFILE_INCOMPLETE',
      'The profile lacks what a class plan needs (fitnessLevel, fitnessGoal): complete it with PUT /users/me',
      fields,
    );
  }
  const plan = await buildPlan(ctx, parsed.data, prefs, user.id);
  const seed = `${user.id}:${ctx.clock().toISOString()}`;
  return ctx.em.transactional((em) =>
    saveActivePlan({ ...ctx, em: em as typeof ctx.em }, 'class', plan, seed, 'schedule'),
  );
}
