import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenVerifier } from 'livekit-server-sdk';
import type { RunningNode } from '../server/node.ts';
import { startTestNode } from './support/node.ts';
import { createTenant, type TestTenant } from './support/tenant.ts';
import { createUser } from './support/realtime.ts';
import { createBookableTrainer } from './support/marketplace.ts';
import { sql } from './personalisation-fixtures.ts';
import { openVoiceRoom, VOICE_LIVEKIT_ENV } from './support/voice.ts';
import { startEviFake, type EviFake } from './support/evi-fake.ts';
import { issueAgentKey } from '../domain/tenancy/agent-keys.ts';
import { platformEm } from '../server/db/orm.ts';
import { dispatchMetadata } from '../voice-agent/config.ts';
import { createStvosLink, type StvosLink } from '../voice-agent/stvos-link.ts';
import { runVoiceJob, type VoiceJob } from '../voice-agent/voice-job.ts';

const HUME_KEY = 'evi-fake-api-key';

let node: RunningNode;
let evi: EviFake;
const links: StvosLink[] = [];
const jobs: VoiceJob[] = [];
beforeAll(async () => {
  [node, evi] = await Promise.all([startTestNode(VOICE_LIVEKIT_ENV), startEviFake(HUME_KEY)]);
});
afterAll(async () => {
  await Promise.all(jobs.map((j) => j.close()));
  for (const l of links) l.close();
  await evi.close();
  await node.stop('test end');
});

/** What a LiveKit dispatch hands the agent: the metadata inside the room token, decoded with the SDK. */
async function dispatchedJob(tenant: TestTenant, userToken?: string) {
  const room = await openVoiceRoom(node, tenant, userToken);
  const claims = await new TokenVerifier(VOICE_LIVEKIT_ENV.LIVEKIT_API_KEY, VOICE_LIVEKIT_ENV.LIVEKIT_API_SECRET).verify(room.token);
  const meta = dispatchMetadata.parse(JSON.parse((claims.roomConfig as unknown as { agents: Array<{ metadata: string }> }).agents[0]!.metadata));
  const { key } = await issueAgentKey(platformEm(node.services.orm), { clientId: tenant.id, name: 'voice agent' });
  const link = createStvosLink({ STVOS_URL: node.url, VOICE_AGENT_TENANTS: { [tenant.slug]: { apiKey: tenant.apiKey, agentKey: key } }, TOOL_CALL_TIMEOUT_MS: 5000 });
  links.push(link);
  const job = await runVoiceJob(meta, { link, hume: { apiKey: HUME_KEY, baseUrl: evi.url } });
  jobs.push(job);
  return { room, job, chat: await evi.waitForChat() };
}

describe('the voice agent (EVI tool calls → agent:tool on a real node)', () => {
  it('opens the EVI chat on the room config with our voice session id, and books through a tool_call exactly once, also when EVI retries it', async () => {
    const tenant = await createTenant(node);
    await sql(node, `insert into voice_configs (client_id, trainer_id, evi_config_id) values (?, null, 'cfg-evi-1')`, [tenant.id]);
    const coach = await createBookableTrainer(node, tenant);
    const user = await createUser(node, tenant);
    const { room, chat } = await dispatchedJob(tenant, user.token);
    expect(chat.query.get('config_id')).toBe('cfg-evi-1');
    expect(chat.query.get('session_settings[custom_session_id]')).toBe(room.voiceSessionId);
    expect(chat.query.get('session_settings[variables][context]')).toBe('coaching');

    const availability = await evi.toolCall(chat, 'check_coach_availability', {
      trainerId: coach.trainerId, serviceId: coach.serviceId,
      from: new Date(Date.now() + 30 * 3600_000).toISOString(), to: new Date(Date.now() + 40 * 3600_000).toISOString(),
    });
    expect(availability['type'], JSON.stringify(availability)).toBe('tool_response');
    const slotId = JSON.parse(String(availability['content'])).slots[0].id as string;

    const booked = await evi.toolCall(chat, 'book_session', { trainerId: coach.trainerId, serviceId: coach.serviceId, slotId }, 'toolu_book_1');
    expect(booked).toMatchObject({ type: 'tool_response', tool_call_id: 'toolu_book_1', tool_name: 'book_session' });
    const booking = JSON.parse(String(booked['content']));
    expect(booking).toMatchObject({ status: 'confirmed', trainerId: coach.trainerId });

    // EVI sends the same tool call again (a reconnect, a retry): same answer, still one booking.
    const retried = await evi.toolCall(chat, 'book_session', { trainerId: coach.trainerId, serviceId: coach.serviceId, slotId }, 'toolu_book_1');
    expect(JSON.parse(String(retried['content']))).toEqual(booking);
    const rows = await sql(node, `select id, user_id, status from bookings where client_id = ? and trainer_id = ?`, [tenant.id, coach.trainerId]);
    expect(rows).toEqual([{ id: booking.id, user_id: user.id, status: 'confirmed' }]);
  });

  it('answers tool_error with our code for refused calls (bad arguments, onboarding limits, bad JSON)', async () => {
    const tenant = await createTenant(node);
    const { chat } = await dispatchedJob(tenant); // anonymous onboarding room
    const denied = await evi.toolCall(chat, 'book_session', { trainerId: 1, serviceId: 1, slotId: 'x' });
    expect(denied).toMatchObject({ type: 'tool_error', code: 'TOOL_NOT_ALLOWED', content: expect.stringContaining('onboarding') });
    const invalid = await evi.toolCall(chat, 'save_onboarding_profile', { age: 'thirty' });
    expect(invalid).toMatchObject({ type: 'tool_error', code: 'VALIDATION_ERROR', content: expect.stringContaining('arguments.age') });
    const garbled = await evi.toolCall(chat, 'save_onboarding_profile', '{not json');
    expect(garbled).toMatchObject({ type: 'tool_error', code: 'INVALID_TOOL_PARAMETERS' });
    const saved = await evi.toolCall(chat, 'save_onboarding_profile', { name: 'Ada', fitnessGoal: 'run a 10k' });
    expect(saved['type']).toBe('tool_response');
    expect(JSON.parse(String(saved['content']))).toMatchObject({ name: 'Ada', profile: { fitnessGoal: 'run a 10k' } });
  });
});
