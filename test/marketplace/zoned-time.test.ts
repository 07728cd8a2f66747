import { describe, expect, it } from 'vitest';
import {
  formatInZone,
  isValidTimeZone,
  localToInstants,
  offsetSegments,
  wallClockAt,
  wallRangeToInstantRanges,
} from '../../domain/marketplace/zoned-time.ts';
import { iso, wall } from './fixtures.ts';

describe('wall clock → instants', () => {
  it('maps an ordinary reading to one instant', () => {
    expect(iso(localToInstants('Europe/London', wall('2026-06-01T09:00')))).toEqual(['2026-06-01T08:00:00.000Z']);
    expect(iso(localToInstants('America/New_York', wall('2026-01-15T09:00')))).toEqual(['2026-01-15T14:00:00.000Z']);
  });

  it('finds no instant for a reading in the spring-forward gap', () => {
    expect(localToInstants('Europe/London', wall('2026-03-29T01:30'))).toEqual([]);
    expect(localToInstants('Europe/London', wall('2026-03-29T01:00'))).toEqual([]);
    expect(iso(localToInstants('Europe/London', wall('2026-03-29T02:00')))).toEqual(['2026-03-29T01:00:00.000Z']);
    expect(localToInstants('America/New_York', wall('2026-03-08T02:30'))).toEqual([]);
    expect(iso(localToInstants('America/New_York', wall('2026-03-08T03:00')))).toEqual(['2026-03-08T07:00:00.000Z']);
  });

  it('finds both instants, in order, for a reading in the fall-back overlap', () => {
    expect(iso(localToInstants('Europe/London', wall('2026-10-25T01:30')))).toEqual([
      '2026-10-25T00:30:00.000Z',
      '2026-10-25T01:30:00.000Z',
    ]);
    expect(iso(localToInstants('America/New_York', wall('2026-11-01T01:00')))).toEqual([
      '2026-11-01T05:00:00.000Z',
      '2026-11-01T06:00:00.000Z',
    ]);
  });

  it('round-trips every 90 minutes of 2026 in several zones', () => {
    for (const zone of ['Europe/London', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata']) {
      for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 90 * 60_000) {
        expect(localToInstants(zone, wallClockAt(zone, t))).toContain(t);
      }
    }
  });
});

describe('offset segments', () => {
  it('finds the transition instants to the millisecond', () => {
    const cases: Array<[string, string, string]> = [
      ['Europe/London', '2026-03-28T00:00:00Z', '2026-03-29T01:00:00.000Z'],
      ['Europe/London', '2026-10-24T00:00:00Z', '2026-10-25T01:00:00.000Z'],
      ['America/New_York', '2026-03-07T00:00:00Z', '2026-03-08T07:00:00.000Z'],
      ['America/New_York', '2026-10-31T00:00:00Z', '2026-11-01T06:00:00.000Z'],
    ];
    for (const [zone, from, transition] of cases) {
      const start = Date.parse(from);
      const segments = offsetSegments(zone, start, start + 3 * 86_400_000);
      expect(segments).toHaveLength(2);
      expect(new Date(segments[0]!.end).toISOString()).toBe(transition);
    }
  });

  it('splits a wall range across a fall-back into the instants that read inside it', () => {
    const segments = offsetSegments(
      'Europe/London',
      Date.parse('2026-10-24T00:00:00Z'),
      Date.parse('2026-10-27T00:00:00Z'),
    );
    const ranges = wallRangeToInstantRanges(segments, wall('2026-10-25T00:00'), wall('2026-10-25T01:30'));
    expect(ranges.map((r) => iso([r.start, r.end]))).toEqual([
      ['2026-10-24T23:00:00.000Z', '2026-10-25T00:30:00.000Z'],
      ['2026-10-25T01:00:00.000Z', '2026-10-25T01:30:00.000Z'],
    ]);
  });

  it('closes a wall range over a spring-forward gap into one stretch', () => {
    const segments = offsetSegments(
      'Europe/London',
      Date.parse('2026-03-28T00:00:00Z'),
      Date.parse('2026-03-31T00:00:00Z'),
    );
    const ranges = wallRangeToInstantRanges(segments, wall('2026-03-29T00:30'), wall('2026-03-29T03:00'));
    expect(ranges.map((r) => iso([r.start, r.end]))).toEqual([
      ['2026-03-29T00:30:00.000Z', '2026-03-29T02:00:00.000Z'],
    ]);
  });
});

describe('formatting and validity', () => {
  it('renders the offset in force, telling the two 01:30s apart', () => {
    expect(formatInZone('Europe/London', Date.parse('2026-10-25T00:30:00Z'))).toBe('2026-10-25T01:30:00+01:00');
    expect(formatInZone('Europe/London', Date.parse('2026-10-25T01:30:00Z'))).toBe('2026-10-25T01:30:00+00:00');
    expect(formatInZone('America/New_York', Date.parse('2026-03-08T07:00:00Z'))).toBe('2026-03-08T03:00:00-04:00');
    expect(formatInZone('Asia/Kathmandu', Date.parse('2026-01-01T00:00:00Z'))).toBe('2026-01-01T05:45:00+05:45');
  });

  it('accepts IANA names and refuses the rest', () => {
    expect(isValidTimeZone('Europe/London')).toBe(true);
    expect(isValidTimeZone('America/Argentina/Buenos_Aires')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    for (const bad of ['Mars/Olympus', '+01:00', '', 'Europe/', '../etc']) expect(isValidTimeZone(bad)).toBe(false);
  });
});
