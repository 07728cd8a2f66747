import type { Goal, Intensity, Level } from '../plans/plan-vocabulary.ts';
import { TRAINING_WEEKDAYS } from '../plans/workout-splits.ts';
import { isoWeekday, localDateOf } from './local-date.ts';

/** A class at a fixed time (a live class or a trainer's group class) or one to watch any time (on demand). */
export interface ScheduledClass {
  id: number;
  source: 'live' | 'group';
  name: string;
  startsAt: Date;
  durationMinutes: number;
  intensity: Intensity | null;
}
export interface OnDemandClass {
  id: number;
  name: string;
  durationMinutes: number;
  intensity: Intensity | null;
}
export type TimeOfDay = 'morning' | 'afternoon' | 'evening';

export interface ClassPlanInput {
  today: string;
  timezone: string;
  weeks: number;
  daysPerWeek: number;
  goal: Goal;
  level: Level;
  preferredTimes: TimeOfDay[];
  maxMinutes: number;
  scheduled: ScheduledClass[];
  onDemand: OnDemandClass[];
  /** The user's bookings and joined classes: nothing planned may overlap them. */
  busy: Array<{ start: Date; end: Date }>;
}

export interface PlannedClass {
  classId: number;
  source: 'live' | 'group' | 'on_demand';
  name: string;
  time: string | null;
  duration: number;
  intensity: Intensity | null;
}
export interface ClassPlanDay {
  date: string;
  day: number;
  classes: PlannedClass[];
}
export interface ClassPlan {
  title: string;
  description: string;
  timezone: string;
  daysPerWeek: number;
  weeks: Array<{ week: number; days: ClassPlanDay[] }>;
}

const ALLOWED: Record<Level, Intensity[]> = {
  beginner: ['low', 'medium'],
  intermediate: ['low', 'medium', 'high'],
  advanced: ['medium', 'high'],
};
const PREFERRED: Record<Goal, Intensity[]> = {
  lose_weight: ['high', 'medium'],
  endurance: ['high', 'medium'],
  build_muscle: ['medium', 'high'],
  strength: ['medium', 'high'],
  general_fitness: ['medium', 'low'],
  maintain: ['low', 'medium'],
};

const addDays = (date: string, n: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const hourIn = (instant: Date, zone: string): number =>
  Number(new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(instant));
const timeOfDay = (hour: number): TimeOfDay => (hour < 12 ? 'morning' : hour < 17 ? 'afternoon' : 'evening');
const overlaps = (a: { start: Date; end: Date }, b: { start: Date; end: Date }): boolean =>
  a.start < b.end && b.start < a.end;
const rangeOf = (c: ScheduledClass) => ({
  start: c.startsAt,
  end: new Date(c.startsAt.getTime() + c.durationMinutes * 60_000),
});

/**
 * Fits the user's training days to the client's schedule, week by week from today: classes at a fixed
 * time first (allowed intensity for the level, preferred for the goal, at the preferred time of day, one a
 * day, never overlapping a booking or each other), then on-demand classes on the remaining training days,
 * rotated so the weeks vary. Deterministic for the same schedule.
 */
export function planClasses(input: ClassPlanInput): ClassPlan {
  const allowed = (i: Intensity | null) => i === null || ALLOWED[input.level].includes(i);
  const score = (i: Intensity | null) =>
    i === null ? 1 : PREFERRED[input.goal].indexOf(i) === 0 ? 3 : PREFERRED[input.goal].includes(i) ? 2 : 0;
  const onDemand = input.onDemand
    .filter((c) => allowed(c.intensity) && c.durationMinutes <= input.maxMinutes)
    .sort((a, b) => score(b.intensity) - score(a.intensity) || a.id - b.id);
  let rotation = 0;
  const chosen: Array<{ start: Date; end: Date }> = [];

  const weeks = Array.from({ length: input.weeks }, (_, w) => {
    const first = addDays(input.today, w * 7);
    const dates = Array.from({ length: 7 }, (_, d) => addDays(first, d));
    const days = new Map<string, PlannedClass>();
    const fixed = input.scheduled
      .filter(
        (c) =>
          dates.includes(localDateOf(c.startsAt, input.timezone)) &&
          allowed(c.intensity) &&
          c.durationMinutes <= input.maxMinutes,
      )
      .filter(
        (c) =>
          input.preferredTimes.length === 0 ||
          input.preferredTimes.includes(timeOfDay(hourIn(c.startsAt, input.timezone))),
      )
      .sort(
        (a, b) => score(b.intensity) - score(a.intensity) || a.startsAt.getTime() - b.startsAt.getTime() || a.id - b.id,
      );
    for (const c of fixed) {
      if (days.size >= input.daysPerWeek) break;
      const date = localDateOf(c.startsAt, input.timezone);
      const range = rangeOf(c);
      if (days.has(date) || input.busy.some((b) => overlaps(b, range)) || chosen.some((b) => overlaps(b, range)))
        continue;
      chosen.push(range);
      days.set(date, {
        classId: c.id,
        source: c.source,
        name: c.name,
        time: c.startsAt.toISOString(),
        duration: c.durationMinutes,
        intensity: c.intensity,
      });
    }
    // Remaining training days: the usual spread of weekdays first, then any free day of the week.
    const spread = TRAINING_WEEKDAYS[input.daysPerWeek] ?? [];
    const free = [
      ...dates.filter((d) => spread.includes(isoWeekday(d))),
      ...dates.filter((d) => !spread.includes(isoWeekday(d))),
    ];
    for (const date of free) {
      if (days.size >= input.daysPerWeek || onDemand.length === 0) break;
      if (days.has(date)) continue;
      const c = onDemand[rotation++ % onDemand.length]!;
      days.set(date, {
        classId: c.id,
        source: 'on_demand',
        name: c.name,
        time: null,
        duration: c.durationMinutes,
        intensity: c.intensity,
      });
    }
    const planned = [...days.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([date, c]) => ({ date, day: isoWeekday(date), classes: [c] }));
    return { week: w + 1, days: planned };
  });

  const count = weeks.reduce((n, w) => n + w.days.length, 0);
  return {
    title: `Class plan: ${input.daysPerWeek} days a week`,
    description: `${count} classes over ${input.weeks} week${input.weeks > 1 ? 's' : ''}, fitted to your ${input.level} level and goal (${input.goal.replace(/_/g, ' ')}), around your bookings.`,
    timezone: input.timezone,
    daysPerWeek: input.daysPerWeek,
    weeks,
  };
}
