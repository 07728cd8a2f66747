import { eligibleExercises, exerciseLibrary, type Exercise, type ExerciseLibrary } from './exercise-library.ts';
import type { WorkoutPlanRequest } from './plan-request.schemas.ts';
import type { WorkoutDay, WorkoutExercise, WorkoutPlan } from './plan.schemas.ts';
import type { Equipment, Goal, Muscle } from './plan-vocabulary.ts';
import { createRandom, seedOf, type Random } from './seeded-random.ts';
import {
  COMPOUND,
  estimateSeconds,
  formatDose,
  formatEffort,
  isDeloadWeek,
  prescriptionForWeek,
  workSeconds,
  type PrescriptionContext,
  type Role,
} from './workout-prescription.ts';
import { effectiveWorkoutRequest, exerciseFilterOf } from './workout-rules.ts';
import { AEROBIC_GOALS, PULL_MUSCLES, PUSH_MUSCLES, WEEKLY_AEROBIC_MINUTES } from './workout-programming.ts';
import { chooseSplit, TRAINING_WEEKDAYS, type DayTemplate, type Slot } from './workout-splits.ts';

/** A day never holds more than this many exercises, however long the session. */
const MAX_EXERCISES_PER_DAY = 12;
/** A session this short becomes a circuit: exercises back to back, so a quarter of an hour still trains the whole body. */
export const CIRCUIT_MAX_MINUTES = 25;

const UPPER_MUSCLES: readonly Muscle[] = [...PUSH_MUSCLES, ...PULL_MUSCLES, 'traps'];

/** Dynamic warm-up drills, by the joints they prepare (static holds and stretches are for afterwards). */
const DYNAMIC_DRILLS: Record<DayTemplate['focus'], readonly string[]> = {
  upper: ['arm-circles', 'thoracic-rotation', 'band-shoulder-dislocates', 'cat-cow', 'inchworm'],
  lower: ['leg-swings', 'hip-90-90', 'worlds-greatest-stretch', 'cat-cow', 'inchworm'],
  full: ['inchworm', 'worlds-greatest-stretch', 'arm-circles', 'leg-swings', 'cat-cow', 'hip-90-90'],
};

/** The lifts strength and muscle plans open with when the equipment allows (ACSM: multi-joint first). */
const MAIN_LIFTS = new Set([
  'barbell-back-squat',
  'barbell-front-squat',
  'conventional-deadlift',
  'sumo-deadlift',
  'barbell-romanian-deadlift',
  'barbell-bench-press',
  'barbell-overhead-press',
  'barbell-row',
  'pendlay-row',
  'pull-up',
  'chin-up',
  'weighted-pull-up',
  'barbell-hip-thrust',
]);
const EQUIPMENT_LOAD: Partial<Record<Equipment, number>> = {
  barbell: 4,
  dumbbells: 3,
  kettlebell: 3,
  machine: 2,
  cable: 2,
  'pull-up-bar': 2,
};

export function fitsSlot(exercise: Exercise, slot: Slot): boolean {
  if (slot === 'isolation-push' || slot === 'isolation-pull' || slot === 'isolation-lower') {
    if (exercise.pattern !== 'isolation') return false;
    const primary = exercise.primaryMuscles[0] as Muscle;
    if (slot === 'isolation-push') return PUSH_MUSCLES.includes(primary);
    if (slot === 'isolation-pull') return PULL_MUSCLES.includes(primary);
    return !UPPER_MUSCLES.includes(primary);
  }
  return exercise.pattern === slot;
}

/** How well an exercise serves the goal: heavy, loadable compounds for strength and muscle; simple ones otherwise. */
function priority(e: Exercise, goal: Goal, levelRank: number): number {
  const load = Math.max(0, ...e.equipment.map((q) => EQUIPMENT_LOAD[q] ?? 0));
  const levelFit = ['beginner', 'intermediate', 'advanced'].indexOf(e.level) === levelRank ? 1 : 0;
  if (goal === 'strength' || goal === 'build_muscle') return (MAIN_LIFTS.has(e.id) ? 6 : 0) + load + levelFit;
  // Other goals: joint-friendly and easy to learn first; variety comes from the seed.
  return levelFit + (e.traits.includes('impact') ? -1 : 0);
}

