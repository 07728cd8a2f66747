import { describe, expect, it } from 'vitest';
import type { AvailabilityRulesInput } from '../../domain/marketplace/bookings/availability.schemas.ts';
import { parseSlotId } from '../../domain/marketplace/bookings/slot-id.ts';
import { blockedRange } from '../../domain/marketplace/bookings/slots.ts';
import { everyDay, localStarts, rules, slots, starts } from './fixtures.ts';

// Monday 1 June 2026; London is on BST (+01:00), so 09:00 local is 08:00Z.
const june = { from: '2026-06-01T00:00:00Z', to: '2026-06-02T00:00:00Z', now: '2026-05-25T00:00:00Z' };
const london = (extra: Partial<AvailabilityRulesInput> = {}) => rules({ timeZone: 'Europe/London', ...extra });
const hhmm = (list: ReturnType<typeof slots>) => localStarts(list).map((s) => s.slice(11, 16));

describe('buffers and busy time', () => {
  const booked = { start: new Date('2026-06-01T09:00:00Z'), end: new Date('2026-06-01T10:00:00Z') }; // 10:00–11:00 local

  it('keeps the buffer after a session free of the next one, and after an existing one', () => {
    const r = london({ weekly: { mon: [{ start: '08:00', end: '13:00' }] }, bufferAfterMinutes: 15 });
    expect(hhmm(slots({ ...june, rules: r }))).toEqual([
      '08:00',
      '08:30',
      '09:00',
      '09:30',
      '10:00',
      '10:30',
      '11:00',
      '11:30',
      '12:00',
    ]);
    const list = slots({ ...june, rules: r, busy: [blockedRange(booked, r)] });
    // 09:00 would end at 10:00 with its 15-minute buffer running into the booking; 11:00 starts inside the booking's buffer.
    expect(hhmm(list)).toEqual(['08:00', '08:30', '11:30', '12:00']);
    expect(starts(list)[2]).toBe('2026-06-01T10:30:00.000Z');
  });

  it('keeps the buffer before a session free', () => {
    const r = london({ weekly: { mon: [{ start: '08:00', end: '13:00' }] }, bufferBeforeMinutes: 30 });
    const list = slots({ ...june, rules: r, busy: [blockedRange(booked, r)] });
    // The booking blocks 09:30–11:00; a new session needs 30 free minutes before it.
    expect(hhmm(list)).toEqual(['08:00', '08:30', '11:30', '12:00']);
  });

  it('removes slots that overlap busy ranges, and keeps those that only touch', () => {
    const r = london({ weekly: { mon: [{ start: '09:00', end: '12:00' }] } });
    const groupClass = { start: new Date('2026-06-01T09:15:00Z'), end: new Date('2026-06-01T09:45:00Z') };
    expect(hhmm(slots({ ...june, rules: r, durationMinutes: 30, busy: [groupClass] }))).toEqual([
      '09:00',
      '09:30',
      '11:00',
      '11:30',
    ]);
    const touching = { start: new Date('2026-06-01T09:00:00Z'), end: new Date('2026-06-01T09:30:00Z') };
    expect(hhmm(slots({ ...june, rules: r, durationMinutes: 30, busy: [touching] }))).toEqual([
      '09:00',
      '09:30',
      '10:30',
      '11:00',
      '11:30',
    ]);
  });
});

describe('minimum notice and booking window', () => {
  it('offers nothing inside the minimum notice', () => {
    const r = london({ weekly: { mon: [{ start: '09:00', end: '12:00' }] }, minimumNoticeMinutes: 60 });
    const list = slots({ ...june, rules: r, durationMinutes: 30, now: '2026-06-01T08:10:00Z' }); // 09:10 local
    expect(hhmm(list)).toEqual(['10:30', '11:00', '11:30']);
    expect(starts(list)[0]).toBe('2026-06-01T09:30:00.000Z');
  });

  it('never offers the past, even without notice', () => {
    const r = london({ weekly: { mon: [{ start: '09:00', end: '12:00' }] } });
    expect(hhmm(slots({ ...june, rules: r, now: '2026-06-01T09:00:00Z' }))).toEqual(['10:00', '10:30', '11:00']);
  });

  it('offers nothing beyond the booking window', () => {
    const r = london({ weekly: everyDay('09:00', '10:00'), bookingWindowDays: 7 });
    const list = slots({
      rules: r,
      from: '2026-06-01T00:00:00Z',
      to: '2026-06-20T00:00:00Z',
      now: '2026-06-01T00:00:00Z',
    });
    expect(list).toHaveLength(7);
    expect(starts(list).at(-1)).toBe('2026-06-07T08:00:00.000Z');
  });
});

