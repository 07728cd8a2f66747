import type { Exercise, ExerciseLibrary } from './exercise-library.ts';
import { rejectPlan, type PlanIssue } from './plan-check.ts';
import type { WorkoutPlanRequest } from './plan-request.schemas.ts';
import type { WorkoutDay, WorkoutExercise } from './plan.schemas.ts';
import type { Goal, Muscle } from './plan-vocabulary.ts';
import type { Screening } from './screening.ts';
import {
  aerobicMinutes,
  COMPOUND,
  exerciseSecondsFromPlan,
  formatDose,
  formatEffort,
  isDeloadWeek,
  parseDose,
  prescriptionForWeek,
  type PrescriptionContext,
  type Role,
} from './workout-prescription.ts';

/**
 * The planner's programming rules, applied to any provider's week (a model's included), after the safety and
 * recovery checks of workout-plan-check.ts: a dynamic warm-up first, load guidance (RPE and reps in reserve) on
 * every lift, reps and rests by goal, no pull isolation on push days nor push isolation on pull days, balance
 * work from 65, a lighter fourth week, aerobic minutes by goal, and the main barbell lifts for strength and
 * muscle when the equipment allows. What can be repaired is, and said in `issues`; what cannot (no main lift,
 * too little aerobic time) refuses the answer, so the rule-based planner answers instead.
 */

export const PUSH_MUSCLES: readonly Muscle[] = ['chest', 'triceps', 'shoulders'];
export const PULL_MUSCLES: readonly Muscle[] = ['biceps', 'rear-delts', 'forearms', 'lats', 'upper-back'];
/** Any one of these in a strength or muscle plan when the equipment allows (ACSM: multi-joint lifts first). */
export const MAIN_BARBELL_LIFTS: ReadonlySet<string> = new Set([
  'barbell-back-squat',
  'barbell-front-squat',
  'conventional-deadlift',
  'sumo-deadlift',
  'barbell-bench-press',
]);
/** WHO 2020: 150–300 minutes of moderate aerobic activity a week; plans for these goals hold the lower bound when the sessions have room. */
export const WEEKLY_AEROBIC_MINUTES = 150;
export const AEROBIC_GOALS: ReadonlySet<Goal> = new Set(['lose_weight', 'endurance']);
/** Past this many session minutes a week, 150 aerobic ones fit beside warm-ups and three lifts a day. */
export const ROOM_FOR_AEROBIC_MINUTES = 240;

/** Reps a working set of a compound lift should hold, by goal (ACSM 2009; the planner's BY_GOAL lies inside). */
const REPS_BY_GOAL: Record<Goal, [number, number]> = {
  strength: [3, 8],
  build_muscle: [6, 12],
  lose_weight: [8, 15],
  endurance: [12, 20],
  general_fitness: [8, 15],
  maintain: [8, 15],
};
const DRILLS = ['inchworm', 'worlds-greatest-stretch', 'leg-swings', 'arm-circles', 'cat-cow', 'hip-90-90'];

export const isWarmUpEntry = (e: Pick<WorkoutExercise, 'effort'>): boolean => e.effort?.startsWith('easy') ?? false;

export interface ProgrammingInput {
  request: WorkoutPlanRequest;
  screening: Screening;
  library: ExerciseLibrary;
  eligible: readonly Exercise[];
  budgetSeconds: number;
}

function entryOf(exercise: Exercise, ctx: PrescriptionContext, week: number, role: Role): WorkoutExercise {
  const p = prescriptionForWeek(exercise, ctx, week, role);
  return {
    exerciseId: exercise.id,
    name: exercise.name,
    sets: p.sets,
    reps: formatDose(exercise, p.dose),
    restTime: p.restSeconds,
    instructions: exercise.instructions,
    effort: formatEffort(exercise, p, role),
  };
}

const daySeconds = (exercises: readonly WorkoutExercise[]): number =>
  exercises.reduce((s, e) => s + exerciseSecondsFromPlan(e), 0);
