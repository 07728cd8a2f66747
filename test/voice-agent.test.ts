import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HumeClient } from 'hume';
import type { RunningNode } from '../server/node.ts';
import { startTestNode } from './support/node.ts';
import { createTenant, type TestTenant } from './support/tenant.ts';
import { createUser } from './support/realtime.ts';
import { createBookableTrainer } from './support/marketplace.ts';
import { sql } from './personalisation-fixtures.ts';
import { client } from './support/http.ts';
import { VOICE_LIVEKIT_ENV } from './support/voice.ts';
import { startEviFake, type EviFake, type FakeChat } from './support/evi-fake.ts';
import { issueAgentKey } from '../domain/tenancy/agent-keys.ts';
import { platformEm } from '../server/db/orm.ts';
import { startVoiceAgent } from '../voice-agent/agent.ts';
import { humeEnvironment } from '../voice-agent/chat-attach.ts';

/**
 * The voice coach end to end, in the topology we ship (README "Voice AI coach"): the app holds the EVI chat, Hume
 * tells sTvOS (signed chat_started), sTvOS tells the agent, the agent attaches through Hume's control plane and
 * answers tool calls through a real sTvOS node. Hume is a loopback fake speaking its wire format; the app's chat
 * and the agent's control-plane socket are the `hume` SDK's own clients.
 */
const HUME_KEY = 'evi-fake-api-key';
const APP_TOKEN = 'short-lived-app-access-token';
const SIGNING_KEY = 'hume-webhook-signing-key-for-agent-tests';

let node: RunningNode;
let evi: EviFake;
const cleanups: Array<() => unknown> = [];
beforeAll(async () => {
  node = await startTestNode({
    ...VOICE_LIVEKIT_ENV,
    HUME_WEBHOOK_SIGNING_KEY: SIGNING_KEY,
    VOICE_AGENT_NAMES: 'stvos-coach,onboarder',
  });
  evi = await startEviFake({
    apiKey: HUME_KEY,
    accessToken: APP_TOKEN,
    webhook: { url: `${node.url}/api/v1/hume/webhook`, signingKey: SIGNING_KEY },
  });
});
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  await evi.close();
  await node.stop('test end');
});

interface World {
  node: RunningNode;
  evi: EviFake;
}

async function runAgent(tenant: TestTenant, agentName = 'stvos-coach', at: World = { node, evi }) {
  const { node, evi } = at;
  const { key } = await issueAgentKey(platformEm(node.services.orm), {
    clientId: tenant.id,
    name: `voice agent ${agentName}`,
  });
  const agent = startVoiceAgent({
    STVOS_URL: node.url,
    VOICE_AGENT_TENANTS: { [tenant.slug]: { apiKey: tenant.apiKey, agentKey: key } },
    VOICE_AGENT_NAME: agentName,
    HUME_API_KEY: HUME_KEY,
    HUME_BASE_URL: evi.url,
    TOOL_CALL_TIMEOUT_MS: 5000,
  });
  cleanups.push(() => agent.close());
  return agent;
}

