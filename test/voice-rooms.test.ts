import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenVerifier } from 'livekit-server-sdk';
import type { RunningNode } from '../server/node.ts';
import { ADMIN_TOKEN, startTestNode } from './support/node.ts';
import { client } from './support/http.ts';
import { createTenant } from './support/tenant.ts';
import { createTrainer } from './support/identities.ts';
import { createUser } from './support/realtime.ts';
import { sql } from './personalisation-fixtures.ts';
import { startHumeFake, type HumeFake } from './support/hume-fake.ts';
import { FAKE_LIVEKIT_KEY, FAKE_LIVEKIT_SECRET } from './support/livekit-fake.ts';
import { ANONYMOUS_ROOMS_PER_WINDOW } from '../server/routes/voice/voice.limits.ts';

const LIVEKIT = {
  LIVEKIT_URL: 'https://livekit.test.invalid',
  LIVEKIT_API_KEY: FAKE_LIVEKIT_KEY,
  LIVEKIT_API_SECRET: FAKE_LIVEKIT_SECRET,
};

let hume: HumeFake;
let node: RunningNode; // Hume and LiveKit configured
let bare: RunningNode; // neither configured
beforeAll(async () => {
  hume = await startHumeFake();
  [node, bare] = await Promise.all([
    startTestNode({ ...hume.env, ...LIVEKIT, VOICE_AGENT_NAMES: 'stvos-coach, onboarder' }),
    startTestNode(),
  ]);
});
afterAll(async () => {
  await Promise.all([node.stop('test end'), bare.stop('test end')]);
  await hume.close();
});

const admin = () => client(node.url, { adminToken: ADMIN_TOKEN });
const verifier = new TokenVerifier(FAKE_LIVEKIT_KEY, FAKE_LIVEKIT_SECRET);

async function tenantWithConfigs() {
  const tenant = await createTenant(node);
  const coach = await createTrainer(node, tenant, { name: 'Coach Voice' });
  const other = await createTrainer(node, tenant, { name: 'No Voice' });
  expect((await admin().put('/hume-config', { clientId: tenant.id, configId: 'client-cfg' })).status).toBe(200);
  const set = await admin().put('/hume-config/trainers', {
    clientId: tenant.id,
    trainers: [{ trainerId: coach.id, configId: 'coach-cfg', configVersion: 3 }],
  });
  expect(set.status, JSON.stringify(set.body)).toBe(200);
  expect(set.body.data).toEqual({
    client: { configId: 'client-cfg', version: null },
    trainers: [{ trainerId: coach.id, configId: 'coach-cfg', version: 3 }],
  });
  return { tenant, coachId: coach.id as number, otherId: other.id as number };
}