const rpeOf = (effort: string | undefined): number | null => {
  const m = /RPE\s*(\d+(?:\.\d+)?)/.exec(effort ?? '');
  return m ? Number(m[1]) : null;
};
const steadyCardio = (eligible: readonly Exercise[]): Exercise[] =>
  eligible
    .filter((e) => e.traits.includes('steady-cardio') && !e.traits.includes('impact'))
    .sort((a, b) => a.id.localeCompare(b.id));

function checkProgrammingDay(
  day: WorkoutDay,
  week: number,
  path: string,
  input: ProgrammingInput,
  ctx: PrescriptionContext,
  issues: PlanIssue[],
): WorkoutDay {
  const { library, eligible, screening } = input;
  const known = (e: WorkoutExercise): Exercise | undefined =>
    e.exerciseId ? library.byId.get(e.exerciseId) : undefined;
  let exercises = [...day.exercises];

  // Push days hold push isolation, pull days pull isolation.
  const push = /^push/i.test(day.name);
  const pull = /^pull/i.test(day.name);
  exercises = exercises.filter((e, i) => {
    const ex = known(e);
    const primary = ex?.primaryMuscles[0] as Muscle | undefined;
    const wrong =
      ex?.pattern === 'isolation' &&
      primary !== undefined &&
      ((push && PULL_MUSCLES.includes(primary)) || (pull && PUSH_MUSCLES.includes(primary)));
    if (wrong)
      issues.push({
        path: `${path}.exercises[${i}]`,
        problem: `${ex.name} on a ${push ? 'push' : 'pull'} day`,
        fix: 'removed',
      });
    return !wrong;
  });

  // Load guidance, and reps and rests by goal on the working sets.
  const [lowReps, highReps] = REPS_BY_GOAL[ctx.goal];
  const ceiling = ctx.moderateLoadsOnly ? 7 : 9;
  exercises = exercises.map((e, i) => {
    const ex = known(e);
    if (!ex || isWarmUpEntry(e)) return e;
    const at = `${path}.exercises[${i}]`;
    const role: Role =
      ex.pattern === 'balance'
        ? 'balance'
        : ex.pattern === 'cardio'
          ? 'aerobic'
          : COMPOUND.includes(ex.pattern)
            ? 'compound'
            : 'accessory';
    let out = e;
    const rpe = rpeOf(e.effort);
    const wants =
      ex.dose === 'reps' && role !== 'balance'
        ? /reps in reserve|RIR/i.test(e.effort ?? '') && rpe !== null
        : (e.effort ?? '').trim() !== '';
    if (!wants || (rpe !== null && rpe > ceiling)) {
      out = { ...out, effort: formatEffort(ex, prescriptionForWeek(ex, ctx, week, role), role) };
      issues.push({ path: at, problem: wants ? `RPE ${rpe} above ${ceiling}` : 'no load guidance', fix: 'corrected' });
    }
    const dose = parseDose(out.reps);
    // Circuits (short sessions) keep their own fixed reps and short rests; bodyweight moves progress by reps.
    if (ex.dose === 'reps' && COMPOUND.includes(ex.pattern) && dose && !dose.seconds && !/circuit/i.test(day.name)) {
      const loadable = ex.equipment.some(
        (q) => !['bodyweight', 'pull-up-bar', 'suspension-trainer', 'bench', 'box'].includes(q),
      );
      // Never outside the exercise's own bounds (Nordic curls stay at 3–6 whatever the goal).
      const low = Math.min(
        ex.doseRange[1],
        Math.max(ex.doseRange[0], ctx.moderateLoadsOnly ? Math.max(8, lowReps) : lowReps),
      );
      const high = Math.max(low, Math.min(ex.doseRange[1], highReps + (loadable ? 0 : 8)));
      if (dose.dose < low || dose.dose > high) {
        out = { ...out, reps: formatDose(ex, Math.min(high, Math.max(low, dose.dose))) };
        issues.push({ path: at, problem: `${e.reps} reps for ${ctx.goal.replaceAll('_', ' ')}`, fix: 'corrected' });
      }
      if (ctx.goal === 'strength' && out.restTime < 120) {
        out = { ...out, restTime: 120 };
        issues.push({ path: at, problem: `${e.restTime} s rest between heavy sets`, fix: 'corrected' });
      }
    }
    return out;
  });

  // A dynamic warm-up opens every session: a pulse raiser, then drills for the joints.
  if (!exercises[0] || !isWarmUpEntry(exercises[0])) {
    const inDay = new Set(exercises.map((e) => e.exerciseId));
    const pulse = steadyCardio(eligible).find((e) => e.equipment.includes('bodyweight')) ?? steadyCardio(eligible)[0];
    const drills = DRILLS.map((id) => eligible.find((e) => e.id === id))
      .filter((e): e is Exercise => e !== undefined && !inDay.has(e.id))
      .slice(0, 2);
    const warmUp = [...(pulse ? [pulse] : []), ...drills].map((e) => entryOf(e, ctx, week, 'warm-up'));
    if (warmUp.length > 0) {
      exercises = [...warmUp, ...exercises];
      issues.push({ path, problem: 'no dynamic warm-up', fix: 'added' });
    }
  }

  // Balance work in every session from 65 (WHO: 3+ days a week).
  if (screening.balanceWork && !exercises.some((e) => known(e)?.pattern === 'balance')) {
    const balance = eligible
      .filter((e) => e.pattern === 'balance' && !exercises.some((x) => x.exerciseId === e.id))
      .sort((a, b) => a.id.localeCompare(b.id))[0];
    if (balance) {
      const lastWarmUp = exercises.findLastIndex(isWarmUpEntry);
      exercises.splice(lastWarmUp + 1, 0, entryOf(balance, ctx, week, 'balance'));
      issues.push({ path, problem: 'no balance work at 65 or over', fix: 'added' });
    }
  }
  return { ...day, exercises };
}

