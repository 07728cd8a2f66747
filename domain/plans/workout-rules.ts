import { exerciseLibrary, type ExerciseFilter, type ExerciseLibrary, type Trait } from './exercise-library.ts';
import type { WorkoutPlanRequest } from './plan-request.schemas.ts';
import { INTENSITIES, type Intensity } from './plan-vocabulary.ts';
import { screenProfile, type Screening } from './screening.ts';

/** Training days a week by level: at least one rest day, two for beginners (ACSM: 48 h between hard sessions). */
export const MAX_DAYS: Record<WorkoutPlanRequest['userProfile']['fitnessLevel'], number> = {
  beginner: 5,
  intermediate: 6,
  advanced: 6,
};

const rank = (i: Intensity): number => INTENSITIES.indexOf(i);

/**
 * The request every workout provider and check works from: the days a week and the intensity held to
 * the guidance and to screening. Idempotent, so the planner and the check can both apply it. What was
 * changed is said in `adjustments`, for the answer.
 */
export function effectiveWorkoutRequest(request: WorkoutPlanRequest): {
  request: WorkoutPlanRequest;
  screening: Screening;
  adjustments: string[];
} {
  const screening = screenProfile(request.userProfile);
  const prefs = request.preferences;
  const adjustments: string[] = [];
  const maxDays = MAX_DAYS[request.userProfile.fitnessLevel];
  let daysPerWeek = prefs.daysPerWeek;
  if (daysPerWeek > maxDays) {
    daysPerWeek = maxDays;
    adjustments.push(
      `${prefs.daysPerWeek} training days were asked for; the plan has ${maxDays}, so that each week keeps ${7 - maxDays} rest day${7 - maxDays > 1 ? 's' : ''} for recovery${request.userProfile.fitnessLevel === 'beginner' ? ' (beginners need at least two)' : ''}.`,
    );
  }
  let intensity = prefs.intensity;
  if (rank(intensity) > rank(screening.maxIntensity)) {
    intensity = screening.maxIntensity;
    adjustments.push(
      `Intensity lowered from ${prefs.intensity} to ${intensity} after the health screening (see the safety notes).`,
    );
  }
  return { request: { ...request, preferences: { ...prefs, daysPerWeek, intensity } }, screening, adjustments };
}

/** The exercise filter of a request: level, equipment, injuries and what screening rules out. */
export function exerciseFilterOf(
  request: WorkoutPlanRequest,
  screening: Screening = screenProfile(request.userProfile),
): ExerciseFilter {
  const avoid: Trait[] = [];
  if (screening.avoidImpact) avoid.push('impact');
  if (screening.avoidSpinalFlexion) avoid.push('spinal-flexion');
  return {
    level: request.userProfile.fitnessLevel,
    injuries: request.userProfile.injuries,
    equipment: request.preferences.equipment,
    avoid,
  };
}

/** Patterns that do not count as training a muscle group hard (trunk stability, balance, aerobic work, mobility). */
const LIGHT_PATTERNS = new Set(['core', 'balance', 'cardio', 'mobility']);

/**
 * Days a muscle group is trained hard again within 48 hours (ACSM): consecutive weekdays whose hard
 * exercises share a primary muscle, Sunday to Monday included when the week repeats.
 */
export function recoveryProblems(
  days: readonly {
    day: number;
    exercises: readonly { exerciseId?: string | undefined; effort?: string | undefined }[];
  }[],
  library: ExerciseLibrary = exerciseLibrary,
): string[] {
  const hard = new Map<number, Set<string>>();
  for (const d of days) {
    const muscles = new Set<string>();
    for (const e of d.exercises) {
      const known = e.exerciseId ? library.byId.get(e.exerciseId) : undefined;
      if (!known || LIGHT_PATTERNS.has(known.pattern) || e.effort?.startsWith('easy')) continue;
      for (const m of known.primaryMuscles) if (m !== 'core' && m !== 'heart') muscles.add(m);
    }
    hard.set(d.day, muscles);
  }
  const problems: string[] = [];
  for (const [day, muscles] of hard) {
    const next = hard.get(day === 7 ? 1 : day + 1);
    if (!next || (day === 7 && hard.size === 7)) continue;
    const shared = [...muscles].filter((m) => next.has(m));
    if (shared.length > 0)
      problems.push(`${shared.join(', ')} trained hard on consecutive days (${day} and ${day === 7 ? 1 : day + 1})`);
  }
  return problems;
}