describe('Hume configs', () => {
  it("answers the coach's config for a user whose coach has one, else the client's, with a minted access token", async () => {
    const { tenant, coachId, otherId } = await tenantWithConfigs();
    const api = client(node.url, { apiKey: tenant.apiKey });
    const anonymous = await api.get('/hume-config');
    expect(anonymous.status, JSON.stringify(anonymous.body)).toBe(200);
    expect(anonymous.body.data).toMatchObject({
      configId: 'client-cfg',
      source: 'client',
      clientConfigId: 'client-cfg',
      voice: { available: true },
    });
    expect(hume.tokens).toContain(anonymous.body.data.voice.accessToken);
    expect(Date.parse(anonymous.body.data.voice.expiresAt) - Date.now()).toBeGreaterThan(20 * 60_000);
    expect(JSON.stringify(anonymous.body)).not.toContain(hume.env.HUME_SECRET_KEY);

    const user = await createUser(node, tenant);
    await sql(node, `update users set coach_id = ? where id = ?`, [coachId, user.id]);
    const withCoach = await api.get('/hume-config', { token: user.token });
    expect(withCoach.body.data).toMatchObject({
      configId: 'coach-cfg',
      configVersion: 3,
      source: 'coach',
      coachTrainerId: coachId,
      clientConfigId: 'client-cfg',
    });
    await sql(node, `update users set coach_id = ? where id = ?`, [otherId, user.id]);
    expect((await api.get('/hume-config', { token: user.token })).body.data).toMatchObject({
      configId: 'client-cfg',
      source: 'client',
    });
  });

  it('without Hume settings the configs still answer and voice says it is unavailable (no token)', async () => {
    const tenant = await createTenant(bare);
    await client(bare.url, { adminToken: ADMIN_TOKEN }).put('/hume-config', { clientId: tenant.id, configId: 'cfg-1' });
    const res = await client(bare.url, { apiKey: tenant.apiKey }).get('/hume-config');
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      configId: 'cfg-1',
      configVersion: null,
      source: 'client',
      coachTrainerId: null,
      clientConfigId: 'cfg-1',
      voice: { available: false, code: 'VOICE_NOT_CONFIGURED', reason: expect.stringContaining('HUME_API_KEY') },
    });
  });

  it('Hume refusing to mint is reported as unavailable voice, configs intact', async () => {
    const { tenant } = await tenantWithConfigs();
    // A fresh node: the other one reuses a minted token for a few minutes.
    const fresh = await startTestNode({ ...hume.env, ...LIVEKIT });
    try {
      hume.failTokens(true);
      const res = await client(fresh.url, { apiKey: tenant.apiKey }).get('/hume-config');
      expect(res.body.data).toMatchObject({
        configId: 'client-cfg',
        voice: { available: false, code: 'HUME_UNAVAILABLE' },
      });
    } finally {
      hume.failTokens(false);
      await fresh.stop('test end');
    }
  });

  it("admin: a trainer of another client is refused and nothing is written; a null config clears a trainer's own", async () => {
    const { tenant, coachId } = await tenantWithConfigs();
    const other = await createTenant(node);
    const foreign = await createTrainer(node, other);
    const refused = await admin().put('/hume-config/trainers', {
      clientId: tenant.id,
      trainers: [
        { trainerId: coachId, configId: 'changed' },
        { trainerId: foreign.id, configId: 'x' },
      ],
    });
    expect(refused.status).toBe(404);
    expect(refused.body.code).toBe('TRAINER_NOT_FOUND');
    expect(
      await sql(node, `select evi_config_id from voice_configs where client_id = ? and trainer_id = ?`, [
        tenant.id,
        coachId,
      ]),
    ).toEqual([{ evi_config_id: 'coach-cfg' }]);
    const cleared = await admin().put('/hume-config/trainers', {
      clientId: tenant.id,
      trainers: [{ trainerId: coachId, configId: null }],
    });
    expect(cleared.body.data.trainers).toEqual([]);
    expect((await admin().put('/hume-config', { clientId: tenant.id, configId: 'bad id!' })).body.code).toBe(
      'VALIDATION_ERROR',
    );
    expect(
      (await client(node.url, { apiKey: tenant.apiKey }).put('/hume-config', { clientId: tenant.id, configId: 'x' }))
        .status,
    ).toBe(401);
  });
});

