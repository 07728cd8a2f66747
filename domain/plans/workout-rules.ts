import type { ExerciseFilter, Trait } from './exercise-library.ts';
import type { WorkoutPlanRequest } from './plan-request.schemas.ts';
import { INTENSITIES, type Intensity } from './plan-vocabulary.ts';
import { screenProfile, type Screening } from './screening.ts';

/** Training days a week by level: at least one rest day, two for beginners (ACSM: 48 h between hard sessions). */
export const MAX_DAYS: Record<WorkoutPlanRequest['userProfile']['fitnessLevel'], number> = { beginner: 5, intermediate: 6, advanced: 6 };

const rank = (i: Intensity): number => INTENSITIES.indexOf(i);

/**
 * The request every workout provider and check works from: the days a week and the intensity held to
 * the guidance and to screening. Idempotent, so the planner and the check can both apply it. What was
 * changed is said in `adjustments`, for the answer.
 */
export function effectiveWorkoutRequest(request: WorkoutPlanRequest): { request: WorkoutPlanRequest; screening: Screening; adjustments: string[] } {
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
    adjustments.push(`Intensity lowered from ${prefs.intensity} to ${intensity} after the health screening (see the safety notes).`);
  }
  return { request: { ...request, preferences: { ...prefs, daysPerWeek, intensity } }, screening, adjustments };
}

/** The exercise filter of a request: level, equipment, injuries and what screening rules out. */
export function exerciseFilterOf(request: WorkoutPlanRequest, screening: Screening = screenProfile(request.userProfile)): ExerciseFilter {
  const avoid: Trait[] = [];
  if (screening.avoidImpact) avoid.push('impact');
  if (screening.avoidSpinalFlexion) avoid.push('spinal-flexion');
  return { level: request.userProfile.fitnessLevel, injuries: request.userProfile.injuries, equipment: request.preferences.equipment, avoid };
}
