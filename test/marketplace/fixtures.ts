import {
  availabilityRules,
  type AvailabilityRulesInput,
} from '../../domain/marketplace/bookings/availability.schemas.ts';
import { computeSlots, type Slot, type SlotQuery } from '../../domain/marketplace/bookings/slots.ts';

/** Rules through the real schema, so tests exercise what the HTTP layer will hand the engine. */
export function rules(input: Partial<AvailabilityRulesInput> & { timeZone: string }) {
  return availabilityRules.parse({ weekly: {}, ...input });
}

export const everyDay = (start: string, end: string) => {
  const day = [{ start, end }];
  return { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day };
};

type QueryInput = Omit<SlotQuery, 'from' | 'to' | 'now' | 'trainerId' | 'serviceId' | 'busy' | 'durationMinutes'> &
  Partial<Pick<SlotQuery, 'trainerId' | 'serviceId' | 'busy' | 'durationMinutes'>> & {
    from: string;
    to: string;
    now: string;
  };

export function slots(q: QueryInput): Slot[] {
  return computeSlots({
    trainerId: 7,
    serviceId: 3,
    busy: [],
    durationMinutes: 60,
    ...q,
    from: new Date(q.from),
    to: new Date(q.to),
    now: new Date(q.now),
  });
}

export const starts = (list: Slot[]) => list.map((s) => s.start);
export const localStarts = (list: Slot[]) => list.map((s) => s.local.start);

/** Parses "YYYY-MM-DDTHH:MM" as a wall-clock reading (the encoding wall-clock.ts uses). */
export const wall = (text: string) => Date.parse(`${text}:00Z`);
export const iso = (instants: number[]) => instants.map((t) => new Date(t).toISOString());
