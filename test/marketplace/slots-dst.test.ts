import { describe, expect, it } from 'vitest';
import { everyDay, localStarts, rules, slots, starts } from './fixtures.ts';

/**
 * 2026 transitions: Europe/London springs forward on 29 March (01:00 GMT → 02:00 BST) and falls
 * back on 25 October (02:00 BST → 01:00 GMT); America/New_York springs forward on 8 March (02:00 EST
 * → 03:00 EDT) and falls back on 1 November (02:00 EDT → 01:00 EST).
 */

function expectNoDuplicatesOrOverlaps(list: ReturnType<typeof slots>, stepIsAtLeastDuration = true) {
  expect(new Set(starts(list)).size).toBe(list.length);
  if (!stepIsAtLeastDuration) return;
  for (let k = 1; k < list.length; k++) expect(list[k]!.start >= list[k - 1]!.end).toBe(true);
}

describe.each([
  {
    zone: 'Europe/London',
    spring: {
      days: ['2026-03-28', '2026-03-29', '2026-03-30'],
      utc: ['2026-03-28T09:00:00.000Z', '2026-03-29T08:00:00.000Z', '2026-03-30T08:00:00.000Z'],
      offsets: ['+00:00', '+01:00', '+01:00'],
    },
    fall: {
      days: ['2026-10-24', '2026-10-25', '2026-10-26'],
      utc: ['2026-10-24T08:00:00.000Z', '2026-10-25T09:00:00.000Z', '2026-10-26T09:00:00.000Z'],
      offsets: ['+01:00', '+00:00', '+00:00'],
    },
  },
  {
    zone: 'America/New_York',
    spring: {
      days: ['2026-03-07', '2026-03-08', '2026-03-09'],
      utc: ['2026-03-07T14:00:00.000Z', '2026-03-08T13:00:00.000Z', '2026-03-09T13:00:00.000Z'],
      offsets: ['-05:00', '-04:00', '-04:00'],
    },
    fall: {
      days: ['2026-10-31', '2026-11-01', '2026-11-02'],
      utc: ['2026-10-31T13:00:00.000Z', '2026-11-01T14:00:00.000Z', '2026-11-02T14:00:00.000Z'],
      offsets: ['-04:00', '-05:00', '-05:00'],
    },
  },
])('$zone: 09:00 stays 09:00 across both changes', ({ zone, spring, fall }) => {
  it.each([
    ['spring forward', spring],
    ['fall back', fall],
  ])('%s', (_name, edge) => {
    const list = slots({
      rules: rules({ timeZone: zone, weekly: everyDay('09:00', '10:00'), slotStepMinutes: 60 }),
      from: `${edge.days[0]}T00:00:00Z`,
      to: `${edge.days[2]}T23:59:00Z`,
      now: `${edge.days[0]}T00:00:00Z`,
    });
    expect(starts(list)).toEqual(edge.utc);
    expect(localStarts(list)).toEqual(edge.days.map((d, k) => `${d}T09:00:00${edge.offsets[k]}`));
  });
});

describe('Europe/London, spring forward (29 March 2026)', () => {
  const base = {
    from: '2026-03-29T00:00:00Z',
    to: '2026-03-30T00:00:00Z',
    now: '2026-03-01T00:00:00Z',
    durationMinutes: 30,
  };

  it('skips the hour that does not exist and keeps real instants for the rest', () => {
    const list = slots({
      ...base,
      rules: rules({ timeZone: 'Europe/London', weekly: { sun: [{ start: '00:00', end: '04:00' }] } }),
    });
    expect(starts(list)).toEqual([
      '2026-03-29T00:00:00.000Z',
      '2026-03-29T00:30:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-29T01:30:00.000Z',
      '2026-03-29T02:00:00.000Z',
      '2026-03-29T02:30:00.000Z',
    ]);
    expect(localStarts(list)).toEqual([
      '2026-03-29T00:00:00+00:00',
      '2026-03-29T00:30:00+00:00',
      '2026-03-29T02:00:00+01:00',
      '2026-03-29T02:30:00+01:00',
      '2026-03-29T03:00:00+01:00',
      '2026-03-29T03:30:00+01:00',
    ]);
    expectNoDuplicatesOrOverlaps(list);
  });

  it('does not shift a 01:30 start into a duplicate of 02:30', () => {
    const list = slots({
      ...base,
      rules: rules({ timeZone: 'Europe/London', weekly: { sun: [{ start: '01:30', end: '03:00' }] } }),
    });
    expect(localStarts(list)).toEqual(['2026-03-29T02:00:00+01:00', '2026-03-29T02:30:00+01:00']);
    expect(starts(list)).toEqual(['2026-03-29T01:00:00.000Z', '2026-03-29T01:30:00.000Z']);
  });
});