/** The best-scoring candidates, one picked by the seed: reproducible, and varied between plans. */
function pickBest(
  candidates: readonly Exercise[],
  score: (e: Exercise) => number,
  random: Random,
): Exercise | undefined {
  if (candidates.length === 0) return undefined;
  const best = Math.max(...candidates.map(score));
  return random.pick(candidates.filter((e) => score(e) >= best - 0.5));
}

interface Planned {
  exercise: Exercise;
  role: Role;
}

interface DayPlan {
  template: DayTemplate;
  circuit: boolean;
  items: Planned[];
}

interface Builder {
  pool: readonly Exercise[];
  ctx: PrescriptionContext;
  weeks: number;
  random: Random;
  levelRank: number;
  balance: boolean;
  aerobicShare: number;
}

/** The longest any week asks of this exercise in this role, so a day chosen once fits every week. */
function peakSeconds(b: Builder, e: Exercise, role: Role): number {
  let peak = 0;
  for (let week = 1; week <= Math.min(b.weeks, 12); week++) {
    const p = prescriptionForWeek(e, b.ctx, week, role);
    peak = Math.max(peak, estimateSeconds(p.sets, workSeconds(e, p.dose), p.restSeconds));
  }
  return peak;
}

function warmUp(b: Builder, template: DayTemplate, used: Set<string>, drillCount: number): Planned[] {
  const items: Planned[] = [];
  const cardio = b.pool.filter((e) => e.traits.includes('steady-cardio') && !e.traits.includes('impact'));
  const pulse = pickBest(cardio, (e) => (e.equipment.includes('bodyweight') ? 1 : 0), b.random);
  if (pulse) items.push({ exercise: pulse, role: 'warm-up' });
  const drills = DYNAMIC_DRILLS[template.focus]
    .map((id) => b.pool.find((e) => e.id === id))
    .filter((e): e is Exercise => e !== undefined);
  for (const drill of b.random.shuffle(drills).slice(0, drillCount)) {
    items.push({ exercise: drill, role: 'warm-up' });
    used.add(drill.id);
  }
  return items;
}

/** Muscles a day trains hard (its lifts, not warm-up, core, balance or aerobic work): the next day must leave them alone. */
function hardMuscles(day: DayPlan): Set<string> {
  const out = new Set<string>();
  for (const { exercise, role } of day.items) {
    if (
      role === 'warm-up' ||
      role === 'balance' ||
      role === 'aerobic' ||
      ['core', 'cardio', 'mobility', 'balance'].includes(exercise.pattern)
    )
      continue;
    for (const m of exercise.primaryMuscles) if (m !== 'core' && m !== 'heart') out.add(m);
  }
  return out;
}