describe('exceptions', () => {
  const week = { from: '2026-06-01T00:00:00Z', to: '2026-06-08T00:00:00Z', now: '2026-05-25T00:00:00Z' };

  it('drops a day off and blocks a time-off range that crosses midnight', () => {
    const r = london({
      slotStepMinutes: 60,
      weekly: {
        mon: [{ start: '09:00', end: '12:00' }],
        tue: [{ start: '09:00', end: '12:00' }],
        wed: [{ start: '09:00', end: '12:00' }],
        thu: [{ start: '09:00', end: '12:00' }],
      },
      exceptions: [
        { kind: 'day_off', date: '2026-06-02' },
        { kind: 'time_off', from: '2026-06-03T10:00', to: '2026-06-04T10:30' },
      ],
    });
    expect(localStarts(slots({ ...week, rules: r })).map((s) => s.slice(0, 16))).toEqual([
      '2026-06-01T09:00',
      '2026-06-01T10:00',
      '2026-06-01T11:00',
      '2026-06-03T09:00',
      '2026-06-04T11:00',
    ]);
  });

  it('adds extra hours on a free day, extends a working day, survives a day off, and yields to time off', () => {
    const r = london({
      slotStepMinutes: 60,
      weekly: { mon: [{ start: '09:00', end: '11:00' }] },
      exceptions: [
        { kind: 'extra_hours', date: '2026-06-06', intervals: [{ start: '14:00', end: '16:00' }] },
        { kind: 'extra_hours', date: '2026-06-01', intervals: [{ start: '11:00', end: '12:00' }] },
        { kind: 'day_off', date: '2026-06-08' },
        { kind: 'extra_hours', date: '2026-06-08', intervals: [{ start: '18:00', end: '19:00' }] },
        { kind: 'extra_hours', date: '2026-06-07', intervals: [{ start: '10:00', end: '12:00' }] },
        { kind: 'time_off', from: '2026-06-07T10:00', to: '2026-06-07T11:00' },
      ],
    });
    expect(localStarts(slots({ ...week, to: '2026-06-09T00:00:00Z', rules: r })).map((s) => s.slice(0, 16))).toEqual([
      '2026-06-01T09:00',
      '2026-06-01T10:00',
      '2026-06-01T11:00',
      '2026-06-06T14:00',
      '2026-06-06T15:00',
      '2026-06-07T11:00',
      '2026-06-08T18:00',
    ]);
  });
});

describe('stable ids', () => {
  const r = london({ weekly: everyDay('09:00', '12:00'), slotStepMinutes: 60, bufferAfterMinutes: 10 });

  it('gives the same ids for the same input, and for the same slot seen through another range', () => {
    const a = slots({ ...june, rules: r });
    expect(slots({ ...june, rules: r }).map((s) => s.id)).toEqual(a.map((s) => s.id));
    const wider = slots({ ...june, from: '2026-05-31T10:00:00Z', to: '2026-06-01T09:30:00Z', rules: r });
    expect(wider.filter((s) => s.start.startsWith('2026-06-01')).map((s) => s.id)).toEqual(
      a.slice(0, 2).map((s) => s.id),
    );
    expect(a[0]!.id).toBe(`s_7_3_${Date.parse('2026-06-01T08:00:00Z') / 60_000}`);
  });

  it('keeps the other ids when busy time removes a slot', () => {
    const all = slots({ ...june, rules: r });
    const busy = [{ start: new Date(all[1]!.start), end: new Date(all[1]!.end) }];
    // 09:00 goes too: its 10-minute buffer after would run into the 10:00 booking.
    expect(slots({ ...june, rules: r, busy }).map((s) => s.id)).toEqual([all[2]!.id]);
  });

  it('parses back to the trainer, service and start', () => {
    for (const s of slots({ ...june, rules: r, trainerId: 42, serviceId: 9 })) {
      expect(parseSlotId(s.id)).toEqual({ trainerId: 42, serviceId: 9, start: new Date(s.start) });
    }
    for (const bad of ['', 's_1_2', 's_01_2_3', 's_1_2_x', 'x_1_2_3', 's_1_2_3 ', 's_0_2_3', 's_1_2_-3'])
      expect(parseSlotId(bad)).toBeNull();
  });
});

describe('viewers in other zones', () => {
  const r = london({ weekly: everyDay('09:00', '11:00'), slotStepMinutes: 60 });

  it('see the same instants, rendered on their own wall clock', () => {
    // The user's Monday in Tokyo (+09:00) is 2026-05-31T15:00Z to 2026-06-01T15:00Z.
    const tokyoDay = { from: '2026-05-31T15:00:00Z', to: '2026-06-01T15:00:00Z', now: '2026-05-25T00:00:00Z' };
    const plain = slots({ ...tokyoDay, rules: r });
    const tokyo = slots({ ...tokyoDay, rules: r, viewerTimeZone: 'Asia/Tokyo' });
    const la = slots({ ...tokyoDay, rules: r, viewerTimeZone: 'America/Los_Angeles' });
    expect(starts(tokyo)).toEqual(starts(plain));
    expect(starts(la)).toEqual(starts(plain));
    expect(tokyo.map((s) => s.id)).toEqual(plain.map((s) => s.id));
    expect(tokyo.map((s) => s.viewer?.start)).toEqual(['2026-06-01T17:00:00+09:00', '2026-06-01T18:00:00+09:00']);
    expect(la.map((s) => s.viewer?.start)).toEqual(['2026-06-01T01:00:00-07:00', '2026-06-01T02:00:00-07:00']);
    expect(tokyo.map((s) => s.local.start)).toEqual(['2026-06-01T09:00:00+01:00', '2026-06-01T10:00:00+01:00']);
  });
});
