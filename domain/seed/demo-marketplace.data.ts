import type { AvailabilityRulesInput } from '../marketplace/bookings/availability.schemas.ts';

/**
 * The demo trainers' marketplace, by trainer index (demo-data.ts order): what they sell, when they can be
 * booked (on their own wall clock, in their own zone), the group classes they run and one programme.
 */
type Day = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
const hours = (days: Day[], intervals: Array<[string, string]>) =>
  Object.fromEntries(days.map((d) => [d, intervals.map(([start, end]) => ({ start, end }))])) as AvailabilityRulesInput['weekly'];
const WEEKDAYS: Day[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

export interface DemoService {
  name: string;
  description: string;
  duration: number;
  price: number;
  currency: string;
}

export interface DemoMarketplaceTrainer {
  services: DemoService[];
  availability: AvailabilityRulesInput;
  /** Group classes: first one `daysAhead` from seeding at `hour` on the trainer's wall clock, then weekly. */
  groupClasses: Array<{ name: string; description: string; daysAhead: number; hour: number; duration: number; capacity: number }>;
}

export const demoMarketplace: DemoMarketplaceTrainer[] = [
  {
    services: [
      { name: 'Strength coaching 1-on-1', description: 'Technique, programming and a lift-by-lift plan for your next block.', duration: 60, price: 5500, currency: 'GBP' },
      { name: 'Form check', description: 'Thirty minutes on one lift, with video feedback afterwards.', duration: 30, price: 2500, currency: 'GBP' },
    ],
    availability: { timeZone: 'Europe/London', weekly: hours(WEEKDAYS, [['07:00', '12:00'], ['16:00', '20:00']]), minimumNoticeMinutes: 120, bufferAfterMinutes: 15 },
    groupClasses: [{ name: 'Barbell basics', description: 'Small-group intro to squat, bench and deadlift.', daysAhead: 2, hour: 18, duration: 60, capacity: 8 }],
  },
  {
    services: [{ name: 'Boxing pads session', description: 'Pad work and conditioning rounds, scaled to your level.', duration: 45, price: 4000, currency: 'EUR' }],
    availability: { timeZone: 'Europe/Paris', weekly: { ...hours(WEEKDAYS, [['06:30', '10:00'], ['17:00', '21:00']]), ...hours(['sat'], [['09:00', '13:00']]) }, minimumNoticeMinutes: 60 },
    groupClasses: [{ name: 'Fight-fit HIIT', description: 'Forty-five loud minutes of rounds and bodyweight finishers.', daysAhead: 1, hour: 19, duration: 45, capacity: 12 }],
  },
  {
    services: [{ name: 'Private yoga', description: 'A practice built around your body, your goals and your schedule.', duration: 60, price: 4500, currency: 'GBP' }],
    availability: { timeZone: 'Europe/London', weekly: hours(['mon', 'wed', 'fri', 'sat', 'sun'], [['08:00', '13:00']]), minimumNoticeMinutes: 180 },
    groupClasses: [{ name: 'Sunrise flow', description: 'A gentle vinyasa to start the day, all levels welcome.', daysAhead: 3, hour: 8, duration: 60, capacity: 15 }],
  },
  {
    services: [{ name: 'Run coaching call', description: 'Review your training log and plan the next four weeks.', duration: 45, price: 3500, currency: 'USD' }],
    availability: { timeZone: 'America/New_York', weekly: hours(['tue', 'thu', 'sat', 'sun'], [['06:00', '09:00'], ['18:00', '21:00']]), minimumNoticeMinutes: 120 },
    groupClasses: [{ name: 'Track intervals', description: 'Structured intervals on the track, paced by group.', daysAhead: 4, hour: 18, duration: 60, capacity: 20 }],
  },
  {
    services: [{ name: 'Pilates 1-on-1', description: 'Mat Pilates focused on core stability and posture.', duration: 50, price: 4200, currency: 'EUR' }],
    availability: { timeZone: 'Europe/Stockholm', weekly: hours(WEEKDAYS, [['09:00', '15:00']]), minimumNoticeMinutes: 240, slotStepMinutes: 60 },
    groupClasses: [{ name: 'Core and breath', description: 'Mat Pilates in a small group, every level.', daysAhead: 2, hour: 12, duration: 50, capacity: 10 }],
  },
  {
    services: [{ name: 'Nutrition consultation', description: 'A food diary review and three habits to start this week.', duration: 30, price: 3000, currency: 'GBP' }],
    availability: { timeZone: 'Europe/London', weekly: hours(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], [['10:00', '18:00']]), minimumNoticeMinutes: 60 },
    groupClasses: [],
  },
];

/** One programme, by the first trainer: six weeks, three sessions a week. */
export const demoProgramme = {
  trainerIndex: 0,
  name: 'Six weeks to your first strength block',
  description: 'Three full-body sessions a week that teach the main lifts and build a base you can keep.',
  weeks: Array.from({ length: 6 }, () => ({ sessionDays: [1, 3, 5] })),
  price: 8900,
  currency: 'GBP',
};