describe('voice rooms (POST /livekit/token)', () => {
  it('binds a room to the signed-in user: our room name, microphone only, the EVI chat settings; no agent dispatch unless asked', async () => {
    const { tenant } = await tenantWithConfigs();
    const user = await createUser(node, tenant);
    const api = client(node.url, { apiKey: tenant.apiKey, token: user.token });
    const plain = await api.post('/livekit/token', {
      roomName: 'my-room',
      context: 'coaching',
      agentName: 'stvos-coach',
    });
    expect(plain.status, JSON.stringify(plain.body)).toBe(201);
    expect(plain.body.data).toMatchObject({
      dispatched: false,
      configId: 'client-cfg',
      evi: {
        customSessionId: plain.body.data.voiceSessionId,
        allowConnection: true,
        variables: { context: 'coaching' },
      },
    });
    expect((await verifier.verify(plain.body.data.token)).roomConfig?.agents ?? []).toEqual([]);

    const res = await api.post('/livekit/token', {
      roomName: 'my-room',
      context: 'coaching',
      agentName: 'stvos-coach',
      dispatch: true,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const data = res.body.data;
    expect(data.dispatched).toBe(true);
    expect(data.wsUrl).toBe('wss://livekit.test.invalid');
    expect(data.roomName).toBe(`t${tenant.id}-voice-${data.voiceSessionId}`);
    expect(data.roomLabel).toBe('my-room');
    expect(data.onboardingSessionId).toBeNull();

    const claims = await verifier.verify(data.token);
    expect(claims.sub).toBe(`user-${user.id}`);
    expect(claims.video).toMatchObject({
      room: data.roomName,
      roomJoin: true,
      canPublish: true,
      canSubscribe: true,
      canPublishSources: ['microphone'],
    });
    expect(claims.video?.roomAdmin).toBeFalsy();
    expect(claims.video?.roomCreate).toBeFalsy();
    expect(claims.video?.roomList).toBeFalsy();
    const dispatch = (claims.roomConfig as unknown as { agents: Array<{ agentName: string; metadata: string }> })
      .agents;
    expect(dispatch).toHaveLength(1);
    expect(dispatch[0]!.agentName).toBe('stvos-coach');
    expect(JSON.parse(dispatch[0]!.metadata)).toEqual({
      clientId: tenant.id,
      tenant: tenant.slug,
      voiceSessionId: data.voiceSessionId,
      context: 'coaching',
      anonymous: false,
      eviConfigId: 'client-cfg',
      eviConfigVersion: null,
    });

    const [row] = await sql(
      node,
      `select client_id, user_id, onboarding_session_id, agent_name, evi_config_id, ended_at from voice_sessions where id = ?`,
      [data.voiceSessionId],
    );
    expect(row).toEqual({
      client_id: tenant.id,
      user_id: user.id,
      onboarding_session_id: null,
      agent_name: 'stvos-coach',
      evi_config_id: 'client-cfg',
      ended_at: null,
    });
  });

  it('the same label in two tenants (or twice) never gives the same room', async () => {
    const a = await createTenant(node);
    const b = await createTenant(node);
    const body = { roomName: 'shared', context: 'coaching', agentName: 'stvos-coach' };
    const [ra, rb, ra2] = await Promise.all([
      client(node.url, { apiKey: a.apiKey }).post('/livekit/token', body),
      client(node.url, { apiKey: b.apiKey }).post('/livekit/token', body),
      client(node.url, { apiKey: a.apiKey }).post('/livekit/token', body),
    ]);
    const rooms = [ra, rb, ra2].map((r) => r.body.data.roomName as string);
    expect(new Set(rooms).size).toBe(3);
    expect(rooms[0]).toMatch(new RegExp(`^t${a.id}-voice-`));
    expect(rooms[1]).toMatch(new RegExp(`^t${b.id}-voice-`));
    for (const r of [ra, rb]) expect((await verifier.verify(r.body.data.token)).video?.room).toBe(r.body.data.roomName);
  });

  it('without a bearer: an anonymous onboarding room on a server-issued onboarding session, which a later room can continue', async () => {
    const tenant = await createTenant(node);
    const api = client(node.url, { apiKey: tenant.apiKey });
    const first = await api.post('/livekit/token', {
      roomName: 'hello',
      context: 'onboarding',
      agentName: 'onboarder',
      dispatch: true,
    });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const onboardingSessionId = first.body.data.onboardingSessionId as string;
    expect(onboardingSessionId).toMatch(/^onb_[\w-]{24}$/);
    const claims = await verifier.verify(first.body.data.token);
    expect(claims.sub).toBe(`onboarding-${first.body.data.voiceSessionId}`);
    expect(JSON.parse((claims.roomConfig as any).agents[0].metadata)).toMatchObject({
      anonymous: true,
      context: 'onboarding',
    });
    expect(
      await sql(node, `select 1 from onboarding_profiles where client_id = ? and session_id = ?`, [
        tenant.id,
        onboardingSessionId,
      ]),
    ).toHaveLength(1);

    const again = await api.post('/livekit/token', {
      roomName: 'hello',
      context: 'onboarding',
      agentName: 'onboarder',
      onboardingSessionId,
    });
    expect(again.body.data.onboardingSessionId).toBe(onboardingSessionId);
    const unknown = await api.post('/livekit/token', {
      roomName: 'x',
      agentName: 'onboarder',
      onboardingSessionId: 'onb_made-up',
    });
    expect(unknown.status).toBe(404);
    // Another tenant's onboarding session is not found either.
    const other = await createTenant(node);
    expect(
      (
        await client(node.url, { apiKey: other.apiKey }).post('/livekit/token', {
          roomName: 'x',
          agentName: 'stvos-coach',
          onboardingSessionId,
        })
      ).status,
    ).toBe(404);
  });

  it('limits anonymous rooms per caller', async () => {
    const tenant = await createTenant(node);
    const api = client(node.url, { apiKey: tenant.apiKey, headers: { 'X-Forwarded-For': '10.9.8.7' } });
    const answers = [];
    for (let i = 0; i <= ANONYMOUS_ROOMS_PER_WINDOW; i++)
      answers.push((await api.post('/livekit/token', { roomName: 'r', agentName: 'stvos-coach' })).status);
    expect(answers.slice(0, ANONYMOUS_ROOMS_PER_WINDOW).every((s) => s === 201)).toBe(true);
    expect(answers.at(-1)).toBe(429);
    // A signed-in user is not held to the anonymous budget.
    const user = await createUser(node, tenant);
    expect(
      (await api.post('/livekit/token', { roomName: 'r', agentName: 'stvos-coach' }, { token: user.token })).status,
    ).toBe(201);
  });

  it('refuses bad input, a token of another client, a disabled feature, and answers 503 without LiveKit', async () => {
    const tenant = await createTenant(node, { enabledFeatures: ['classes'] });
    const ok = await createTenant(node);
    const api = client(node.url, { apiKey: ok.apiKey });
    const bad = await api.post('/livekit/token', { roomName: 'r', agentName: 'no spaces allowed' });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'agentName' })]);
    expect((await api.post('/livekit/token', { roomName: 'r', agentName: 'stvos-coach', extra: 1 })).status).toBe(400);
    expect(
      (
        await client(node.url, { apiKey: tenant.apiKey }).post('/livekit/token', {
          roomName: 'r',
          agentName: 'stvos-coach',
        })
      ).body.code,
    ).toBe('FEATURE_DISABLED');
    const stranger = await createUser(node, tenant);
    expect(
      (await api.post('/livekit/token', { roomName: 'r', agentName: 'stvos-coach' }, { token: stranger.token })).status,
    ).toBe(401);
    const none = await createTenant(bare);
    const res = await client(bare.url, { apiKey: none.apiKey }).post('/livekit/token', {
      roomName: 'r',
      agentName: 'stvos-coach',
    });
    expect(res.status).toBe(503);
    expect(await sql(bare, `select 1 from voice_sessions where client_id = ?`, [none.id])).toHaveLength(0);
  });

  it('refuses an agent name the server does not run (VOICE_AGENT_NAMES) with 400 UNKNOWN_AGENT, before anything is written', async () => {
    const tenant = await createTenant(node);
    const user = await createUser(node, tenant);
    for (const api of [
      client(node.url, { apiKey: tenant.apiKey }),
      client(node.url, { apiKey: tenant.apiKey, token: user.token }),
    ]) {
      const res = await api.post('/livekit/token', { roomName: 'r', agentName: 'someone-elses-agent' });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        code: 'UNKNOWN_AGENT',
        details: [{ field: 'agentName', message: 'must be one of: stvos-coach, onboarder' }],
      });
    }
    expect(await sql(node, `select 1 from voice_sessions where client_id = ?`, [tenant.id])).toHaveLength(0);
    expect(await sql(node, `select 1 from onboarding_profiles where client_id = ?`, [tenant.id])).toHaveLength(0);
    // The default list is the agent's default name; bad input is 400 even where LiveKit is not configured.
    const none = await createTenant(bare);
    expect(
      (
        await client(bare.url, { apiKey: none.apiKey }).post('/livekit/token', {
          roomName: 'r',
          agentName: 'onboarder',
        })
      ).body.code,
    ).toBe('UNKNOWN_AGENT');
  });
});