/** What an app does: open the voice session, then the EVI chat with what the answer says (the SDK's chat socket). */
async function appOpensChat(
  tenant: TestTenant,
  userToken?: string,
  agentName = 'stvos-coach',
  at: World = { node, evi },
) {
  const { node, evi } = at;
  const res = await client(node.url, { apiKey: tenant.apiKey, ...(userToken ? { token: userToken } : {}) }).post(
    '/livekit/token',
    { roomName: 'coach', context: userToken ? 'coaching' : 'onboarding', agentName },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const session = res.body.data as {
    voiceSessionId: string;
    configId: string | null;
    evi: { customSessionId: string; allowConnection: true; variables: { context: string } };
  };
  // The app's client holds only the short-lived access token GET /hume-config hands out, never our key.
  const app = new HumeClient({
    accessToken: APP_TOKEN,
    environment: humeEnvironment(evi.url),
  }).empathicVoice.chat.connect({
    accessToken: APP_TOKEN,
    allowConnection: session.evi.allowConnection,
    reconnectAttempts: 0,
    ...(session.configId ? { configId: session.configId } : {}),
    sessionSettings: { customSessionId: session.evi.customSessionId, variables: session.evi.variables },
  });
  cleanups.push(() => app.close());
  await app.waitForOpen();
  const chat = await evi.waitFor("the app's chat", () =>
    [...evi.chats.values()].find((c) => c.query.get('session_settings[custom_session_id]') === session.voiceSessionId),
  );
  return { session, chat, app };
}

const attachedTo = (chat: FakeChat, on: EviFake = evi) =>
  on.waitFor('the agent to attach through the control plane', () => chat.attached.length > 0);

describe("the voice agent on the app's EVI chat (Hume control plane)", () => {
  it('attaches after chat_started, books through a tool_call exactly once (also when EVI repeats it), answering on the control plane', async () => {
    const tenant = await createTenant(node);
    await sql(node, `insert into voice_configs (client_id, trainer_id, evi_config_id) values (?, null, 'cfg-evi-1')`, [
      tenant.id,
    ]);
    const coach = await createBookableTrainer(node, tenant);
    const user = await createUser(node, tenant);
    await runAgent(tenant);
    const { session, chat } = await appOpensChat(tenant, user.token);
    expect(chat.query.get('config_id')).toBe('cfg-evi-1');
    expect(chat.query.get('allow_connection')).toBe('true');
    await attachedTo(chat);
    expect(evi.webhookAnswers.at(-1)).toMatchObject({ status: 200, body: { data: { applied: true } } });
    const [row] = await sql(node, `select hume_chat_id, agent_chat_id from voice_sessions where id = ?`, [
      session.voiceSessionId,
    ]);
    expect(row).toEqual({ hume_chat_id: chat.chatId, agent_chat_id: chat.chatId });

    const availability = await evi.toolCall(chat, 'check_coach_availability', {
      trainerId: coach.trainerId,
      serviceId: coach.serviceId,
      from: new Date(Date.now() + 30 * 3600_000).toISOString(),
      to: new Date(Date.now() + 40 * 3600_000).toISOString(),
    });
    expect(availability, JSON.stringify(availability)).toMatchObject({ type: 'tool_response', plane: 'control' });
    const slotId = JSON.parse(String(availability['content'])).slots[0].id as string;

    const booked = await evi.toolCall(
      chat,
      'book_session',
      { trainerId: coach.trainerId, serviceId: coach.serviceId, slotId },
      'toolu_book_1',
    );
    expect(booked).toMatchObject({
      type: 'tool_response',
      tool_call_id: 'toolu_book_1',
      tool_name: 'book_session',
      plane: 'control',
    });
    const booking = JSON.parse(String(booked['content']));
    expect(booking).toMatchObject({ status: 'confirmed', trainerId: coach.trainerId });

    // EVI sends the same tool call again (a reconnect, a retry): the same answer, still one booking.
    const retried = await evi.toolCall(
      chat,
      'book_session',
      { trainerId: coach.trainerId, serviceId: coach.serviceId, slotId },
      'toolu_book_1',
    );
    expect(JSON.parse(String(retried['content']))).toEqual(booking);
    const rows = await sql(node, `select id, user_id, status from bookings where client_id = ? and trainer_id = ?`, [
      tenant.id,
      coach.trainerId,
    ]);
    expect(rows).toEqual([{ id: booking.id, user_id: user.id, status: 'confirmed' }]);
    // The app's data plane never answered a tool call; every answer came from the agent.
    expect(chat.received.filter((r) => r.plane === 'data' && String(r.message['type']).startsWith('tool_'))).toEqual(
      [],
    );
    expect(
      await sql(node, `select count(*)::int as n from voice_tool_calls where voice_session_id = ?`, [
        session.voiceSessionId,
      ]),
    ).toEqual([{ n: 2 }]);
  });

  it('answers tool_error with our code for refused calls on an anonymous onboarding chat (onboarding tools only, bad arguments, bad JSON)', async () => {
    const tenant = await createTenant(node);
    await runAgent(tenant, 'onboarder');
    const { chat } = await appOpensChat(tenant, undefined, 'onboarder');
    await attachedTo(chat);
    expect(await evi.toolCall(chat, 'book_session', { trainerId: 1, serviceId: 1, slotId: 'x' })).toMatchObject({
      type: 'tool_error',
      code: 'TOOL_NOT_ALLOWED',
      content: expect.stringContaining('onboarding'),
    });
    expect(await evi.toolCall(chat, 'save_onboarding_profile', { age: 'thirty' })).toMatchObject({
      type: 'tool_error',
      code: 'VALIDATION_ERROR',
      content: expect.stringContaining('arguments.age'),
    });
    expect(await evi.toolCall(chat, 'save_onboarding_profile', '{not json')).toMatchObject({
      type: 'tool_error',
      code: 'INVALID_TOOL_PARAMETERS',
    });
    const saved = await evi.toolCall(chat, 'save_onboarding_profile', { name: 'Ada', fitnessGoal: 'run a 10k' });
    expect(saved['type']).toBe('tool_response');
    expect(JSON.parse(String(saved['content']))).toMatchObject({ name: 'Ada', profile: { fitnessGoal: 'run a 10k' } });
  });

  it('one agent per chat: of two agents of the tenant, exactly one attaches; an agent of another name or another tenant attaches to none', async () => {
    const tenant = await createTenant(node);
    const other = await createTenant(node);
    const user = await createUser(node, tenant);
    const [a, b, wrongName, otherTenant] = [
      await runAgent(tenant),
      await runAgent(tenant),
      await runAgent(tenant, 'onboarder'),
      await runAgent(other),
    ];
    const { chat, session } = await appOpensChat(tenant, user.token);
    await attachedTo(chat);
    await new Promise((r) => setTimeout(r, 300)); // time for a second (wrong) attachment to show
    expect(chat.attached).toHaveLength(1);
    expect(a.attached.size + b.attached.size).toBe(1);
    expect(wrongName.attached.size + otherTenant.attached.size).toBe(0);
    // An agent that connects later (a restart) finds nothing left to claim.
    const late = await runAgent(tenant);
    await new Promise((r) => setTimeout(r, 300));
    expect(late.attached.size).toBe(0);
    expect(
      (await sql(node, `select agent_chat_id from voice_sessions where id = ?`, [session.voiceSessionId]))[0]
        .agent_chat_id,
    ).toBe(chat.chatId);
  });

  it('a chat that started while no agent was connected is claimed when an agent connects', async () => {
    const tenant = await createTenant(node);
    const user = await createUser(node, tenant);
    const { chat } = await appOpensChat(tenant, user.token);
    await evi.waitFor('the chat_started webhook', () => evi.webhookAnswers.length > 0 && chat.chatId);
    expect(chat.attached).toHaveLength(0);
    await runAgent(tenant);
    await attachedTo(chat);
    const logged = await evi.toolCall(chat, 'log_water', { ml: 250 });
    expect(logged, JSON.stringify(logged)).toMatchObject({ type: 'tool_response', plane: 'control' });
    expect(
      await sql(node, `select count(*)::int as n from progress_water where client_id = ? and user_id = ?`, [
        tenant.id,
        user.id,
      ]),
    ).toEqual([{ n: 1 }]);
  });
});

describe('claims on chats are leases (VOICE_AGENT_LEASE_SECONDS)', () => {
  let at: World;
  beforeAll(async () => {
    const leased = await startTestNode({
      ...VOICE_LIVEKIT_ENV,
      HUME_WEBHOOK_SIGNING_KEY: SIGNING_KEY,
      VOICE_AGENT_LEASE_SECONDS: '3',
    });
    const fake = await startEviFake({
      apiKey: HUME_KEY,
      accessToken: APP_TOKEN,
      webhook: { url: `${leased.url}/api/v1/hume/webhook`, signingKey: SIGNING_KEY },
    });
    at = { node: leased, evi: fake };
    cleanups.unshift(
      () => leased.stop('test end'),
      () => fake.close(),
    );
  });

  it('a live agent keeps its chat by renewing; when it dies, the next agent that asks takes the chat over', async () => {
    const tenant = await createTenant(at.node);
    const user = await createUser(at.node, tenant);
    const first = await runAgent(tenant, 'stvos-coach', at);
    const { chat, session } = await appOpensChat(tenant, user.token, 'stvos-coach', at);
    await attachedTo(chat, at.evi);
    const second = await runAgent(tenant, 'stvos-coach', at);
    const holderOf = async () =>
      (await sql(at.node, `select agent_holder from voice_sessions where id = ?`, [session.voiceSessionId]))[0]
        .agent_holder as string;
    const firstHolder = await holderOf();
    await new Promise((r) => setTimeout(r, 7_000)); // over two leases: kept only by renewals
    expect([first.attached.size, second.attached.size]).toEqual([1, 0]);
    expect(await holderOf()).toBe(firstHolder);
    await first.close(); // as a crash: no more renewals
    await at.evi.waitFor('the second agent to take the chat over', () => second.attached.size === 1 || null);
    expect(await holderOf()).not.toBe(firstHolder);
    const logged = await at.evi.toolCall(chat, 'log_water', { ml: 250 });
    expect(logged, JSON.stringify(logged)).toMatchObject({ type: 'tool_response', plane: 'control' });
  });
});
