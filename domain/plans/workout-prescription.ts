import { exerciseLibrary } from './exercise-library.ts';
import type { Exercise } from './exercise-library.ts';
import type { Goal, Intensity, Level, Pattern } from './plan-vocabulary.ts';

/** Sets × dose with rest; `dose` is reps or seconds depending on the exercise; `rpe` the target effort. */
export interface Prescription {
  sets: number;
  dose: number;
  restSeconds: number;
  rpe: number;
}

export interface PrescriptionContext {
  goal: Goal;
  level: Level;
  intensity: Intensity;
  /** Screening: at least 8 reps and RPE 7 at most (youth, pregnancy, heart disease, high blood pressure). */
  moderateLoadsOnly?: boolean;
}

/** Where an exercise sits in the session: its first two compound lifts are the day's main lifts. */
export type Role = 'main' | 'compound' | 'accessory' | 'warm-up' | 'aerobic' | 'balance' | 'circuit';

/** Seconds one repetition takes at a controlled tempo; used only to estimate session length. */
export const SECONDS_PER_REP = 3;

export const COMPOUND: readonly Pattern[] = [
  'squat',
  'hinge',
  'lunge',
  'push-horizontal',
  'push-vertical',
  'pull-horizontal',
  'pull-vertical',
];

/**
 * Sets × reps × rest by goal (ACSM 2009 progression models, ISSN resistance training): strength 3–6 reps
 * with 2–3 min rest on the main lifts; hypertrophy 6–12 reps with 1–2 min; endurance 12–20 with short
 * rests; general fitness 8–12. `rpe` is the week-one effort; it rises over the block (load before volume).
 */
const BY_GOAL: Record<
  Goal,
  {
    main: [number, number, number];
    compound: [number, number, number];
    accessory: [number, number, number];
    rpe: number;
  }
> = {
  strength: { main: [4, 5, 180], compound: [3, 8, 120], accessory: [3, 10, 60], rpe: 7 },
  build_muscle: { main: [4, 8, 120], compound: [3, 10, 90], accessory: [3, 12, 60], rpe: 7 },
  lose_weight: { main: [3, 10, 75], compound: [3, 12, 60], accessory: [2, 12, 45], rpe: 7 },
  endurance: { main: [3, 12, 45], compound: [2, 15, 45], accessory: [2, 15, 30], rpe: 6.5 },
  general_fitness: { main: [3, 10, 90], compound: [3, 10, 75], accessory: [2, 12, 60], rpe: 6.5 },
  maintain: { main: [3, 10, 90], compound: [3, 10, 75], accessory: [2, 12, 60], rpe: 6.5 },
};

const clampDose = (exercise: Pick<Exercise, 'doseRange'>, dose: number): number =>
  Math.min(exercise.doseRange[1], Math.max(exercise.doseRange[0], dose));

/** Week-one prescription for an exercise in its role. */
export function basePrescription(exercise: Exercise, ctx: PrescriptionContext, role: Role): Prescription {
  if (role === 'warm-up')
    return {
      sets: 1,
      dose: exercise.pattern === 'cardio' ? clampDose(exercise, 180) : clampDose(exercise, 40),
      restSeconds: 10,
      rpe: 4,
    };
  if (role === 'balance') return { sets: 2, dose: clampDose(exercise, 30), restSeconds: 15, rpe: 4 };
  if (role === 'aerobic')
    return { sets: 1, dose: clampDose(exercise, 600), restSeconds: 30, rpe: ctx.goal === 'endurance' ? 6 : 5 };
  const g = BY_GOAL[ctx.goal];
  const [baseSets, baseReps, baseRest] = role === 'main' ? g.main : role === 'compound' ? g.compound : g.accessory;
  let sets = baseSets;
  let rest = baseRest;
  let rpe = g.rpe;
  let reps = baseReps;
  if (role === 'circuit') {
    sets = 3;
    reps = 12;
    rest = 15;
  }
  if (ctx.level === 'beginner') {
    sets = Math.max(2, sets - 1);
    rpe = Math.min(rpe, 6.5);
  }
  if (ctx.level === 'advanced' && role === 'main') sets += 1;
  if (ctx.intensity === 'low') {
    sets = Math.max(2, sets - 1);
    rpe -= 1;
  }
  if (ctx.intensity === 'high' && ctx.level !== 'beginner') rpe += 0.5;
  if (ctx.moderateLoadsOnly) {
    reps = Math.max(reps, 8);
    rpe = Math.min(rpe, 6.5);
  }
  let dose: number;
  if (exercise.dose === 'seconds') {
    dose = exercise.pattern === 'cardio' ? 30 : exercise.pattern === 'carry' ? 40 : ctx.goal === 'endurance' ? 45 : 30;
    if (exercise.pattern === 'cardio' || exercise.pattern === 'carry') rest = Math.max(rest, 30);
  } else {
    dose = reps;
  }
  if (exercise.pattern === 'core' && role !== 'circuit') rest = Math.min(rest, 60);
  return { sets, dose: clampDose(exercise, dose), restSeconds: rest, rpe: Math.round(rpe * 2) / 2 };
}