describe('/metrics: stvos_voice_sessions_live', () => {
  /** The gauge next to the table's own count; other test files open sessions meanwhile, so a reading counts only when the table did not move around it. */
  async function gaugeMatchesTable() {
    const count = async () =>
      (
        await sql(
          node,
          `select count(*) filter (where user_id is not null)::int as "user", count(*) filter (where user_id is null)::int as onboarding
      from voice_sessions where ended_at is null and expires_at > now()`,
        )
      )[0] as { user: number; onboarding: number };
    for (let attempt = 0; attempt < 20; attempt++) {
      const before = await count();
      const text = await (await fetch(`${node.url}/metrics`)).text();
      const after = await count();
      if (JSON.stringify(before) !== JSON.stringify(after)) continue;
      const gauge = (party: string) =>
        Number(new RegExp(`^stvos_voice_sessions_live\\{party="${party}"\\} (\\d+)$`, 'm').exec(text)?.[1]);
      return { gauge: { user: gauge('user'), onboarding: gauge('onboarding') }, table: after };
    }
    throw new Error('the table kept moving');
  }

  it('counts the live voice sessions by party, and drops a session once it ends', async () => {
    const tenant = await createTenant(node);
    const user = await createUser(node, tenant);
    const opened = [];
    for (const token of [user.token, user.token, undefined]) {
      opened.push(
        (
          await client(node.url, { apiKey: tenant.apiKey, ...(token ? { token } : {}) }).post('/livekit/token', {
            roomName: 'm',
            agentName: 'stvos-coach',
          })
        ).body.data.voiceSessionId as string,
      );
    }
    const live = await gaugeMatchesTable();
    expect(live.gauge).toEqual(live.table);
    expect(live.gauge.user).toBeGreaterThanOrEqual(2);
    expect(live.gauge.onboarding).toBeGreaterThanOrEqual(1);

    await sql(node, `update voice_sessions set ended_at = now(), duration_seconds = 1 where id::text in (?)`, [opened]);
    const after = await gaugeMatchesTable();
    expect(after.gauge).toEqual(after.table);
    expect(
      await sql(node, `select 1 from voice_sessions where id::text in (?) and ended_at is null`, [opened]),
    ).toHaveLength(0);
  });
});
