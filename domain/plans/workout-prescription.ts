import { exerciseLibrary } from './exercise-library.ts';
import type { Exercise } from './exercise-library.ts';
import type { Goal, Intensity, Level, Pattern } from './plan-vocabulary.ts';

/** Sets × dose with rest; `dose` is reps or seconds depending on the exercise. */
export interface Prescription {
  sets: number;
  dose: number;
  restSeconds: number;
}

export interface PrescriptionContext {
  goal: Goal;
  level: Level;
  intensity: Intensity;
}

/** Seconds one repetition takes at a controlled tempo; used only to estimate session length. */
export const SECONDS_PER_REP = 3;

const GOAL_BASE: Record<Goal, { sets: number; reps: number; rest: number }> = {
  strength: { sets: 4, reps: 5, rest: 150 },
  build_muscle: { sets: 3, reps: 10, rest: 90 },
  lose_weight: { sets: 3, reps: 12, rest: 45 },
  endurance: { sets: 3, reps: 15, rest: 30 },
  general_fitness: { sets: 3, reps: 10, rest: 60 },
  maintain: { sets: 3, reps: 10, rest: 60 },
};

const COMPOUND: readonly Pattern[] = ['squat', 'hinge', 'lunge', 'push-horizontal', 'push-vertical', 'pull-horizontal', 'pull-vertical'];

const timedBase = (pattern: Pattern, goal: Goal): number => {
  if (pattern === 'cardio') return goal === 'lose_weight' || goal === 'endurance' ? 90 : 60;
  if (pattern === 'carry') return 40;
  return 30;
};

/** Week-one prescription for an exercise, from goal, level and intensity. */
export function basePrescription(exercise: Exercise, ctx: PrescriptionContext): Prescription {
  const goal = GOAL_BASE[ctx.goal];
  if (exercise.pattern === 'mobility') return { sets: 2, dose: 30, restSeconds: 10 };
  const compound = COMPOUND.includes(exercise.pattern);
  let sets = goal.sets;
  let dose = exercise.dose === 'seconds' ? timedBase(exercise.pattern, ctx.goal) : compound ? goal.reps : Math.max(goal.reps, 10);
  let rest = compound ? goal.rest : Math.min(goal.rest, 60);
  if (exercise.pattern === 'cardio') rest = 30;
  if (ctx.level === 'beginner') sets -= 1;
  if (ctx.level === 'advanced' && compound) sets += 1;
  if (ctx.intensity === 'low') {
    sets -= 1;
    rest = Math.round(rest * 1.25);
  }
  if (ctx.intensity === 'high') {
    rest = Math.round(rest * 0.8);
    dose += exercise.dose === 'seconds' ? 10 : 2;
  }
  return { sets: Math.max(2, sets), dose, restSeconds: Math.max(15, rest) };
}

/**
 * Progression in four-week blocks: volume rises for three weeks (more reps or seconds, an extra set in the
 * third), the fourth is a deload with one set fewer, and each new block starts a little above the last.
 * Mobility work stays the same.
 */
export function prescriptionForWeek(exercise: Exercise, ctx: PrescriptionContext, week: number): Prescription {
  const base = basePrescription(exercise, ctx);
  if (exercise.pattern === 'mobility') return base;
  const blockWeek = ((week - 1) % 4) + 1;
  const block = Math.floor((week - 1) / 4);
  const step = exercise.dose === 'seconds' ? 5 : ctx.goal === 'strength' ? 1 : 2;
  const maxDose = exercise.dose === 'seconds' ? (exercise.pattern === 'cardio' ? 180 : 120) : 20;
  if (blockWeek === 4) {
    return { sets: Math.max(1, base.sets - 1), dose: Math.min(maxDose, base.dose + block * step), restSeconds: base.restSeconds };
  }
  return {
    sets: Math.min(6, base.sets + (blockWeek === 3 ? 1 : 0)),
    dose: Math.min(maxDose, base.dose + (blockWeek - 1 + block) * step),
    restSeconds: base.restSeconds,
  };
}

export const isDeloadWeek = (week: number): boolean => week % 4 === 0;

/** The app-facing `reps` text. */
export function formatDose(exercise: Pick<Exercise, 'dose' | 'perSide'>, dose: number): string {
  const core = exercise.dose === 'seconds' ? `${dose} s` : `${dose}`;
  return exercise.perSide ? `${core} per side` : core;
}

/** Reads a `reps` text back (ours or a provider's: "12", "8-10", "45 s", "30 sec per side"); null if unreadable. */
export function parseDose(reps: string): { dose: number; seconds: boolean; perSide: boolean } | null {
  const match = /(\d+)(?:\s*-\s*(\d+))?/.exec(reps);
  if (!match) return null;
  const dose = Number(match[2] ?? match[1]);
  const seconds = /\b(s|sec|secs|second|seconds|min|minutes?)\b|\d\s*s\b/i.test(reps);
  const minutes = /\bmin/i.test(reps);
  return { dose: minutes ? dose * 60 : dose, seconds, perSide: /side|each|leg|arm/i.test(reps) };
}

/** Estimated seconds for all sets of one exercise: sets × (work + rest). */
export function estimateSeconds(sets: number, workSecondsPerSet: number, restSeconds: number): number {
  return sets * (workSecondsPerSet + restSeconds);
}

export function workSeconds(exercise: Pick<Exercise, 'dose' | 'perSide'>, dose: number): number {
  const once = exercise.dose === 'seconds' ? dose : dose * SECONDS_PER_REP;
  return exercise.perSide ? once * 2 : once;
}

/** Time an exercise as written in a plan takes, read from its sets, reps text and rest. */
export function exerciseSecondsFromPlan(entry: { sets: number; reps: string; restTime: number }): number {
  const parsed = parseDose(entry.reps);
  const work = parsed ? (parsed.seconds ? parsed.dose : parsed.dose * SECONDS_PER_REP) * (parsed.perSide ? 2 : 1) : 60;
  return estimateSeconds(entry.sets, work, entry.restTime);
}

/** Minutes of aerobic (cardio-pattern) work in a week of days, read from the plan as written. */
export function aerobicMinutes(days: readonly { exercises: readonly { exerciseId?: string | undefined; sets: number; reps: string }[] }[]): number {
  let seconds = 0;
  for (const day of days) {
    for (const e of day.exercises) {
      const known = e.exerciseId ? exerciseLibrary.byId.get(e.exerciseId) : undefined;
      if (known?.pattern !== 'cardio') continue;
      const dose = parseDose(e.reps);
      if (dose?.seconds) seconds += dose.dose * e.sets;
    }
  }
  return Math.round(seconds / 60);
}