/** Cut a set from the biggest working exercise until the day fits (warm-ups, balance and aerobic work kept). */
function fitDay(
  day: WorkoutDay,
  budgetSeconds: number,
  path: string,
  issues: PlanIssue[],
  library: ExerciseLibrary,
): WorkoutDay {
  const exercises = day.exercises.map((e) => ({ ...e }));
  let trimmed = false;
  const lifts = (): WorkoutExercise[] =>
    exercises.filter(
      (e) =>
        !isWarmUpEntry(e) &&
        !['balance', 'cardio'].includes(library.byId.get(e.exerciseId ?? '')?.pattern ?? '') &&
        e.sets > 1,
    );
  while (daySeconds(exercises) > budgetSeconds) {
    const biggest = lifts().sort((a, b) => b.sets - a.sets)[0];
    if (!biggest) break;
    biggest.sets -= 1;
    trimmed = true;
  }
  if (trimmed) issues.push({ path, problem: 'longer than the session after the warm-up', fix: 'trimmed' });
  return { ...day, exercises };
}

/** Applies the programming rules to every week; throws PLAN_REJECTED for what cannot be repaired. */
export function holdToProgramming(
  weeks: readonly { week: number; days: WorkoutDay[] }[],
  input: ProgrammingInput,
  issues: PlanIssue[],
): { week: number; days: WorkoutDay[] }[] {
  const { request, screening, library, eligible, budgetSeconds } = input;
  const { userProfile: profile, preferences: prefs } = request;
  const ctx: PrescriptionContext = {
    goal: profile.fitnessGoal,
    level: profile.fitnessLevel,
    intensity: prefs.intensity,
    moderateLoadsOnly: screening.moderateLoadsOnly,
  };

  const out = weeks.map((week, w) => ({
    week: week.week,
    days: week.days.map((day, d) => {
      const path = `weeks[${w}].days[${d}]`;
      return fitDay(
        checkProgrammingDay(day, week.week, path, input, ctx, issues),
        budgetSeconds,
        path,
        issues,
        library,
      );
    }),
  }));

  // Every fourth week is a deload: fewer working sets than the week before.
  const workingSets = (days: readonly WorkoutDay[]): number =>
    days.reduce((s, d) => s + d.exercises.filter((e) => !isWarmUpEntry(e)).reduce((n, e) => n + e.sets, 0), 0);
  out.forEach((week, w) => {
    const before = out[w - 1];
    if (!isDeloadWeek(week.week) || !before || workingSets(week.days) < workingSets(before.days)) return;
    const lighter = week.days.map((d) => ({
      ...d,
      name: /deload/i.test(d.name) ? d.name : `${d.name} (deload)`,
      exercises: d.exercises.map((e) => (isWarmUpEntry(e) || e.sets <= 1 ? e : { ...e, sets: e.sets - 1 })),
    }));
    if (workingSets(lighter) >= workingSets(week.days)) return; // single sets throughout: nothing to take off
    week.days = lighter;
    issues.push({ path: `weeks[${w}]`, problem: 'no lighter fourth week', fix: 'corrected' });
  });

  // Aerobic minutes by goal: spare session time first; a week with room for 150 minutes that still falls short is refused.
  if (AEROBIC_GOALS.has(profile.fitnessGoal)) {
    const cardio = steadyCardio(eligible).sort(
      (a, b) => Number(a.equipment.includes('bodyweight')) - Number(b.equipment.includes('bodyweight')),
    )[0];
    for (const [w, week] of out.entries()) {
      let short = WEEKLY_AEROBIC_MINUTES - aerobicMinutes(week.days);
      week.days = week.days.map((d, i) => {
        const spare = Math.floor((budgetSeconds - daySeconds(d.exercises)) / 60) - 1;
        // A deload week's freed minutes stay free: it is meant to be lighter.
        if (!cardio || short <= 0 || spare < 5 || isDeloadWeek(week.week)) return d;
        const minutes = Math.min(spare, short, 60);
        short -= minutes;
        issues.push({ path: `weeks[${w}].days[${i}]`, problem: 'too little aerobic work for the goal', fix: 'added' });
        return {
          ...d,
          exercises: [
            ...d.exercises,
            { ...entryOf(cardio, ctx, week.week, 'aerobic'), reps: formatDose(cardio, minutes * 60), sets: 1 },
          ],
        };
      });
      const weekly = prefs.daysPerWeek * prefs.sessionMinutes;
      if (short > 0 && weekly >= ROOM_FOR_AEROBIC_MINUTES) {
        rejectPlan(
          `week ${week.week} holds ${WEEKLY_AEROBIC_MINUTES - short} aerobic minutes of the ${WEEKLY_AEROBIC_MINUTES} a ${profile.fitnessGoal.replaceAll('_', ' ')} plan needs`,
          { issues },
        );
      }
    }
  }

  // Strength and muscle plans open with the main barbell lifts when the equipment and the body allow.
  const gym =
    prefs.equipment.includes('barbell') &&
    prefs.equipment.includes('bench') &&
    profile.injuries.length === 0 &&
    profile.fitnessLevel !== 'beginner';
  const strengthGoal = profile.fitnessGoal === 'strength' || profile.fitnessGoal === 'build_muscle';
  const eligibleMain = eligible.some((e) => MAIN_BARBELL_LIFTS.has(e.id));
  if (
    gym &&
    strengthGoal &&
    eligibleMain &&
    !out.some((w) => w.days.some((d) => d.exercises.some((e) => MAIN_BARBELL_LIFTS.has(e.exerciseId ?? ''))))
  ) {
    rejectPlan(
      `a ${profile.fitnessGoal.replaceAll('_', ' ')} plan with a barbell and bench but no squat, deadlift or bench press`,
      { issues },
    );
  }
  return out;
}
