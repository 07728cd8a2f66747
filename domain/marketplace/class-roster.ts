import type { ErrorKind } from '../shared/errors.ts';
import { MINUTE_MS } from './wall-clock.ts';

/**
 * The rules of a group class's roster: who gets a place, who waits, who is promoted when a place
 * frees. Pure, so the rules are tested once here; under concurrency the database applies the same
 * rules in single statements (a conditional increment `where joined < capacity`, a promotion in the
 * transaction that frees the place), because check-then-write in JS would oversell a class.
 */

export interface ClassRoster {
  capacity: number;
  status: 'scheduled' | 'cancelled' | 'completed';
  startsAt: Date;
  /** User ids holding a place, in the order they got it. */
  joined: readonly number[];
  /** User ids waiting, first come first promoted. */
  waitlist: readonly number[];
}

export interface RosterPolicy {
  /** How many may wait beyond capacity; 0 turns the waitlist off. */
  waitlistLimit: number;
  /** Joining closes this long before the start. */
  joinCutoffMinutes: number;
  /** Leaving later than this before the start is allowed but recorded as late. */
  lateLeaveMinutes: number;
}

export const DEFAULT_ROSTER_POLICY: RosterPolicy = { waitlistLimit: 20, joinCutoffMinutes: 0, lateLeaveMinutes: 12 * 60 };

export type RosterRejection = {
  ok: false;
  code: 'CLASS_NOT_OPEN' | 'CLASS_STARTED' | 'CLASS_FULL' | 'NOT_ENROLLED' | 'CAPACITY_BELOW_JOINED';
  kind: ErrorKind;
  message: string;
};

const rejections: Record<RosterRejection['code'], Omit<RosterRejection, 'ok' | 'code'>> = {
  CLASS_NOT_OPEN: { kind: 'rule', message: 'This class is not open for changes' },
  CLASS_STARTED: { kind: 'rule', message: 'This class has started or is about to' },
  CLASS_FULL: { kind: 'conflict', message: 'This class and its waitlist are full' },
  NOT_ENROLLED: { kind: 'not_found', message: 'You are not on this class' },
  CAPACITY_BELOW_JOINED: { kind: 'conflict', message: 'More people have joined than the new capacity allows' },
};

const reject = (code: RosterRejection['code']): RosterRejection => ({ ok: false, code, ...rejections[code] });

export function spotsLeft(roster: ClassRoster): number {
  return Math.max(0, roster.capacity - roster.joined.length);
}

export type JoinResult =
  | { ok: true; roster: ClassRoster; outcome: 'joined' | 'already_joined' }
  | { ok: true; roster: ClassRoster; outcome: 'waitlisted' | 'already_waitlisted'; position: number }
  | RosterRejection;

/** Joining twice answers what already holds, so a retried request is harmless. */
export function joinClass(roster: ClassRoster, userId: number, now: Date, policy = DEFAULT_ROSTER_POLICY): JoinResult {
  if (roster.joined.includes(userId)) return { ok: true, roster, outcome: 'already_joined' };
  const waiting = roster.waitlist.indexOf(userId);
  if (waiting >= 0) return { ok: true, roster, outcome: 'already_waitlisted', position: waiting + 1 };
  if (roster.status !== 'scheduled') return reject('CLASS_NOT_OPEN');
  if (now.getTime() >= roster.startsAt.getTime() - policy.joinCutoffMinutes * MINUTE_MS) return reject('CLASS_STARTED');
  // Nobody jumps the queue: a place is taken directly only when nobody is waiting for it.
  if (spotsLeft(roster) > 0 && roster.waitlist.length === 0) {
    return { ok: true, roster: { ...roster, joined: [...roster.joined, userId] }, outcome: 'joined' };
  }
  if (roster.waitlist.length >= policy.waitlistLimit) return reject('CLASS_FULL');
  const waitlist = [...roster.waitlist, userId];
  return { ok: true, roster: { ...roster, waitlist }, outcome: 'waitlisted', position: waitlist.length };
}

export type LeaveResult =
  | { ok: true; roster: ClassRoster; left: 'place' | 'waitlist'; late: boolean; promoted: number[] }
  | RosterRejection;

export function leaveClass(roster: ClassRoster, userId: number, now: Date, policy = DEFAULT_ROSTER_POLICY): LeaveResult {
  const holdsPlace = roster.joined.includes(userId);
  if (!holdsPlace && !roster.waitlist.includes(userId)) return reject('NOT_ENROLLED');
  if (roster.status !== 'scheduled') return reject('CLASS_NOT_OPEN');
  const untilStart = roster.startsAt.getTime() - now.getTime();
  if (untilStart <= 0) return reject('CLASS_STARTED');
  if (!holdsPlace) {
    const waitlist = roster.waitlist.filter((id) => id !== userId);
    return { ok: true, roster: { ...roster, waitlist }, left: 'waitlist', late: false, promoted: [] };
  }
  const { roster: next, promoted } = promote({ ...roster, joined: roster.joined.filter((id) => id !== userId) });
  return { ok: true, roster: next, left: 'place', late: untilStart < policy.lateLeaveMinutes * MINUTE_MS, promoted };
}

export type ResizeResult = { ok: true; roster: ClassRoster; promoted: number[] } | RosterRejection;

/** A trainer may grow a class (the waitlist moves up) but not shrink it below who already holds a place. */
export function resizeClass(roster: ClassRoster, capacity: number): ResizeResult {
  if (roster.status !== 'scheduled') return reject('CLASS_NOT_OPEN');
  if (capacity < roster.joined.length) return reject('CAPACITY_BELOW_JOINED');
  return { ok: true, ...promote({ ...roster, capacity }) };
}

/** Fills free places from the head of the waitlist. */
function promote(roster: ClassRoster): { roster: ClassRoster; promoted: number[] } {
  const promoted = roster.waitlist.slice(0, spotsLeft(roster));
  if (!promoted.length) return { roster, promoted };
  return {
    roster: { ...roster, joined: [...roster.joined, ...promoted], waitlist: roster.waitlist.slice(promoted.length) },
    promoted,
  };
}
