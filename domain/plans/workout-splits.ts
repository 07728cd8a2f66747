import type { Goal, Level, Pattern } from './plan-vocabulary.ts';

/**
 * A slot of a training day: a movement pattern, or an isolation slot narrowed to what the day trains
 * (push days get triceps, chest and shoulder isolation; pull days biceps and rear delts; lower days legs).
 */
export type Slot = Pattern | 'isolation-push' | 'isolation-pull' | 'isolation-lower';

export type DayKind = 'strength' | 'aerobic';

/** A training day's focus: slots in priority order (the first ones survive a short session). */
export interface DayTemplate {
  name: string;
  kind: DayKind;
  /** Which joints the warm-up prepares. */
  focus: 'upper' | 'lower' | 'full';
  slots: Slot[];
}

const FULL_A: DayTemplate = {
  name: 'Full body A',
  kind: 'strength',
  focus: 'full',
  slots: [
    'squat',
    'push-horizontal',
    'hinge',
    'pull-horizontal',
    'core',
    'lunge',
    'push-vertical',
    'pull-vertical',
    'carry',
    'isolation-pull',
  ],
};
const FULL_B: DayTemplate = {
  name: 'Full body B',
  kind: 'strength',
  focus: 'full',
  slots: [
    'hinge',
    'push-vertical',
    'pull-vertical',
    'squat',
    'core',
    'push-horizontal',
    'pull-horizontal',
    'lunge',
    'isolation-push',
  ],
};
const FULL_C: DayTemplate = {
  name: 'Full body C',
  kind: 'strength',
  focus: 'full',
  slots: [
    'lunge',
    'pull-horizontal',
    'push-horizontal',
    'hinge',
    'core',
    'squat',
    'pull-vertical',
    'push-vertical',
    'carry',
    'isolation-lower',
  ],
};
const UPPER: DayTemplate = {
  name: 'Upper body',
  kind: 'strength',
  focus: 'upper',
  slots: [
    'push-horizontal',
    'pull-horizontal',
    'push-vertical',
    'pull-vertical',
    'core',
    'isolation-push',
    'isolation-pull',
    'carry',
  ],
};
const LOWER: DayTemplate = {
  name: 'Lower body',
  kind: 'strength',
  focus: 'lower',
  slots: ['squat', 'hinge', 'lunge', 'core', 'isolation-lower', 'isolation-lower'],
};
const PUSH: DayTemplate = {
  name: 'Push',
  kind: 'strength',
  focus: 'upper',
  slots: ['push-horizontal', 'push-vertical', 'core', 'push-horizontal', 'isolation-push', 'isolation-push'],
};
const PULL: DayTemplate = {
  name: 'Pull',
  kind: 'strength',
  focus: 'upper',
  slots: ['pull-vertical', 'pull-horizontal', 'core', 'pull-horizontal', 'isolation-pull', 'carry'],
};
const LEGS: DayTemplate = {
  name: 'Legs',
  kind: 'strength',
  focus: 'lower',
  slots: ['squat', 'hinge', 'core', 'lunge', 'isolation-lower', 'isolation-lower'],
};
/** Aerobic work and trunk stability only: no muscle group trained hard, so it may sit between strength days. */
const AEROBIC: DayTemplate = { name: 'Aerobic and core', kind: 'aerobic', focus: 'full', slots: ['core', 'core'] };

const aerobicGoal = (goal: Goal): boolean => goal === 'lose_weight' || goal === 'endurance';

/**
 * How a week is split, after ACSM: two or three days are full-body sessions, four are upper/lower,
 * five and six add push/pull/legs; weight-loss and endurance goals, and beginners past three days, put
 * aerobic days between full-body days instead. The weekdays below keep at least 48 hours between two
 * sessions that train the same muscles hard. Days are already capped (workout-rules.ts): 6, 5 for beginners.
 */
export function chooseSplit(daysPerWeek: number, goal: Goal, level: Level): DayTemplate[] {
  const aerobic = aerobicGoal(goal) || level === 'beginner';
  switch (daysPerWeek) {
    case 1:
      return [FULL_A];
    case 2:
      return [FULL_A, FULL_B];
    case 3:
      return [FULL_A, FULL_B, FULL_C];
    case 4:
      return aerobic ? [FULL_A, AEROBIC, FULL_B, AEROBIC] : [UPPER, LOWER, UPPER, LOWER];
    case 5:
      return aerobic ? [FULL_A, AEROBIC, FULL_B, AEROBIC, FULL_C] : [UPPER, LOWER, PUSH, PULL, LEGS];
    default:
      return aerobic ? [FULL_A, AEROBIC, FULL_B, AEROBIC, FULL_C, AEROBIC] : [PUSH, PULL, LEGS, PUSH, PULL, LEGS];
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
