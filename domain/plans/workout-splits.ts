import type { Goal, Level, Pattern } from './plan-vocabulary.ts';

/** A pattern, or an isolation slot narrowed to the half of the body the day trains. */
export type Slot = Pattern | 'isolation-upper' | 'isolation-lower';

/** A training day's focus: movement-pattern slots in priority order (the first ones survive a short session). */
export interface DayTemplate {
  name: string;
  slots: Slot[];
}

const FULL_A: DayTemplate = {
  name: 'Full body A',
  slots: ['squat', 'push-horizontal', 'hinge', 'pull-horizontal', 'core', 'lunge', 'push-vertical', 'pull-vertical', 'carry', 'isolation', 'cardio'],
};
const FULL_B: DayTemplate = {
  name: 'Full body B',
  slots: ['hinge', 'push-vertical', 'lunge', 'pull-vertical', 'core', 'squat', 'push-horizontal', 'pull-horizontal', 'isolation', 'cardio'],
};
const FULL_C: DayTemplate = {
  name: 'Full body C',
  slots: ['lunge', 'pull-horizontal', 'squat', 'push-vertical', 'hinge', 'core', 'carry', 'pull-vertical', 'isolation', 'cardio'],
};
const UPPER: DayTemplate = {
  name: 'Upper body',
  slots: ['push-horizontal', 'pull-horizontal', 'push-vertical', 'pull-vertical', 'core', 'isolation-upper', 'isolation-upper', 'carry'],
};
const LOWER: DayTemplate = {
  name: 'Lower body',
  slots: ['squat', 'hinge', 'lunge', 'core', 'isolation-lower', 'hinge', 'carry', 'cardio'],
};
const PUSH: DayTemplate = {
  name: 'Push',
  slots: ['push-horizontal', 'push-vertical', 'push-horizontal', 'core', 'isolation-upper', 'isolation-upper', 'cardio'],
};
const PULL: DayTemplate = {
  name: 'Pull',
  slots: ['pull-vertical', 'pull-horizontal', 'pull-horizontal', 'core', 'isolation-upper', 'carry', 'cardio'],
};
const LEGS: DayTemplate = {
  name: 'Legs',
  slots: ['squat', 'hinge', 'lunge', 'core', 'isolation-lower', 'squat', 'cardio'],
};
const CONDITIONING: DayTemplate = {
  name: 'Conditioning',
  slots: ['cardio', 'squat', 'push-horizontal', 'cardio', 'core', 'lunge', 'pull-horizontal', 'cardio', 'core'],
};
const RECOVERY: DayTemplate = {
  name: 'Active recovery',
  slots: ['cardio', 'mobility', 'core', 'mobility', 'mobility'],
};

const conditioningGoal = (goal: Goal): boolean => goal === 'lose_weight' || goal === 'endurance';

/**
 * How a week is split. Fewer days mean full-body sessions so every pattern is trained; more days allow
 * upper/lower or push/pull/legs. Weight-loss and endurance goals trade some lifting days for conditioning,
 * and beginners stay on full-body work longer because it repeats each pattern more often.
 */
export function chooseSplit(daysPerWeek: number, goal: Goal, level: Level): DayTemplate[] {
  const cond = conditioningGoal(goal);
  switch (daysPerWeek) {
    case 1:
      return [FULL_A];
    case 2:
      return [FULL_A, FULL_B];
    case 3:
      return [FULL_A, FULL_B, FULL_C];
    case 4:
      if (cond || level === 'beginner') return [FULL_A, CONDITIONING, FULL_B, FULL_C];
      return [UPPER, LOWER, UPPER, LOWER];
    case 5:
      if (cond) return [FULL_A, CONDITIONING, FULL_B, CONDITIONING, FULL_C];
      if (level === 'beginner') return [FULL_A, FULL_B, CONDITIONING, FULL_C, RECOVERY];
      return [UPPER, LOWER, PUSH, PULL, LEGS];
    case 6:
      if (cond) return [FULL_A, CONDITIONING, FULL_B, CONDITIONING, FULL_C, RECOVERY];
      return [PUSH, PULL, LEGS, PUSH, PULL, LEGS];
    default:
      if (cond) return [FULL_A, CONDITIONING, FULL_B, CONDITIONING, FULL_C, CONDITIONING, RECOVERY];
      return [PUSH, PULL, LEGS, PUSH, PULL, LEGS, RECOVERY];
  }
}

/** ISO weekdays (1 = Monday) for each number of sessions, spreading rest days between them. */
export const TRAINING_WEEKDAYS: Record<number, number[]> = {
  1: [1],
  2: [1, 4],
  3: [1, 3, 5],
  4: [1, 2, 4, 5],
  5: [1, 2, 3, 5, 6],
  6: [1, 2, 3, 4, 5, 6],
  7: [1, 2, 3, 4, 5, 6, 7],
};
