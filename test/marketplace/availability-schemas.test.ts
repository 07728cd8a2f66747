import { describe, expect, it } from 'vitest';
import { availabilityRules, slotsQuery } from '../../domain/marketplace/bookings/availability.schemas.ts';

const valid = {
  timeZone: 'Europe/London',
  weekly: {
    mon: [
      { start: '09:00', end: '12:30' },
      { start: '12:30', end: '17:00' },
    ],
    sat: [{ start: '20:00', end: '24:00' }],
  },
};

const issues = (input: unknown) => {
  const r = availabilityRules.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('availability rules schema', () => {
  it('accepts valid rules and fills defaults', () => {
    const parsed = availabilityRules.parse(valid);
    expect(parsed.weekly.tue).toEqual([]);
    expect(parsed).toMatchObject({
      exceptions: [],
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      slotStepMinutes: 30,
      bookingWindowDays: 60,
    });
  });

  it('refuses malformed times, empty or reversed intervals and overlaps within a day', () => {
    for (const bad of ['9:00', '24:30', '12:60', '12:00:00', '']) {
      expect(issues({ ...valid, weekly: { mon: [{ start: bad, end: '23:00' }] } })).not.toEqual([]);
    }
    expect(issues({ ...valid, weekly: { mon: [{ start: '10:00', end: '10:00' }] } })).toEqual([
      'weekly.mon.0.end: start must be before end',
    ]);
    expect(issues({ ...valid, weekly: { mon: [{ start: '12:00', end: '10:00' }] } })).toEqual([
      'weekly.mon.0.end: start must be before end',
    ]);
    expect(
      issues({
        ...valid,
        weekly: {
          mon: [
            { start: '11:00', end: '14:00' },
            { start: '09:00', end: '11:30' },
          ],
        },
      }),
    ).toEqual(['weekly.mon.0: intervals within a day must not overlap']);
    expect(issues({ ...valid, weekly: { monday: [] } })).not.toEqual([]);
  });

  it('accepts IANA zones, in ICU spelling, and refuses others', () => {
    expect(availabilityRules.parse({ ...valid, timeZone: 'america/new_york' }).timeZone).toBe('America/New_York');
    for (const bad of ['Mars/Olympus', '+01:00', 'GMT+1 ', ''])
      expect(issues({ ...valid, timeZone: bad })).not.toEqual([]);
  });

  it('checks exceptions', () => {
    const ok = [
      { kind: 'day_off', date: '2026-12-25' },
      { kind: 'time_off', from: '2026-12-24T12:00', to: '2026-12-27T00:00', note: 'holiday' },
      { kind: 'extra_hours', date: '2026-12-28', intervals: [{ start: '07:00', end: '08:00' }] },
    ];
    expect(issues({ ...valid, exceptions: ok })).toEqual([]);
    expect(issues({ ...valid, exceptions: [{ kind: 'day_off', date: '2026-02-30' }] })).not.toEqual([]);
    expect(
      issues({ ...valid, exceptions: [{ kind: 'time_off', from: '2026-12-24T12:00', to: '2026-12-24T12:00' }] }),
    ).toEqual(['exceptions.0.to: from must be before to']);
    expect(
      issues({ ...valid, exceptions: [{ kind: 'time_off', from: '2026-12-24T24:00', to: '2026-12-25T01:00' }] }),
    ).not.toEqual([]);
    expect(issues({ ...valid, exceptions: [{ kind: 'extra_hours', date: '2026-12-28', intervals: [] }] })).not.toEqual(
      [],
    );
    expect(issues({ ...valid, exceptions: [{ kind: 'holiday', date: '2026-12-28' }] })).not.toEqual([]);
  });

  it('bounds the booking policy', () => {
    expect(issues({ ...valid, slotStepMinutes: 0 })).not.toEqual([]);
    expect(issues({ ...valid, bufferAfterMinutes: -5 })).not.toEqual([]);
    expect(issues({ ...valid, bookingWindowDays: 1.5 })).not.toEqual([]);
  });
});

describe('slots query schema', () => {
  it('parses instants and bounds the range', () => {
    const q = slotsQuery.parse({ serviceId: '3', from: '2026-06-01T00:00:00Z', to: '2026-06-08T00:00:00+02:00' });
    expect(q).toEqual({ serviceId: 3, from: new Date('2026-06-01T00:00:00Z'), to: new Date('2026-06-07T22:00:00Z') });
    expect(
      slotsQuery.safeParse({ serviceId: 3, from: '2026-06-08T00:00:00Z', to: '2026-06-01T00:00:00Z' }).success,
    ).toBe(false);
    expect(
      slotsQuery.safeParse({ serviceId: 3, from: '2026-01-01T00:00:00Z', to: '2026-06-01T00:00:00Z' }).success,
    ).toBe(false);
    expect(slotsQuery.safeParse({ serviceId: 3, from: '2026-06-01', to: '2026-06-02' }).success).toBe(false);
  });
});

describe('error reporting', () => {
  it('reports a malformed time once, at its field', () => {
    expect(issues({ ...valid, weekly: { mon: [{ start: '9am', end: '10:00' }] } })).toEqual([
      'weekly.mon.0.start: Expected a time "HH:MM" (00:00–24:00)',
    ]);
  });
});
