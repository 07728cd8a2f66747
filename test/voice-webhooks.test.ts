import { buildContext } from '../domain/shared/use-case.ts';
import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningNode } from '../server/node.ts';
import { startTestNode } from './support/node.ts';
import { createTenant } from './support/tenant.ts';
import { createUser } from './support/realtime.ts';
import { sql } from './personalisation-fixtures.ts';
import { callTool, connectAgent, openVoiceRoom, VOICE_LIVEKIT_ENV } from './support/voice.ts';
import { voiceMinutes } from '../domain/voice/voice-sessions.ts';

const SIGNING_KEY = 'hume-webhook-signing-key-for-tests';
let node: RunningNode;
beforeAll(async () => {
  node = await startTestNode({ ...VOICE_LIVEKIT_ENV, HUME_WEBHOOK_SIGNING_KEY: SIGNING_KEY });
});
afterAll(async () => {
  await node.stop('test end');
});

/** A delivery signed as Hume signs it: hex HMAC-SHA256 of `<body>.<timestamp>` with the signing key. */
function signed(event: Record<string, unknown>, opts: { key?: string; timestamp?: number } = {}) {
  const body = JSON.stringify(event);
  const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', opts.key ?? SIGNING_KEY)
    .update(`${body}.${timestamp}`)
    .digest('hex');
  return {
    body,
    headers: {
      'Content-Type': 'application/json',
      'X-Hume-AI-Webhook-Timestamp': timestamp,
      'X-Hume-AI-Webhook-Signature': signature,
    },
  };
}

async function deliver(d: { body: string; headers: Record<string, string> }) {
  const res = await fetch(`${node.url}/api/v1/hume/webhook`, { method: 'POST', headers: d.headers, body: d.body });
  return { status: res.status, body: (await res.json()) as any };
}

const chatStarted = (voiceSessionId: string, chatId: string) => ({
  event_name: 'chat_started',
  chat_group_id: randomUUID(),
  chat_id: chatId,
  config_id: 'cfg',
  custom_session_id: voiceSessionId,
  start_time: Date.now(),
  chat_start_type: 'new_chat_group',
});
const chatEnded = (voiceSessionId: string | null, chatId: string, seconds: number) => ({
  event_name: 'chat_ended',
  chat_group_id: randomUUID(),
  chat_id: chatId,
  config_id: 'cfg',
  ...(voiceSessionId ? { custom_session_id: voiceSessionId } : {}),
  end_time: Date.now(),
  duration_seconds: seconds,
  end_reason: 'USER_ENDED',
});

describe('Hume webhooks', () => {
  it("chat_started records the chat; chat_ended closes the voice session once, records its minutes, and ends the agent's rights", async () => {
    const tenant = await createTenant(node);
    const user = await createUser(node, tenant);
    const room = await openVoiceRoom(node, tenant, user.token);
    const chatId = randomUUID();
    const started = await deliver(signed(chatStarted(room.voiceSessionId, chatId)));
    expect(started, JSON.stringify(started.body)).toMatchObject({
      status: 200,
      body: { data: { received: true, applied: true } },
    });
    expect(
      (await sql(node, `select hume_chat_id from voice_sessions where id = ?`, [room.voiceSessionId]))[0].hume_chat_id,
    ).toBe(chatId);

    // chat_ended found through the recorded chat id even without custom_session_id.
    const ended = await deliver(signed(chatEnded(null, chatId, 125)));
    expect(ended.body.data).toEqual({ received: true, applied: true });
    const [row] = await sql(node, `select ended_at, duration_seconds, end_reason from voice_sessions where id = ?`, [
      room.voiceSessionId,
    ]);
    expect(row).toMatchObject({ duration_seconds: 125, end_reason: 'USER_ENDED' });
    expect(row.ended_at).not.toBeNull();
    // A second chat_ended (a new delivery) changes nothing.
    expect((await deliver(signed(chatEnded(room.voiceSessionId, chatId, 999)))).body.data).toMatchObject({
      applied: false,
    });
    expect(
      (await sql(node, `select duration_seconds from voice_sessions where id = ?`, [room.voiceSessionId]))[0]
        .duration_seconds,
    ).toBe(125);

    const ctx = buildContext(node.services.orm.em, {
      tenant: { id: tenant.id, slug: tenant.slug, name: '', enabledFeatures: [] },
      actor: { kind: 'system', job: 'test' },
    });
    expect(
      await voiceMinutes(ctx, { from: new Date(Date.now() - 3600_000), to: new Date(Date.now() + 3600_000) }),
    ).toEqual({ sessions: 1, seconds: 125, minutes: 3, users: 1 });

    const { socket } = await connectAgent(node, tenant);
    expect(
      await callTool(socket, { voiceSessionId: room.voiceSessionId, callId: 'late', name: 'get_daily_plan' }),
    ).toMatchObject({ ok: false, code: 'VOICE_SESSION_ENDED' });
  });

  it('a bad, missing, stale or replayed signature is 401 and changes nothing', async () => {
    const tenant = await createTenant(node);
    const room = await openVoiceRoom(node, tenant);
    const event = chatEnded(room.voiceSessionId, randomUUID(), 60);
    const wrongKey = await deliver(signed(event, { key: 'someone-else' }));
    expect(wrongKey).toMatchObject({ status: 401, body: { code: 'INVALID_WEBHOOK_SIGNATURE' } });
    const good = signed(event);
    const tampered = await deliver({
      ...good,
      body: good.body.replace('"duration_seconds":60', '"duration_seconds":6000'),
    });
    expect(tampered.status).toBe(401);
    const unsigned = await deliver({ body: good.body, headers: { 'Content-Type': 'application/json' } });
    expect(unsigned).toMatchObject({ status: 401, body: { code: 'INVALID_WEBHOOK_SIGNATURE' } });
    const stale = await deliver(signed(event, { timestamp: Math.floor(Date.now() / 1000) - 600 }));
    expect(stale.status).toBe(401);
    expect(
      (await sql(node, `select ended_at from voice_sessions where id = ?`, [room.voiceSessionId]))[0].ended_at,
    ).toBeNull();

    expect((await deliver(good)).status).toBe(200);
    const replay = await deliver(good);
    expect(replay).toMatchObject({ status: 401, body: { code: 'WEBHOOK_REPLAYED' } });
  });

  it('an event about no session of ours is received and ignored; an unknown event type too', async () => {
    expect((await deliver(signed(chatEnded(randomUUID(), randomUUID(), 10)))).body.data).toEqual({
      received: true,
      applied: false,
      reason: 'unknown_voice_session',
    });
    expect(
      (await deliver(signed({ event_name: 'something_new', chat_id: 'x', chat_group_id: 'y' }))).body.data,
    ).toEqual({ received: true, applied: false, reason: 'unhandled_event' });
  });

  it('without a signing key the endpoint answers 503', async () => {
    const bare = await startTestNode();
    try {
      const res = await fetch(`${bare.url}/api/v1/hume/webhook`, {
        method: 'POST',
        headers: signed({}).headers,
        body: '{}',
      });
      expect(res.status).toBe(503);
      expect(((await res.json()) as any).code).toBe('WEBHOOK_NOT_CONFIGURED');
    } finally {
      await bare.stop('test end');
    }
  });
});