describe('Europe/London, fall back (25 October 2026)', () => {
  const base = { from: '2026-10-24T12:00:00Z', to: '2026-10-25T12:00:00Z', now: '2026-10-01T00:00:00Z' };
  const london = (step: number, start: string, end: string) =>
    rules({ timeZone: 'Europe/London', weekly: { sun: [{ start, end }] }, slotStepMinutes: step });

  it('offers the repeated hour twice, as distinct instants', () => {
    const list = slots({ ...base, durationMinutes: 30, rules: london(30, '00:00', '03:00') });
    expect(starts(list)).toEqual([
      '2026-10-24T23:00:00.000Z',
      '2026-10-24T23:30:00.000Z',
      '2026-10-25T00:00:00.000Z',
      '2026-10-25T00:30:00.000Z',
      '2026-10-25T01:00:00.000Z',
      '2026-10-25T01:30:00.000Z',
      '2026-10-25T02:00:00.000Z',
      '2026-10-25T02:30:00.000Z',
    ]);
    expect(localStarts(list)).toEqual([
      '2026-10-25T00:00:00+01:00',
      '2026-10-25T00:30:00+01:00',
      '2026-10-25T01:00:00+01:00',
      '2026-10-25T01:30:00+01:00',
      '2026-10-25T01:00:00+00:00',
      '2026-10-25T01:30:00+00:00',
      '2026-10-25T02:00:00+00:00',
      '2026-10-25T02:30:00+00:00',
    ]);
    expectNoDuplicatesOrOverlaps(list);
  });

  it('never offers two overlapping slots from the repeated reading of one grid time', () => {
    // A 90-minute grid reads 01:30 twice, an hour apart; a 90-minute session at each would overlap.
    const list = slots({ ...base, durationMinutes: 90, rules: london(90, '00:00', '04:00') });
    expect(localStarts(list)).toEqual(['2026-10-25T00:00:00+01:00', '2026-10-25T01:30:00+01:00']);
    expectNoDuplicatesOrOverlaps(list);
  });

  it('ends an interval at the wall-clock end, after the repeated hour', () => {
    const list = slots({ ...base, durationMinutes: 60, rules: london(60, '01:00', '02:00') });
    // 01:00–02:00 on the wall lasts two real hours that night.
    expect(starts(list)).toEqual(['2026-10-25T00:00:00.000Z', '2026-10-25T01:00:00.000Z']);
  });
});

describe('America/New_York, spring forward (8 March 2026) and fall back (1 November 2026)', () => {
  const ny = (day: 'sun', start: string, end: string, step = 30) =>
    rules({ timeZone: 'America/New_York', weekly: { [day]: [{ start, end }] }, slotStepMinutes: step });

  it('skips 02:00–03:00 on 8 March', () => {
    const list = slots({
      rules: ny('sun', '01:00', '04:00'),
      durationMinutes: 30,
      from: '2026-03-08T00:00:00Z',
      to: '2026-03-09T00:00:00Z',
      now: '2026-03-01T00:00:00Z',
    });
    expect(starts(list)).toEqual([
      '2026-03-08T06:00:00.000Z',
      '2026-03-08T06:30:00.000Z',
      '2026-03-08T07:00:00.000Z',
      '2026-03-08T07:30:00.000Z',
    ]);
    expect(localStarts(list)).toEqual([
      '2026-03-08T01:00:00-05:00',
      '2026-03-08T01:30:00-05:00',
      '2026-03-08T03:00:00-04:00',
      '2026-03-08T03:30:00-04:00',
    ]);
  });

  it('offers 01:00 twice on 1 November, an hour apart in real time', () => {
    const list = slots({
      rules: ny('sun', '00:00', '03:00', 60),
      durationMinutes: 60,
      from: '2026-11-01T00:00:00Z',
      to: '2026-11-02T00:00:00Z',
      now: '2026-10-01T00:00:00Z',
    });
    expect(starts(list)).toEqual([
      '2026-11-01T04:00:00.000Z',
      '2026-11-01T05:00:00.000Z',
      '2026-11-01T06:00:00.000Z',
      '2026-11-01T07:00:00.000Z',
    ]);
    expect(localStarts(list)).toEqual([
      '2026-11-01T00:00:00-04:00',
      '2026-11-01T01:00:00-04:00',
      '2026-11-01T01:00:00-05:00',
      '2026-11-01T02:00:00-05:00',
    ]);
    expectNoDuplicatesOrOverlaps(list);
  });
});