function buildDay(
  b: Builder,
  template: DayTemplate,
  sessionSeconds: number,
  usedThisWeek: Set<string>,
  rested: ReadonlySet<string>,
): DayPlan {
  const circuit = template.kind === 'strength' && sessionSeconds <= CIRCUIT_MAX_MINUTES * 60;
  const items = warmUp(b, template, usedThisWeek, circuit ? 1 : 2);
  const spent = (list: readonly Planned[]) => list.reduce((s, i) => s + peakSeconds(b, i.exercise, i.role), 0);
  let remaining = sessionSeconds - spent(items);
  const chosen = new Set(items.map((i) => i.exercise.id));

  // Aerobic work: a block sized to the goal at the end of strength days; most of an aerobic day.
  const steady = b.pool.filter((e) => e.traits.includes('steady-cardio') && !chosen.has(e.id));
  const aerobicSeconds =
    template.kind === 'aerobic' ? remaining - 8 * 60 : circuit ? 0 : Math.floor((remaining * b.aerobicShare) / 60) * 60;
  let aerobic: Planned | null = null;
  if (aerobicSeconds >= 5 * 60) {
    const cardio = pickBest(steady, (e) => (e.equipment.includes('bodyweight') ? 0 : 1), b.random);
    if (cardio) {
      aerobic = {
        exercise: { ...cardio, doseRange: [Math.min(aerobicSeconds, 3600), Math.min(aerobicSeconds, 3600)] },
        role: 'aerobic',
      };
      remaining -= peakSeconds(b, aerobic.exercise, 'aerobic');
    }
  }
  if (b.balance) {
    const balance = pickBest(
      b.pool.filter((e) => e.pattern === 'balance' && !chosen.has(e.id)),
      () => 0,
      b.random,
    );
    if (balance && peakSeconds(b, balance, 'balance') <= remaining) {
      items.push({ exercise: balance, role: 'balance' });
      chosen.add(balance.id);
      remaining -= peakSeconds(b, balance, 'balance');
    }
  }

  let compounds = 0;
  const roleFor = (e: Exercise): Role => {
    if (circuit) return 'circuit';
    if (!COMPOUND.includes(e.pattern)) return 'accessory';
    return compounds < 2 ? 'main' : 'compound';
  };
  const tryFill = (slot: Slot): void => {
    if (items.length >= MAX_EXERCISES_PER_DAY) return;
    const open = b.pool.filter(
      (e) =>
        fitsSlot(e, slot) &&
        !chosen.has(e.id) &&
        peakSeconds(b, e, roleFor(e)) <= remaining &&
        (e.pattern === 'core' || !e.primaryMuscles.some((m) => rested.has(m))),
    );
    const fresh = open.filter((e) => !usedThisWeek.has(e.id));
    const pick = pickBest(fresh.length > 0 ? fresh : open, (e) => priority(e, b.ctx.goal, b.levelRank), b.random);
    if (!pick) return;
    const role = roleFor(pick);
    if (role === 'main' || role === 'compound') compounds++;
    items.push({ exercise: pick, role });
    chosen.add(pick.id);
    usedThisWeek.add(pick.id);
    remaining -= peakSeconds(b, pick, role);
  };
  for (let pass = 0; pass < 2; pass++) for (const slot of template.slots) tryFill(slot);
  if (aerobic) items.push(aerobic);
  return { template, circuit, items };
}