export const isDeloadWeek = (week: number): boolean => week % 4 === 0;

/**
 * Progression in four-week blocks that moves load before volume: weeks 1–3 keep sets and reps and raise
 * the target effort (RPE +0.5 a week, so the load goes up); week 4 is a deload (a set fewer, easy effort).
 * Bodyweight and timed exercises, which cannot take more load, add reps or seconds one block at a time.
 */
export function prescriptionForWeek(
  exercise: Exercise,
  ctx: PrescriptionContext,
  week: number,
  role: Role,
): Prescription {
  const base = basePrescription(exercise, ctx, role);
  if (role === 'warm-up' || role === 'balance' || role === 'aerobic' || exercise.pattern === 'mobility') return base;
  const blockWeek = ((week - 1) % 4) + 1;
  const block = Math.floor((week - 1) / 4);
  const loadable = exercise.equipment.some(
    (e) => e !== 'bodyweight' && e !== 'pull-up-bar' && e !== 'suspension-trainer' && e !== 'bench' && e !== 'box',
  );
  const dose = loadable ? base.dose : clampDose(exercise, base.dose + block * (exercise.dose === 'seconds' ? 5 : 2));
  const ceiling = ctx.moderateLoadsOnly ? 7 : 8.5;
  if (blockWeek === 4)
    return { sets: Math.max(1, base.sets - 1), dose, restSeconds: base.restSeconds, rpe: Math.max(5, base.rpe - 1.5) };
  return {
    sets: base.sets,
    dose,
    restSeconds: base.restSeconds,
    rpe: Math.min(ceiling, base.rpe + 0.5 * (blockWeek - 1)),
  };
}

/** The app-facing `reps` text. */
export function formatDose(exercise: Pick<Exercise, 'dose' | 'perSide'>, dose: number): string {
  const core =
    exercise.dose === 'seconds' ? (dose >= 120 && dose % 60 === 0 ? `${dose / 60} min` : `${dose} s`) : `${dose}`;
  return exercise.perSide ? `${core} per side` : core;
}

/** The app-facing effort: RPE and reps in reserve for lifts, words for cardio and warm-ups. */
export function formatEffort(exercise: Pick<Exercise, 'pattern' | 'dose'>, p: Prescription, role: Role): string {
  if (role === 'warm-up') return 'easy: warming up, not working';
  if (role === 'balance') return 'steady: hold a support if you wobble';
  if (role === 'aerobic' || exercise.pattern === 'cardio')
    return p.rpe <= 5 ? 'moderate: you can talk but not sing' : 'moderate to hard: a few words at a time';
  if (exercise.dose === 'seconds') return `RPE ${p.rpe}: controlled, stop before your form slips`;
  const reserve = Math.max(1, Math.round(10 - p.rpe));
  return `RPE ${p.rpe} (about ${reserve} reps in reserve); add 2.5–5 % load when every set reaches the reps`;
}

/** Reads a `reps` text back (ours or a provider's: "12", "8-10", "45 s", "30 sec per side", "4 min"); null if unreadable. */
export function parseDose(reps: string): { dose: number; seconds: boolean; perSide: boolean } | null {
  const match = /(\d+)(?:\s*-\s*(\d+))?/.exec(reps);
  if (!match) return null;
  const dose = Number(match[2] ?? match[1]);
  const seconds = /\b(s|sec|secs|second|seconds|min|mins|minutes?)\b|\d\s*s\b/i.test(reps);
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

/** Minutes of aerobic (cardio-pattern) work in a week of days, read from the plan as written; warm-ups excluded. */
export function aerobicMinutes(
  days: readonly {
    exercises: readonly { exerciseId?: string | undefined; sets: number; reps: string; effort?: string | undefined }[];
  }[],
): number {
  let seconds = 0;
  for (const day of days) {
    for (const e of day.exercises) {
      const known = e.exerciseId ? exerciseLibrary.byId.get(e.exerciseId) : undefined;
      if (known?.pattern !== 'cardio' || e.effort?.startsWith('easy')) continue;
      const dose = parseDose(e.reps);
      if (dose?.seconds) seconds += dose.dose * e.sets;
    }
  }
  return Math.round(seconds / 60);
}
