import { z } from 'zod';
import { exerciseData } from './data/exercises.data.ts';
import { KEBAB_ID, loadEntries } from './library-loader.ts';
import {
  EQUIPMENT,
  INJURIES,
  LEVELS,
  MUSCLES,
  PATTERNS,
  levelRank,
  type Equipment,
  type Injury,
  type Level,
} from './plan-vocabulary.ts';

export const exerciseSchema = z
  .object({
    id: z.string().regex(KEBAB_ID, 'must be kebab-case'),
    name: z.string().min(3).max(80),
    pattern: z.enum(PATTERNS),
    level: z.enum(LEVELS),
    primaryMuscles: z.array(z.enum(MUSCLES)).min(1),
    secondaryMuscles: z.array(z.enum(MUSCLES)),
    equipment: z.array(z.enum(EQUIPMENT)).min(1),
    unsafeFor: z.array(z.enum(INJURIES)),
    dose: z.enum(['reps', 'seconds']),
    perSide: z.boolean(),
    instructions: z.string().min(20).max(300),
  })
  .strict();

/**
 * Properties the library derives by rule, so its injury tags cannot disagree with what an exercise is
 * (library review, issue 15): kneeling loads the kneecap; spinal flexion (crunches, sit-ups, leg raises,
 * twists) the lower back; arms overhead the shoulder; jumping, hopping and running land on knees and ankles.
 */
export const TRAITS = ['kneeling', 'spinal-flexion', 'overhead', 'impact', 'steady-cardio'] as const;
export type Trait = (typeof TRAITS)[number];

const TRAIT_INJURIES: Record<Trait, readonly Injury[]> = {
  kneeling: ['knee'],
  'spinal-flexion': ['lower_back'],
  overhead: ['shoulder'],
  impact: ['knee', 'ankle'],
  'steady-cardio': [],
};

const STEADY_CARDIO = new Set([
  'marching-in-place',
  'brisk-walk',
  'rowing-machine',
  'stationary-bike',
  'treadmill-incline-walk',
  'elliptical',
]);

export function traitsOf(
  e: Pick<z.output<typeof exerciseSchema>, 'id' | 'name' | 'pattern' | 'instructions'>,
): Trait[] {
  const text = `${e.id} ${e.name} ${e.instructions}`.toLowerCase();
  const traits: Trait[] = [];
  if (/\bkneel|hands and knees|from the knees|knee push-up/.test(text)) traits.push('kneeling');
  if (/crunch|sit-up|v-up|russian-twist|leg-raise|knee-raise|woodchop|toe-touch/.test(e.id))
    traits.push('spinal-flexion');
  if (
    e.pattern === 'push-vertical' ||
    e.pattern === 'pull-vertical' ||
    /overhead|handstand|dislocate|arnold/.test(e.id)
  ) {
    // A pulldown lying face down does not load the shoulder overhead.
    if (!e.id.startsWith('prone-')) traits.push('overhead');
  }
  if (/jump|hop|burpee|skater|bound|plyometric|sprint|double-under|jog|butt-kick|high-knee/.test(e.id))
    traits.push('impact');
  if (STEADY_CARDIO.has(e.id)) traits.push('steady-cardio');
  return traits;
}

/**
 * The dose an exercise may be prescribed at (reps, or seconds for timed ones): the defaults by kind, and
 * the exercise's own limits where its notes set them (sprints of 15–20 s, Nordic curls in low reps).
 */
const OWN_DOSE: Record<string, [number, number]> = {
  'nordic-curl': [3, 6],
  'treadmill-sprints': [15, 20],
  'plyometric-push-up': [4, 8],
  'handstand-push-up': [3, 8],
  'pistol-squat': [3, 8],
  'weighted-pull-up': [3, 8],
  'box-jump': [20, 30],
  'double-unders': [20, 40],
  'bike-intervals': [60, 600],
  'rowing-intervals': [60, 600],
  'deep-squat-hold': [20, 60],
};

export function doseRangeOf(
  e: Pick<z.output<typeof exerciseSchema>, 'id' | 'pattern' | 'dose'>,
  traits: readonly Trait[],
): [number, number] {
  const own = OWN_DOSE[e.id];
  if (own) return own;
  if (e.dose === 'reps')
    return e.pattern === 'isolation' || e.pattern === 'core' || e.pattern === 'mobility' ? [6, 20] : [3, 15];
  if (traits.includes('steady-cardio')) return [120, 3600];
  if (e.pattern === 'cardio') return [20, 60];
  if (e.pattern === 'carry') return [20, 60];
  return [15, 60];
}

export type Exercise = z.output<typeof exerciseSchema> & { traits: Trait[]; doseRange: [number, number] };

export interface ExerciseLibrary {
  all: readonly Exercise[];
  byId: ReadonlyMap<string, Exercise>;
}

export function buildExerciseLibrary(rows: readonly unknown[]): ExerciseLibrary {
  const all = loadEntries('exercise', exerciseSchema, rows).map((e): Exercise => {
    const traits = traitsOf(e);
    const unsafeFor = [...new Set([...e.unsafeFor, ...traits.flatMap((t) => TRAIT_INJURIES[t])])];
    return { ...e, unsafeFor, traits, doseRange: doseRangeOf(e, traits) };
  });
  return { all, byId: new Map(all.map((e) => [e.id, e])) };
}

/** Built once at import: a broken data file stops the process at boot, not in the middle of a request. */
export const exerciseLibrary: ExerciseLibrary = buildExerciseLibrary(exerciseData);

export interface ExerciseFilter {
  level: Level;
  injuries: readonly Injury[];
  equipment: readonly Equipment[];
  /** Traits screening rules out (impact in pregnancy, spinal flexion with osteoporosis). */
  avoid?: readonly Trait[];
}

/** Bodyweight is always at hand, whatever the user listed. */
export function hasEquipment(exercise: Exercise, available: readonly Equipment[]): boolean {
  return exercise.equipment.every((e) => e === 'bodyweight' || available.includes(e));
}

export const isSafeFor = (exercise: Exercise, injuries: readonly Injury[]): boolean =>
  !exercise.unsafeFor.some((i) => injuries.includes(i));

/** Why an exercise may not be used by this user, or null when it may. */
export function exerciseProblem(exercise: Exercise, filter: ExerciseFilter): string | null {
  if (!isSafeFor(exercise, filter.injuries)) return `unsafe for ${exercise.unsafeFor.join(', ')}`;
  if (!hasEquipment(exercise, filter.equipment)) return `needs ${exercise.equipment.join(', ')}`;
  if (levelRank(exercise.level) > levelRank(filter.level)) return `${exercise.level} level`;
  const avoided = exercise.traits.filter((t) => filter.avoid?.includes(t));
  if (avoided.length > 0) return `${avoided.join(', ')} ruled out by screening`;
  return null;
}

export function eligibleExercises(library: ExerciseLibrary, filter: ExerciseFilter): Exercise[] {
  return library.all.filter((e) => exerciseProblem(e, filter) === null);
}

/** Lookup by id first, then by case-insensitive name: a provider may answer with either. */
export function findExercise(library: ExerciseLibrary, id: string | undefined, name: string): Exercise | undefined {
  if (id) {
    const byId = library.byId.get(id);
    if (byId) return byId;
  }
  const wanted = name.trim().toLowerCase();
  return library.all.find((e) => e.name.toLowerCase() === wanted || e.id === wanted);
}
