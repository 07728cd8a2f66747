import { eligibleExercises, exerciseLibrary, type Exercise, type ExerciseLibrary } from './exercise-library.ts';
import type { WorkoutPlanRequest } from './plan-request.schemas.ts';
import type { WorkoutExercise, WorkoutPlan } from './plan.schemas.ts';
import type { Muscle } from './plan-vocabulary.ts';
import { createRandom, seedOf, type Random } from './seeded-random.ts';
import {
  estimateSeconds,
  formatDose,
  isDeloadWeek,
  prescriptionForWeek,
  workSeconds,
  type PrescriptionContext,
} from './workout-prescription.ts';
import { effectiveWorkoutRequest, exerciseFilterOf } from './workout-rules.ts';
import { chooseSplit, TRAINING_WEEKDAYS, type DayTemplate, type Slot } from './workout-splits.ts';

/** A day never holds more than this many exercises, however long the session. */
const MAX_EXERCISES_PER_DAY = 10;

/** The longest any week asks of this exercise, so a day chosen once fits every week of the plan. */
function peakSeconds(exercise: Exercise, ctx: PrescriptionContext, weeks: number): number {
  let peak = 0;
  for (let week = 1; week <= weeks; week++) {
    const p = prescriptionForWeek(exercise, ctx, week);
    peak = Math.max(peak, estimateSeconds(p.sets, workSeconds(exercise, p.dose), p.restSeconds));
  }
  return peak;
}

const UPPER_BODY: readonly Muscle[] = ['chest', 'upper-back', 'lats', 'traps', 'shoulders', 'rear-delts', 'biceps', 'triceps', 'forearms'];

export function fitsSlot(exercise: Exercise, slot: Slot): boolean {
  if (slot === 'isolation-upper' || slot === 'isolation-lower') {
    if (exercise.pattern !== 'isolation') return false;
    const upper = UPPER_BODY.includes(exercise.primaryMuscles[0] as Muscle);
    return slot === 'isolation-upper' ? upper : !upper;
  }
  return exercise.pattern === slot;
}

interface DayPick {
  template: DayTemplate;
  exercises: Exercise[];
}

function pickDay(
  template: DayTemplate,
  pool: readonly Exercise[],
  usedThisWeek: Set<string>,
  budgetSeconds: number,
  cost: (e: Exercise) => number,
  random: Random,
): Exercise[] {
  const chosen: Exercise[] = [];
  let remaining = budgetSeconds;
  const tryPattern = (slot: Slot): void => {
    if (chosen.length >= MAX_EXERCISES_PER_DAY) return;
    const open = pool.filter((e) => fitsSlot(e, slot) && !chosen.includes(e) && cost(e) <= remaining);
    // Prefer what this week has not used yet, so repeated day types still vary.
    const fresh = open.filter((e) => !usedThisWeek.has(e.id));
    const candidates = fresh.length > 0 ? fresh : open;
    if (candidates.length === 0) return;
    const pick = random.pick(candidates);
    chosen.push(pick);
    usedThisWeek.add(pick.id);
    remaining -= cost(pick);
  };
  tryPattern('mobility'); // warm-up first
  // A second pass over the slots fills long sessions with more of the same balance of patterns.
  for (let pass = 0; pass < 2; pass++) for (const slot of template.slots) tryPattern(slot);
  return chosen;
}

function render(exercise: Exercise, ctx: PrescriptionContext, week: number): WorkoutExercise {
  const p = prescriptionForWeek(exercise, ctx, week);
  return {
    exerciseId: exercise.id,
    name: exercise.name,
    sets: p.sets,
    reps: formatDose(exercise, p.dose),
    restTime: p.restSeconds,
    instructions: exercise.instructions,
  };
}

const GOAL_LABEL: Record<string, string> = {
  lose_weight: 'fat loss',
  build_muscle: 'muscle building',
  strength: 'strength',
  endurance: 'endurance',
  general_fitness: 'general fitness',
  maintain: 'maintenance',
};

/**
 * The rule-based workout plan: exercises the user may do (level, equipment, injuries), laid out by a split
 * that balances movement patterns, sized to the session length in the heaviest week, progressed in
 * four-week blocks. Pure and deterministic for a given seed.
 */
export function generateWorkoutPlan(raw: WorkoutPlanRequest, library: ExerciseLibrary = exerciseLibrary): WorkoutPlan {
  const { request, screening } = effectiveWorkoutRequest(raw);
  const { userProfile: profile, preferences: prefs } = request;
  const random = createRandom(seedOf(raw, { profile: raw.userProfile, prefs: raw.preferences }));
  const ctx: PrescriptionContext = { goal: profile.fitnessGoal, level: profile.fitnessLevel, intensity: prefs.intensity };
  const pool = eligibleExercises(library, exerciseFilterOf(request, screening));
  const costs = new Map(pool.map((e) => [e.id, peakSeconds(e, ctx, prefs.weeks)]));
  const cost = (e: Exercise): number => costs.get(e.id) ?? Infinity;
  const split = chooseSplit(prefs.daysPerWeek, profile.fitnessGoal, profile.fitnessLevel);
  const usedThisWeek = new Set<string>();
  const days: DayPick[] = split.map((template) => ({
    template,
    exercises: pickDay(template, pool, usedThisWeek, prefs.sessionMinutes * 60, cost, random),
  }));
  const weekdays = TRAINING_WEEKDAYS[prefs.daysPerWeek] ?? [];

  const weeks = Array.from({ length: prefs.weeks }, (_, i) => {
    const week = i + 1;
    return {
      week,
      days: days.map((d, index) => ({
        day: weekdays[index] ?? index + 1,
        name: isDeloadWeek(week) ? `${d.template.name} (deload)` : d.template.name,
        exercises: d.exercises.map((e) => render(e, ctx, week)),
      })),
    };
  });

  const injuries = profile.injuries.length > 0 ? ` Avoids exercises that load the ${profile.injuries.join(', ').replaceAll('_', ' ')}.` : '';
  return {
    title: `${prefs.weeks}-week ${GOAL_LABEL[profile.fitnessGoal]} plan`,
    description:
      `${prefs.daysPerWeek} session${prefs.daysPerWeek > 1 ? 's' : ''} a week of up to ${prefs.sessionMinutes} minutes ` +
      `(${split.map((d) => d.name).join(', ')}), ${profile.fitnessLevel} level, ${prefs.intensity} intensity. ` +
      `Each session opens with a mobility warm-up. Volume builds for three weeks and every fourth week is a lighter deload.` +
      injuries,
    duration: `${prefs.weeks} week${prefs.weeks > 1 ? 's' : ''}`,
    daysPerWeek: prefs.daysPerWeek,
    weeks,
  };
}
