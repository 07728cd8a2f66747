import {
  eligibleExercises,
  exerciseLibrary,
  exerciseProblem,
  findExercise,
  type Exercise,
  type ExerciseFilter,
  type ExerciseLibrary,
} from './exercise-library.ts';
import { clamp, rejectPlan, type PlanCheck, type PlanIssue } from './plan-check.ts';
import type { WorkoutPlanRequest } from './plan-request.schemas.ts';
import { workoutPlanSchema, type WorkoutDay, type WorkoutExercise, type WorkoutPlan } from './plan.schemas.ts';
import { exerciseSecondsFromPlan, formatDose, parseDose } from './workout-prescription.ts';
import { TRAINING_WEEKDAYS } from './workout-splits.ts';
import { effectiveWorkoutRequest, exerciseFilterOf, recoveryProblems } from './workout-rules.ts';
import { holdToProgramming } from './workout-programming.ts';

/** A same-pattern exercise this user may do, sharing the most primary muscles; ties broken by id for stability. */
function substituteFor(
  original: Exercise,
  eligible: readonly Exercise[],
  taken: ReadonlySet<string>,
): Exercise | undefined {
  const shared = (e: Exercise): number => e.primaryMuscles.filter((m) => original.primaryMuscles.includes(m)).length;
  return eligible
    .filter((e) => e.pattern === original.pattern && !taken.has(e.id))
    .sort((a, b) => shared(b) - shared(a) || a.id.localeCompare(b.id))[0];
}

function normaliseEntry(
  entry: WorkoutExercise,
  exercise: Exercise,
  replaced: boolean,
  path: string,
  issues: PlanIssue[],
): WorkoutExercise {
  const sets = clamp(entry.sets, 1, 6);
  const restTime = clamp(entry.restTime, 10, 300);
  if (sets !== entry.sets || restTime !== entry.restTime) {
    issues.push({ path, problem: `sets ${entry.sets} / rest ${entry.restTime} s out of range`, fix: 'corrected' });
  }
  const dose = parseDose(entry.reps);
  const [low, high] = exercise.doseRange;
  // The dose must be of the exercise's kind (no "10 min" of a rep exercise) and within its own safe bounds.
  const sameKind = dose !== null && dose.seconds === (exercise.dose === 'seconds');
  let reps = entry.reps;
  if (!sameKind || replaced) {
    reps = formatDose(exercise, Math.min(high, Math.max(low, exercise.dose === 'seconds' ? 30 : 10)));
    if (!sameKind)
      issues.push({ path, problem: `"${entry.reps}" is not a dose of ${exercise.dose}`, fix: 'corrected' });
  } else if (dose.dose < low || dose.dose > high) {
    reps = formatDose(exercise, Math.min(high, Math.max(low, dose.dose)));
    issues.push({
      path,
      problem: `${entry.reps} outside ${exercise.name}'s safe range ${low}–${high}`,
      fix: 'corrected',
    });
  }
  return {
    exerciseId: exercise.id,
    name: exercise.name,
    sets,
    reps,
    restTime,
    instructions: replaced || entry.instructions.trim() === '' ? exercise.instructions : entry.instructions,
    ...(entry.effort && !replaced ? { effort: entry.effort } : {}),
  };
}

/** A day repaired down to fewer exercises than this (one plank) is not a plan: the answer is refused. */
export const MIN_EXERCISES_PER_DAY = 3;
/** Repairs that replace or remove more than this share of an answer's exercises mean the plan would be ours, not the provider's. */
export const MAX_REPAIRED_SHARE = 0.25;

const daySeconds = (exercises: readonly WorkoutExercise[]): number =>
  exercises.reduce((s, e) => s + exerciseSecondsFromPlan(e), 0);

/** Cut volume until the day fits: a set off the biggest exercise first, then the last exercise. */
function fitToSession(
  exercises: WorkoutExercise[],
  budgetSeconds: number,
  path: string,
  issues: PlanIssue[],
): WorkoutExercise[] {
  const out = exercises.map((e) => ({ ...e }));
  let trimmed = false;
  while (daySeconds(out) > budgetSeconds) {
    trimmed = true;
    const biggest = out.filter((e) => e.sets > 2).sort((a, b) => b.sets - a.sets)[0];
    if (biggest) biggest.sets -= 1;
    else if (out.length > 1) out.pop();
    else if ((out[0]?.sets ?? 1) > 1) (out[0] as WorkoutExercise).sets -= 1;
    else break;
  }
  if (trimmed) issues.push({ path, problem: 'longer than the session', fix: 'trimmed' });
  return out;
}

