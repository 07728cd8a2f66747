import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  applyProgrammeCommand,
  subscribe,
  type ProgrammeCommand,
  type ProgrammeSubscription,
} from '../../domain/marketplace/programmes/programme-state.ts';

const plan = { weeks: [{ sessionDays: [1, 3, 5] }, { sessionDays: [5, 1] }] };

function move(sub: ProgrammeSubscription, cmd: ProgrammeCommand): ProgrammeSubscription {
  const r = applyProgrammeCommand(sub, cmd);
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.subscription;
}

describe('programme subscription', () => {
  it('schedules sessions on calendar dates from the start date, across a DST change unchanged', () => {
    const sub = subscribe(plan, '2026-03-23');
    expect(sub.status).toBe('active');
    expect(sub.sessions.map((s) => [s.key, s.date])).toEqual([
      ['w1s1', '2026-03-23'],
      ['w1s2', '2026-03-25'],
      ['w1s3', '2026-03-27'],
      ['w2s1', '2026-03-30'],
      ['w2s2', '2026-04-03'],
    ]);
  });

  it('pausing then resuming shifts the remaining sessions by the pause, leaving done and missed ones', () => {
    let sub = subscribe(plan, '2026-03-23');
    sub = move(sub, { type: 'complete_session', today: '2026-03-23', sessionKey: 'w1s1' });
    // w1s2 (25 March) is missed; the pause starts on the 26th.
    sub = move(sub, { type: 'pause', today: '2026-03-26' });
    expect(sub).toMatchObject({ status: 'paused', pausedOn: '2026-03-26' });
    sub = move(sub, { type: 'resume', today: '2026-04-05' });
    expect(sub).toMatchObject({ status: 'active', pausedOn: null, pausedDays: 10 });
    expect(sub.sessions.map((s) => s.date)).toEqual([
      '2026-03-23',
      '2026-03-25',
      '2026-04-06',
      '2026-04-09',
      '2026-04-13',
    ]);
  });

  it('completes when the last session is done, and treats a repeated completion as a replay', () => {
    let sub = subscribe({ weeks: [{ sessionDays: [1, 2] }] }, '2026-06-01');
    sub = move(sub, { type: 'complete_session', today: '2026-06-01', sessionKey: 'w1s1' });
    sub = move(sub, { type: 'complete_session', today: '2026-06-03', sessionKey: 'w1s1' });
    expect(sub.sessions[0]!.completedOn).toBe('2026-06-01');
    expect(sub.status).toBe('active');
    sub = move(sub, { type: 'complete_session', today: '2026-06-02', sessionKey: 'w1s2' });
    expect(sub.status).toBe('completed');
    expect(allowedActions('completed')).toEqual([]);
  });

  it('cancels from active and from paused', () => {
    const active = subscribe(plan, '2026-06-01');
    expect(move(active, { type: 'cancel', today: '2026-06-02' }).status).toBe('cancelled');
    const paused = move(active, { type: 'pause', today: '2026-06-02' });
    expect(move(paused, { type: 'cancel', today: '2026-06-03' })).toMatchObject({
      status: 'cancelled',
      pausedOn: null,
    });
  });

  it.each<[string, (s: ProgrammeSubscription) => ProgrammeSubscription, ProgrammeCommand]>([
    ['resume an active subscription', (s) => s, { type: 'resume', today: '2026-06-02' }],
    [
      'pause a paused subscription',
      (s) => move(s, { type: 'pause', today: '2026-06-02' }),
      { type: 'pause', today: '2026-06-03' },
    ],
    [
      'complete a session while paused',
      (s) => move(s, { type: 'pause', today: '2026-06-02' }),
      { type: 'complete_session', today: '2026-06-03', sessionKey: 'w1s1' },
    ],
    [
      'resume a cancelled subscription',
      (s) => move(s, { type: 'cancel', today: '2026-06-02' }),
      { type: 'resume', today: '2026-06-03' },
    ],
    [
      'cancel a cancelled subscription',
      (s) => move(s, { type: 'cancel', today: '2026-06-02' }),
      { type: 'cancel', today: '2026-06-03' },
    ],
  ])('refuses to %s with INVALID_TRANSITION', (_name, setup, cmd) => {
    const sub = setup(subscribe(plan, '2026-06-01'));
    expect(applyProgrammeCommand(sub, cmd)).toMatchObject({
      ok: false,
      code: 'INVALID_TRANSITION',
      from: sub.status,
      action: cmd.type,
    });
  });

  it('refuses an unknown session and a malformed date', () => {
    const sub = subscribe(plan, '2026-06-01');
    expect(
      applyProgrammeCommand(sub, { type: 'complete_session', today: '2026-06-01', sessionKey: 'w9s9' }),
    ).toMatchObject({
      ok: false,
      code: 'UNKNOWN_SESSION',
    });
    expect(() => applyProgrammeCommand(sub, { type: 'pause', today: '2026-13-01' })).toThrow(RangeError);
  });
});
