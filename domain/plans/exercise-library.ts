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

export type Exercise = z.output<typeof exerciseSchema>;

export interface ExerciseLibrary {
  all: readonly Exercise[];
  byId: ReadonlyMap<string, Exercise>;
}

export function buildExerciseLibrary(rows: readonly unknown[]): ExerciseLibrary {
  const all = loadEntries('exercise', exerciseSchema, rows);
  return { all, byId: new Map(all.map((e) => [e.id, e])) };
}

/** Built once at import: a broken data file stops the process at boot, not in the middle of a request. */
export const exerciseLibrary: ExerciseLibrary = buildExerciseLibrary(exerciseData);

export interface ExerciseFilter {
  level: Level;
  injuries: readonly Injury[];
  equipment: readonly Equipment[];
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
