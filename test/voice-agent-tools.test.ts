import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningNode } from '../server/node.ts';
import { startTestNode } from './support/node.ts';
import { createTenant } from './support/tenant.ts';
import { connectSocket, createUser } from './support/realtime.ts';
import { createBookableTrainer } from './support/marketplace.ts';
import { sql } from './personalisation-fixtures.ts';
import { callTool, connectAgent, openVoiceRoom, VOICE_LIVEKIT_ENV } from './support/voice.ts';

let node: RunningNode;
beforeAll(async () => {
  node = await startTestNode({ ...VOICE_LIVEKIT_ENV, VOICE_TOOL_CALLS_PER_MINUTE: '40' });
});
afterAll(async () => {
  await node.stop('test end');
});

async function bookingSetup() {
  const tenant = await createTenant(node);
  const coach = await createBookableTrainer(node, tenant);
  const user = await createUser(node, tenant);
  const room = await openVoiceRoom(node, tenant, user.token);
  const { socket } = await connectAgent(node, tenant);
  const from = new Date(Date.now() + 26 * 3600_000).toISOString();
  const to = new Date(Date.now() + 50 * 3600_000).toISOString();
  const availability = await callTool(socket, {
    voiceSessionId: room.voiceSessionId,
    callId: 'avail-1',
    name: 'check_coach_availability',
    arguments: { trainerId: coach.trainerId, serviceId: coach.serviceId, from, to },
  });
  if (!availability.ok) throw new Error(JSON.stringify(availability));
  const slotId = availability.data.result.slots[0].id as string;
  return { tenant, coach, user, room, socket, slotId };
}

const bookings = (tenantId: number, userId: number) =>
  sql(node, `select id, status from bookings where client_id = ? and user_id = ?`, [tenantId, userId]);