function render(item: Planned, ctx: PrescriptionContext, week: number, circuit: boolean): WorkoutExercise {
  const { exercise, role } = item;
  const p = prescriptionForWeek(exercise, ctx, week, role);
  const circuitNote =
    circuit && role === 'circuit' ? ' Circuit: go straight to the next exercise; rest 60 s after each round.' : '';
  return {
    exerciseId: exercise.id,
    name: exercise.name,
    sets: p.sets,
    reps: formatDose(exercise, p.dose),
    restTime: p.restSeconds,
    instructions: `${exercise.instructions}${circuitNote}`,
    effort: formatEffort(exercise, p, role),
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

export { WEEKLY_AEROBIC_MINUTES } from './workout-programming.ts';
/** The most of a strength session (after its warm-up) aerobic work may take, so at least three lifts still fit. */
const MAX_AEROBIC_SHARE = 0.7;

/** Aerobic minutes a week as built (each aerobic block is one set of its fixed length). */
const plannedAerobicMinutes = (days: readonly DayPlan[]): number =>
  days.reduce(
    (sum, d) => sum + d.items.filter((i) => i.role === 'aerobic').reduce((s, i) => s + i.exercise.doseRange[0] / 60, 0),
    0,
  );

/** Share of a strength day's time given to aerobic work, by goal (WHO: 150–300 min a week to lose weight). */
const AEROBIC_SHARE: Record<Goal, number> = {
  lose_weight: 0.45,
  endurance: 0.5,
  general_fitness: 0.15,
  maintain: 0.15,
  build_muscle: 0,
  strength: 0,
};

/**
 * The rule-based workout plan: exercises the user may do (level, equipment, injuries, screening), laid
 * out by a split that keeps 48 hours between hard sessions for the same muscles and rest days every week,
 * goal-driven exercise priority (main lifts first for strength and muscle), a dynamic warm-up, aerobic
 * minutes sized to the goal, balance work from 65, short sessions as circuits, sets × reps × rest and an
 * RPE by goal, and load progressed before volume with a deload every fourth week. Deterministic by seed.
 */
export function generateWorkoutPlan(raw: WorkoutPlanRequest, library: ExerciseLibrary = exerciseLibrary): WorkoutPlan {
  const { request, screening } = effectiveWorkoutRequest(raw);
  const { userProfile: profile, preferences: prefs } = request;
  const seed = seedOf(raw, { profile: raw.userProfile, prefs: raw.preferences });
  const ctx: PrescriptionContext = {
    goal: profile.fitnessGoal,
    level: profile.fitnessLevel,
    intensity: prefs.intensity,
    moderateLoadsOnly: screening.moderateLoadsOnly,
  };
  const split = chooseSplit(prefs.daysPerWeek, profile.fitnessGoal, profile.fitnessLevel);
  const weekdays = TRAINING_WEEKDAYS[prefs.daysPerWeek] ?? [];
  const pool = eligibleExercises(library, exerciseFilterOf(request, screening));
  const buildWeek = (aerobicShare: number): DayPlan[] => {
    const builder: Builder = {
      pool,
      ctx,
      weeks: prefs.weeks,
      random: createRandom(seed),
      levelRank: ['beginner', 'intermediate', 'advanced'].indexOf(profile.fitnessLevel),
      balance: screening.balanceWork,
      aerobicShare,
    };
    const usedThisWeek = new Set<string>();
    // Built in weekday order: what the day before trained hard is left alone (48 hours of recovery).
    const built: DayPlan[] = [];
    split.forEach((template, i) => {
      const previous =
        i > 0 && weekdays[i] === (weekdays[i - 1] ?? 0) + 1 ? hardMuscles(built[i - 1]!) : new Set<string>();
      built.push(buildDay(builder, template, prefs.sessionMinutes * 60, usedThisWeek, previous));
    });
    return built;
  };
  // Weight loss and endurance need 150 aerobic minutes a week (WHO): when the goal's share of each strength
  // session falls short, a larger share is tried, up to MAX_AEROBIC_SHARE so strength work keeps its place.
  let days = buildWeek(AEROBIC_SHARE[profile.fitnessGoal]);
  if (AEROBIC_GOALS.has(profile.fitnessGoal)) {
    for (
      let share = AEROBIC_SHARE[profile.fitnessGoal] + 0.05;
      plannedAerobicMinutes(days) < WEEKLY_AEROBIC_MINUTES && share <= MAX_AEROBIC_SHARE + 1e-9;
      share += 0.05
    ) {
      days = buildWeek(share);
    }
  }

  const weeks = Array.from({ length: prefs.weeks }, (_, i) => {
    const week = i + 1;
    return {
      week,
      days: days.map((d, index): WorkoutDay => {
        const name = d.circuit ? `${d.template.name} (circuit)` : d.template.name;
        return {
          day: weekdays[index] ?? index + 1,
          name: isDeloadWeek(week) ? `${name} (deload)` : name,
          exercises: d.items.map((item) => render(item, ctx, week, d.circuit)),
        };
      }),
    };
  });

  const injuries =
    profile.injuries.length > 0
      ? ` Avoids exercises that load the ${profile.injuries.join(', ').replaceAll('_', ' ')}.`
      : '';
  return {
    title: `${prefs.weeks}-week ${GOAL_LABEL[profile.fitnessGoal]} plan`,
    description:
      `${prefs.daysPerWeek} session${prefs.daysPerWeek > 1 ? 's' : ''} a week of up to ${prefs.sessionMinutes} minutes ` +
      `(${split.map((d) => d.name).join(', ')}), ${profile.fitnessLevel} level, ${prefs.intensity} intensity. ` +
      'Each session opens with a dynamic warm-up. Load rises before volume over three weeks and every fourth week is a lighter deload.' +
      injuries,
    duration: `${prefs.weeks} week${prefs.weeks > 1 ? 's' : ''}`,
    daysPerWeek: prefs.daysPerWeek,
    weeks,
  };
}
