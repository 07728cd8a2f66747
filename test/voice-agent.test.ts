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

describe('the voice agent as a LiveKit agent worker', () => {
  it('registers its agent name on the agent endpoint with an agent-grant token, accepts a dispatched job and reports it done', async () => {
    const { createServer } = await import('node:http');
    const { WebSocketServer } = await import('ws');
    const { AvailabilityRequest, Job, JobAssignment, JobStatus, RegisterWorkerResponse, Room, ServerMessage, WorkerMessage } = await import('@livekit/protocol');
    const { startLiveKitWorker } = await import('../voice-agent/livekit-worker.ts');
    const verifier = new TokenVerifier(VOICE_LIVEKIT_ENV.LIVEKIT_API_KEY, VOICE_LIVEKIT_ENV.LIVEKIT_API_SECRET);
    const received: InstanceType<typeof WorkerMessage>[] = [];
    let grant: unknown = null;
    const http = createServer();
    const wss = new WebSocketServer({ noServer: true });
    http.on('upgrade', (req, socket, head) => {
      void verifier.verify(String(req.headers.authorization).replace(/^Bearer /, '')).then((claims) => {
        grant = claims.video;
        wss.handleUpgrade(req, socket, head, (ws) => {
          ws.on('message', (data: Buffer) => {
            const msg = WorkerMessage.fromBinary(new Uint8Array(data));
            received.push(msg);
            const job = new Job({ id: 'AJ_1', room: new Room({ name: 't1-voice-x' }), metadata: '{"voiceSessionId":"x"}', agentName: 'stvos-coach' });
            if (msg.message.case === 'register') {
              ws.send(new ServerMessage({ message: { case: 'register', value: new RegisterWorkerResponse({ workerId: 'AW_1' }) } }).toBinary());
              ws.send(new ServerMessage({ message: { case: 'availability', value: new AvailabilityRequest({ job }) } }).toBinary());
            } else if (msg.message.case === 'availability') {
              ws.send(new ServerMessage({ message: { case: 'assignment', value: new JobAssignment({ job, token: 'room-token' }) } }).toBinary());
            }
          });
        });
      }, () => socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n'));
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const jobs: Array<{ id: string; room: string; metadata: string; token: string }> = [];
    const worker = startLiveKitWorker({
      url: `http://127.0.0.1:${(http.address() as { port: number }).port}`, apiKey: VOICE_LIVEKIT_ENV.LIVEKIT_API_KEY, apiSecret: VOICE_LIVEKIT_ENV.LIVEKIT_API_SECRET,
      agentName: 'stvos-coach', onJob: async (job) => void jobs.push(job),
    });
    try {
      await worker.ready;
      const start = Date.now();
      while (!received.some((m) => m.message.case === 'updateJob') && Date.now() - start < 5000) await new Promise((r) => setTimeout(r, 20));
      expect(grant).toMatchObject({ agent: true });
      const register = received.find((m) => m.message.case === 'register')!.message.value as { agentName: string };
      expect(register.agentName).toBe('stvos-coach');
      expect(received.find((m) => m.message.case === 'availability')!.message.value).toMatchObject({ jobId: 'AJ_1', available: true });
      expect(jobs).toEqual([{ id: 'AJ_1', room: 't1-voice-x', metadata: '{"voiceSessionId":"x"}', token: 'room-token', url: expect.any(String) }]);
      expect(received.find((m) => m.message.case === 'updateJob')!.message.value).toMatchObject({ jobId: 'AJ_1', status: JobStatus.JS_SUCCESS });
    } finally {
      worker.close();
      wss.close();
      http.close();
    }
  });
});
