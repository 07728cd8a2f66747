import { describe, expect, it } from 'vitest';
import { slotId } from '../../domain/marketplace/bookings/slot-id.ts';
import { blockedRange, type SlotContext } from '../../domain/marketplace/bookings/slots.ts';
import { slotRejectionError, validateRequestedSlot } from '../../domain/marketplace/bookings/validate-slot.ts';
import { rules } from './fixtures.ts';

const r = rules({
  timeZone: 'Europe/London',
  weekly: { mon: [{ start: '09:00', end: '12:00' }], sun: [{ start: '00:00', end: '03:00' }] },
  exceptions: [{ kind: 'time_off', from: '2026-06-08T09:00', to: '2026-06-08T12:00' }],
  slotStepMinutes: 60,
  bufferAfterMinutes: 15,
  minimumNoticeMinutes: 120,
  bookingWindowDays: 14,
});
const ctx: SlotContext = {
  trainerId: 7,
  serviceId: 3,
  rules: r,
  durationMinutes: 60,
  busy: [],
  now: new Date('2026-05-31T12:00:00Z'),
};
const idAt = (iso: string, trainerId = 7, serviceId = 3) => slotId(trainerId, serviceId, new Date(iso));
const check = (slot: string, over: Partial<SlotContext> = {}) =>
  validateRequestedSlot({ ...ctx, ...over, slotId: slot });

describe('validateRequestedSlot', () => {
  it('accepts a slot the engine offers, and presents it', () => {
    const result = check(idAt('2026-06-01T08:00:00Z'));
    expect(result).toEqual({
      ok: true,
      slot: {
        id: idAt('2026-06-01T08:00:00Z'),
        start: '2026-06-01T08:00:00.000Z',
        end: '2026-06-01T09:00:00.000Z',
        local: { timeZone: 'Europe/London', start: '2026-06-01T09:00:00+01:00', end: '2026-06-01T10:00:00+01:00' },
      },
    });
  });

  it('answers TOO_SOON inside the minimum notice and for the past', () => {
    const now = new Date('2026-06-01T07:30:00Z');
    expect(check(idAt('2026-06-01T08:00:00Z'), { now })).toMatchObject({
      ok: false,
      code: 'TOO_SOON',
      reason: 'too_soon',
    });
    expect(check(idAt('2026-06-01T09:00:00Z'), { now })).toMatchObject({ ok: false, code: 'TOO_SOON' });
    expect(check(idAt('2026-06-01T10:00:00Z'), { now }).ok).toBe(true);
    expect(check(idAt('2026-06-01T08:00:00Z'), { now: new Date('2026-06-02T00:00:00Z') })).toMatchObject({
      code: 'TOO_SOON',
    });
  });

  it('answers OUTSIDE_BOOKING_WINDOW beyond the window', () => {
    expect(check(idAt('2026-06-15T08:00:00Z'))).toMatchObject({
      ok: false,
      code: 'OUTSIDE_BOOKING_WINDOW',
      reason: 'beyond_window',
    });
    expect(check(idAt('2026-06-15T08:00:00Z'), { now: new Date('2026-06-02T00:00:00Z') }).ok).toBe(true);
  });

  it('answers SLOT_UNAVAILABLE when busy, buffers included', () => {
    const booking = { start: new Date('2026-06-01T09:00:00Z'), end: new Date('2026-06-01T10:00:00Z') };
    const busy = [blockedRange(booking, r)];
    expect(check(idAt('2026-06-01T09:00:00Z'), { busy })).toMatchObject({
      ok: false,
      code: 'SLOT_UNAVAILABLE',
      reason: 'busy',
    });
    // 09:00–10:00 local ends exactly when the booking starts, but its 15-minute buffer does not fit.
    expect(check(idAt('2026-06-01T08:00:00Z'), { busy })).toMatchObject({ code: 'SLOT_UNAVAILABLE', reason: 'busy' });
    // 11:00 local starts inside the booking's own buffer.
    expect(check(idAt('2026-06-01T10:00:00Z'), { busy })).toMatchObject({ code: 'SLOT_UNAVAILABLE', reason: 'busy' });
  });

  it('answers SLOT_UNAVAILABLE for time off and for times the trainer does not offer', () => {
    expect(check(idAt('2026-06-08T08:00:00Z'))).toMatchObject({ code: 'SLOT_UNAVAILABLE', reason: 'time_off' });
    expect(check(idAt('2026-06-02T08:00:00Z'))).toMatchObject({ code: 'SLOT_UNAVAILABLE', reason: 'outside_hours' }); // a Tuesday
    expect(check(idAt('2026-06-01T08:30:00Z'))).toMatchObject({ code: 'SLOT_UNAVAILABLE', reason: 'outside_hours' }); // off the grid
    expect(check(idAt('2026-06-01T10:30:00Z'))).toMatchObject({ code: 'SLOT_UNAVAILABLE', reason: 'outside_hours' }); // runs past 12:00
  });

  it('answers SLOT_UNAVAILABLE for ids that are malformed or name another trainer or service', () => {
    for (const slot of ['nonsense', idAt('2026-06-01T08:00:00Z', 8), idAt('2026-06-01T08:00:00Z', 7, 4)]) {
      expect(check(slot)).toMatchObject({ ok: false, code: 'SLOT_UNAVAILABLE', reason: 'unknown_slot' });
    }
  });

  it('re-validates both readings of the repeated hour on a fall-back day', () => {
    const octCtx = { now: new Date('2026-10-20T00:00:00Z') };
    expect(check(idAt('2026-10-25T00:00:00Z'), octCtx)).toMatchObject({
      ok: true,
      slot: { local: { start: '2026-10-25T01:00:00+01:00' } },
    });
    expect(check(idAt('2026-10-25T01:00:00Z'), octCtx)).toMatchObject({
      ok: true,
      slot: { local: { start: '2026-10-25T01:00:00+00:00' } },
    });
    expect(check(idAt('2026-10-25T00:30:00Z'), octCtx)).toMatchObject({ reason: 'outside_hours' });
  });

  it('maps rejections to the domain error kinds: a gone slot is a conflict, notice and window are rules', () => {
    const tooSoon = check(idAt('2026-06-01T08:00:00Z'), { now: new Date('2026-06-01T07:30:00Z') });
    const taken = check(idAt('2026-06-02T08:00:00Z'));
    if (tooSoon.ok || taken.ok) throw new Error('expected rejections');
    expect(slotRejectionError(tooSoon)).toMatchObject({ kind: 'rule', code: 'TOO_SOON' });
    expect(slotRejectionError(taken)).toMatchObject({
      kind: 'conflict',
      code: 'SLOT_UNAVAILABLE',
      details: { reason: 'outside_hours' },
    });
  });
});