function checkDay(
  day: WorkoutDay,
  path: string,
  library: ExerciseLibrary,
  filter: ExerciseFilter,
  eligible: readonly Exercise[],
  budgetSeconds: number,
  issues: PlanIssue[],
): WorkoutDay {
  const taken = new Set<string>();
  const exercises: WorkoutExercise[] = [];
  day.exercises.forEach((entry, i) => {
    const at = `${path}.exercises[${i}]`;
    const found = findExercise(library, entry.exerciseId, entry.name);
    if (!found) {
      issues.push({ path: at, problem: `"${entry.name}" is not in our exercise library`, fix: 'removed' });
      return;
    }
    const problem = exerciseProblem(found, filter);
    const chosen = problem === null ? found : substituteFor(found, eligible, taken);
    if (problem !== null) {
      issues.push({ path: at, problem: `${found.name}: ${problem}`, fix: chosen ? 'replaced' : 'removed' });
    }
    if (!chosen) return;
    if (taken.has(chosen.id)) {
      issues.push({ path: at, problem: `${chosen.name} repeated in the day`, fix: 'removed' });
      return;
    }
    taken.add(chosen.id);
    exercises.push(normaliseEntry(entry, chosen, chosen !== found, at, issues));
  });
  const fitted = fitToSession(exercises, budgetSeconds, path, issues);
  if (fitted.length < MIN_EXERCISES_PER_DAY || daySeconds(fitted) > budgetSeconds) {
    rejectPlan(`${path} has fewer than ${MIN_EXERCISES_PER_DAY} usable exercises within the session`, { issues });
  }
  return { ...day, exercises: fitted };
}

/**
 * Holds any provider's workout plan to the rule-based planner's rules: known exercises only (by id or
 * name), none unsafe for a stated injury or beyond the user's equipment or level (swapped for a safe
 * same-pattern one where possible), the requested weeks and days, sessions within their length, and the
 * planner's programming rules (workout-programming.ts).
 */
export function checkWorkoutPlan(
  answer: unknown,
  raw: WorkoutPlanRequest,
  library: ExerciseLibrary = exerciseLibrary,
): PlanCheck<WorkoutPlan> {
  const parsed = workoutPlanSchema.safeParse(answer);
  if (!parsed.success) rejectPlan('not a workout plan', { issues: parsed.error.issues });
  const { request, screening } = effectiveWorkoutRequest(raw);
  const { preferences: prefs } = request;
  const plan = parsed.data;
  const issues: PlanIssue[] = [];
  const filter: ExerciseFilter = exerciseFilterOf(request, screening);
  const eligible = eligibleExercises(library, filter);

  if (plan.weeks.length < prefs.weeks) rejectPlan(`${plan.weeks.length} weeks instead of ${prefs.weeks}`);
  if (plan.weeks.length > prefs.weeks)
    issues.push({ path: 'weeks', problem: `${plan.weeks.length} weeks`, fix: 'trimmed' });
  if (plan.daysPerWeek !== prefs.daysPerWeek)
    issues.push({ path: 'daysPerWeek', problem: `${plan.daysPerWeek} days`, fix: 'corrected' });
  const weekdays = TRAINING_WEEKDAYS[prefs.daysPerWeek] ?? [];

  const weeks = plan.weeks.slice(0, prefs.weeks).map((week, w) => {
    const path = `weeks[${w}]`;
    if (week.days.length < prefs.daysPerWeek)
      rejectPlan(`${path} has ${week.days.length} days instead of ${prefs.daysPerWeek}`);
    if (week.days.length > prefs.daysPerWeek)
      issues.push({ path, problem: `${week.days.length} days`, fix: 'trimmed' });
    const days = week.days.slice(0, prefs.daysPerWeek);
    const distinct = new Set(days.map((d) => d.day)).size === days.length;
    if (!distinct) issues.push({ path, problem: 'repeated weekdays', fix: 'corrected' });
    return {
      week: w + 1,
      days: days.map((day, d) => {
        const checked = checkDay(
          day,
          `${path}.days[${d}]`,
          library,
          filter,
          eligible,
          prefs.sessionMinutes * 60,
          issues,
        );
        return distinct ? checked : { ...checked, day: weekdays[d] ?? d + 1 };
      }),
    };
  });
  // The planner's programming rules hold for any provider (workout-programming.ts), then its recovery rule:
  // the same muscles are not trained hard on consecutive days.
  const programmed = holdToProgramming(
    weeks,
    { request, screening, library, eligible, budgetSeconds: prefs.sessionMinutes * 60 },
    issues,
  );
  for (const week of programmed) {
    const problems = recoveryProblems(week.days, library);
    if (problems.length > 0) rejectPlan(`week ${week.week}: ${problems[0]}`, { issues });
  }
  const total = plan.weeks
    .slice(0, prefs.weeks)
    .reduce((n, w) => n + w.days.slice(0, prefs.daysPerWeek).reduce((m, d) => m + d.exercises.length, 0), 0);
  const repaired = issues.filter((i) => i.fix === 'removed' || i.fix === 'replaced').length;
  if (total > 0 && repaired / total > MAX_REPAIRED_SHARE)
    rejectPlan(`${repaired} of ${total} exercises had to be removed or replaced`, { issues });
  return { plan: { ...plan, daysPerWeek: prefs.daysPerWeek, weeks: programmed }, issues };
}
