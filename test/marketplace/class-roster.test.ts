import { describe, expect, it } from 'vitest';
import { joinClass, leaveClass, resizeClass, spotsLeft, type ClassRoster } from '../../domain/marketplace/class-roster.ts';

const startsAt = new Date('2026-06-10T18:00:00Z');
const early = new Date('2026-06-09T12:00:00Z');
const policy = { waitlistLimit: 2, joinCutoffMinutes: 30, lateLeaveMinutes: 12 * 60 };
const roster = (over: Partial<ClassRoster> = {}): ClassRoster => ({ capacity: 2, status: 'scheduled', startsAt, joined: [], waitlist: [], ...over });

function joinAll(r: ClassRoster, users: number[]) {
  return users.map((u) => {
    const res = joinClass(r, u, early, policy);
    if (res.ok) r = res.roster;
    return res;
  });
}

describe('group class roster', () => {
  it('fills places, then the waitlist, then refuses with CLASS_FULL', () => {
    const results = joinAll(roster(), [1, 2, 3, 4, 5]);
    expect(results.map((r) => (r.ok ? r.outcome : r.code))).toEqual(['joined', 'joined', 'waitlisted', 'waitlisted', 'CLASS_FULL']);
    expect(results[3]).toMatchObject({ position: 2 });
    expect(results[4]).toMatchObject({ kind: 'conflict' });
  });

  it('never holds more than capacity, and counts spots left', () => {
    let r = roster({ capacity: 20 });
    for (let u = 1; u <= 200; u++) {
      const res = joinClass(r, u, early, { ...policy, waitlistLimit: 1000 });
      if (res.ok) r = res.roster;
    }
    expect(r.joined).toHaveLength(20);
    expect(r.waitlist).toHaveLength(180);
    expect(spotsLeft(r)).toBe(0);
    expect(spotsLeft(roster({ capacity: 5, joined: [1, 2] }))).toBe(3);
  });

  it('answers a repeated join with what already holds', () => {
    const r = roster({ joined: [1, 2], waitlist: [3] });
    expect(joinClass(r, 1, early, policy)).toMatchObject({ ok: true, outcome: 'already_joined', roster: r });
    expect(joinClass(r, 3, early, policy)).toMatchObject({ ok: true, outcome: 'already_waitlisted', position: 1 });
  });

  it('promotes the head of the waitlist when a place frees, and keeps the queue order', () => {
    const res = leaveClass(roster({ joined: [1, 2], waitlist: [3, 4] }), 1, early, policy);
    expect(res).toMatchObject({ ok: true, left: 'place', late: false, promoted: [3], roster: { joined: [2, 3], waitlist: [4] } });
    const fromWaitlist = leaveClass(roster({ joined: [1, 2], waitlist: [3, 4] }), 3, early, policy);
    expect(fromWaitlist).toMatchObject({ ok: true, left: 'waitlist', promoted: [], roster: { joined: [1, 2], waitlist: [4] } });
  });

  it('does not let a newcomer take a freed place ahead of the waitlist', () => {
    // A place is free only transiently (e.g. rows written by an older version); the queue still goes first.
    expect(joinClass(roster({ joined: [1], waitlist: [3] }), 9, early, policy)).toMatchObject({ outcome: 'waitlisted', position: 2 });
  });

  it('records a late leave and refuses changes once the class has started', () => {
    const r = roster({ joined: [1, 2] });
    expect(leaveClass(r, 1, new Date('2026-06-10T12:00:00Z'), policy)).toMatchObject({ ok: true, late: true });
    expect(leaveClass(r, 1, startsAt, policy)).toMatchObject({ ok: false, code: 'CLASS_STARTED' });
    expect(joinClass(roster(), 5, new Date('2026-06-10T17:45:00Z'), policy)).toMatchObject({ ok: false, code: 'CLASS_STARTED' });
    expect(joinClass(roster(), 5, new Date('2026-06-10T17:29:00Z'), policy)).toMatchObject({ ok: true, outcome: 'joined' });
  });

  it('refuses joins to cancelled classes and leaves by people not on it', () => {
    expect(joinClass(roster({ status: 'cancelled' }), 1, early, policy)).toMatchObject({ ok: false, code: 'CLASS_NOT_OPEN' });
    expect(leaveClass(roster({ joined: [1] }), 2, early, policy)).toMatchObject({ ok: false, code: 'NOT_ENROLLED', kind: 'not_found' });
  });

  it('grows a class from the waitlist and refuses to shrink it below who holds a place', () => {
    const r = roster({ joined: [1, 2], waitlist: [3, 4, 5] });
    expect(resizeClass(r, 4)).toMatchObject({ ok: true, promoted: [3, 4], roster: { capacity: 4, joined: [1, 2, 3, 4], waitlist: [5] } });
    expect(resizeClass(r, 1)).toMatchObject({ ok: false, code: 'CAPACITY_BELOW_JOINED' });
  });
});