describe('agent:tool', () => {
  it("books as the voice session's user; a retried callId answers the first result and books nothing more, also when retried concurrently", async () => {
    const { tenant, coach, user, room, socket, slotId } = await bookingSetup();
    const args = { trainerId: coach.trainerId, serviceId: coach.serviceId, slotId, notes: 'knee is fine now' };
    const first = await callTool(socket, {
      voiceSessionId: room.voiceSessionId,
      callId: 'book-1',
      name: 'book_session',
      arguments: args,
    });
    expect(first.ok, JSON.stringify(first)).toBe(true);
    if (!first.ok) return;
    expect(first.data).toMatchObject({
      callId: 'book-1',
      name: 'book_session',
      replayed: false,
      result: { status: 'confirmed' },
    });
    const again = await callTool(socket, {
      voiceSessionId: room.voiceSessionId,
      callId: 'book-1',
      name: 'book_session',
      arguments: args,
    });
    expect(again).toEqual({ ok: true, data: { ...first.data, replayed: true } });
    expect(await bookings(tenant.id, user.id)).toHaveLength(1);

    // The same call id sent twice at once (an agent retry racing the original): one runs, both get its answer.
    const slot2 = await callTool(socket, {
      voiceSessionId: room.voiceSessionId,
      callId: 'avail-2',
      name: 'check_coach_availability',
      arguments: {
        trainerId: coach.trainerId,
        serviceId: coach.serviceId,
        from: new Date(Date.now() + 60 * 3600_000).toISOString(),
        to: new Date(Date.now() + 80 * 3600_000).toISOString(),
      },
    });
    if (!slot2.ok) throw new Error(JSON.stringify(slot2));
    const args2 = { ...args, slotId: slot2.data.result.slots[0].id };
    const [a, b] = await Promise.all([
      callTool(socket, {
        voiceSessionId: room.voiceSessionId,
        callId: 'book-2',
        name: 'book_session',
        arguments: args2,
      }),
      callTool(socket, {
        voiceSessionId: room.voiceSessionId,
        callId: 'book-2',
        name: 'book_session',
        arguments: args2,
      }),
    ]);
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) expect(a.data.result.id).toBe(b.data.result.id);
    expect(await bookings(tenant.id, user.id)).toHaveLength(2);

    // Audited: session, tool, result code, latency, arguments.
    const audit = await sql(
      node,
      `select call_id, tool, outcome, result_code, latency_ms, arguments from voice_tool_calls where client_id = ? and voice_session_id = ? order by created_at`,
      [tenant.id, room.voiceSessionId],
    );
    expect(audit.map((r) => [r.call_id, r.tool, r.result_code])).toEqual([
      ['avail-1', 'check_coach_availability', 'OK'],
      ['book-1', 'book_session', 'OK'],
      ['avail-2', 'check_coach_availability', 'OK'],
      ['book-2', 'book_session', 'OK'],
    ]);
    expect(audit[1].arguments).toEqual(args);
    expect(audit.every((r) => r.latency_ms >= 0)).toBe(true);
  });

  it('a refused call is stored too: its retry gets the same refusal; secrets in arguments are not audited', async () => {
    const { tenant, room, socket } = await bookingSetup();
    const bad = await callTool(socket, {
      voiceSessionId: room.voiceSessionId,
      callId: 'w-1',
      name: 'log_water',
      arguments: { ml: 'lots', password: 'hunter2' },
    });
    expect(bad).toMatchObject({ ok: false, code: 'VALIDATION_ERROR' });
    if (bad.ok) return;
    expect(bad.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'arguments.ml' }),
        expect.objectContaining({ field: 'arguments.password' }),
      ]),
    );
    expect(
      await callTool(socket, {
        voiceSessionId: room.voiceSessionId,
        callId: 'w-1',
        name: 'log_water',
        arguments: { ml: 250 },
      }),
    ).toEqual(bad);
    const [row] = await sql(
      node,
      `select result_code, arguments from voice_tool_calls where client_id = ? and call_id = 'w-1'`,
      [tenant.id],
    );
    expect(row).toEqual({ result_code: 'VALIDATION_ERROR', arguments: { ml: 'lots', password: '[redacted]' } });
    const ok = await callTool(socket, {
      voiceSessionId: room.voiceSessionId,
      callId: 'w-2',
      name: 'log_water',
      arguments: { ml: 250 },
    });
    expect(ok.ok, JSON.stringify(ok)).toBe(true);
  });

  it('an unknown tool is a clear error naming the tools; a malformed payload is VALIDATION_ERROR', async () => {
    const { room, socket } = await bookingSetup();
    const unknown = await callTool(socket, {
      voiceSessionId: room.voiceSessionId,
      callId: 'u-1',
      name: 'launch_rocket',
      arguments: {},
    });
    expect(unknown).toMatchObject({ ok: false, code: 'UNKNOWN_TOOL', error: expect.stringContaining('book_session') });
    const malformed = await socket
      .timeout(5000)
      .emitWithAck('agent:tool', { voiceSessionId: room.voiceSessionId, name: 'get_daily_plan' });
    expect(malformed).toMatchObject({
      ok: false,
      code: 'VALIDATION_ERROR',
      details: [expect.objectContaining({ field: 'payload.callId' })],
    });
  });

  it('cannot act without a live voice session: unknown, ended or expired sessions are refused', async () => {
    const { tenant, user, socket } = await bookingSetup();
    expect(await callTool(socket, { voiceSessionId: randomUUID(), callId: 'x', name: 'get_daily_plan' })).toMatchObject(
      { ok: false, code: 'VOICE_SESSION_NOT_FOUND' },
    );
    expect(
      await callTool(socket, { voiceSessionId: String(user.id), callId: 'x', name: 'get_daily_plan' }),
    ).toMatchObject({ ok: false, code: 'VOICE_SESSION_NOT_FOUND' });
    const ended = await openVoiceRoom(node, tenant, user.token);
    await sql(node, `update voice_sessions set ended_at = now(), duration_seconds = 1 where id = ?`, [
      ended.voiceSessionId,
    ]);
    expect(
      await callTool(socket, { voiceSessionId: ended.voiceSessionId, callId: 'x', name: 'get_daily_plan' }),
    ).toMatchObject({ ok: false, code: 'VOICE_SESSION_ENDED' });
    const expired = await openVoiceRoom(node, tenant, user.token);
    await sql(
      node,
      `update voice_sessions set started_at = now() - interval '2 hours', expires_at = now() - interval '1 hour' where id = ?`,
      [expired.voiceSessionId],
    );
    expect(
      await callTool(socket, { voiceSessionId: expired.voiceSessionId, callId: 'x', name: 'get_daily_plan' }),
    ).toMatchObject({ ok: false, code: 'VOICE_SESSION_ENDED' });
    expect(
      await sql(node, `select 1 from voice_tool_calls where client_id = ? and voice_session_id in (?, ?)`, [
        tenant.id,
        ended.voiceSessionId,
        expired.voiceSessionId,
      ]),
    ).toHaveLength(0);
  });

  it("across tenants nothing: another tenant's agent cannot reach a session, even with its id", async () => {
    const { tenant, user, room } = await bookingSetup();
    const other = await createTenant(node);
    const { socket: foreign } = await connectAgent(node, other);
    expect(
      await callTool(foreign, { voiceSessionId: room.voiceSessionId, callId: 'steal', name: 'my_bookings' }),
    ).toMatchObject({ ok: false, code: 'VOICE_SESSION_NOT_FOUND' });
    expect(
      await sql(node, `select 1 from voice_tool_calls where voice_session_id = ? and call_id = 'steal'`, [
        room.voiceSessionId,
      ]),
    ).toHaveLength(0);
    void tenant;
    void user;
  });

  it('a user socket cannot send agent:tool (only an agent-key handshake has the event)', async () => {
    const { tenant, user, room } = await bookingSetup();
    const userSocket = await connectSocket(node.url, tenant.slug, { apiKey: tenant.apiKey, token: user.token });
    expect(
      await userSocket.timeout(5000).emitWithAck('agent:tool', {
        voiceSessionId: room.voiceSessionId,
        callId: 'u',
        name: 'my_bookings',
        arguments: {},
      }),
    ).toMatchObject({ ok: false, code: 'UNKNOWN_EVENT' });
  });

  it('an anonymous onboarding session reaches only the onboarding tools, on its own onboarding session', async () => {
    const tenant = await createTenant(node);
    const coach = await createBookableTrainer(node, tenant);
    const room = await openVoiceRoom(node, tenant, undefined, 'onboarding');
    const { socket } = await connectAgent(node, tenant);
    for (const name of ['book_session', 'get_daily_plan', 'my_bookings', 'log_water']) {
      expect(
        await callTool(socket, { voiceSessionId: room.voiceSessionId, callId: `deny-${name}`, name, arguments: {} }),
        name,
      ).toMatchObject({ ok: false, code: 'TOOL_NOT_ALLOWED' });
    }
    const saved = await callTool(socket, {
      voiceSessionId: room.voiceSessionId,
      callId: 's1',
      name: 'save_onboarding_profile',
      arguments: { name: 'Sam', fitnessGoal: 'build muscle', age: 30 },
    });
    expect(saved).toMatchObject({
      ok: true,
      data: {
        result: { sessionId: room.onboardingSessionId, name: 'Sam', profile: { fitnessGoal: 'build muscle', age: 30 } },
      },
    });
    const picked = await callTool(socket, {
      voiceSessionId: room.voiceSessionId,
      callId: 's2',
      name: 'select_coach',
      arguments: { coachId: coach.trainerId },
    });
    expect(picked).toMatchObject({ ok: true, data: { result: { coach: { id: coach.trainerId } } } });
    const [row] = await sql(
      node,
      `select coach_id, profile from onboarding_profiles where client_id = ? and session_id = ?`,
      [tenant.id, room.onboardingSessionId],
    );
    expect(row).toMatchObject({ coach_id: coach.trainerId, profile: { fitnessGoal: 'build muscle', age: 30 } });
    // And a signed-in user's session cannot use the onboarding tools.
    const user = await createUser(node, tenant);
    const userRoom = await openVoiceRoom(node, tenant, user.token);
    expect(
      await callTool(socket, {
        voiceSessionId: userRoom.voiceSessionId,
        callId: 'o',
        name: 'save_onboarding_profile',
        arguments: { age: 30 },
      }),
    ).toMatchObject({ ok: false, code: 'TOOL_NOT_ALLOWED' });
  });

  it('limits tool calls per voice session', async () => {
    const tenant = await createTenant(node);
    const user = await createUser(node, tenant);
    const room = await openVoiceRoom(node, tenant, user.token);
    const other = await openVoiceRoom(node, tenant, user.token);
    const { socket } = await connectAgent(node, tenant);
    const codes: string[] = [];
    for (let i = 0; i < 41; i++) {
      const ack = await callTool(socket, {
        voiceSessionId: room.voiceSessionId,
        callId: `c${i}`,
        name: 'get_daily_plan',
      });
      codes.push(ack.ok ? 'OK' : ack.code);
    }
    expect(codes.slice(0, 40).every((c) => c === 'OK')).toBe(true);
    expect(codes[40]).toBe('RATE_LIMITED');
    // Another session of the same user has its own budget.
    expect(
      (await callTool(socket, { voiceSessionId: other.voiceSessionId, callId: 'c0', name: 'get_daily_plan' })).ok,
    ).toBe(true);
  });
});
