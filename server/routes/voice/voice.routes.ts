import { route } from '../../http/route.ts';
import { humeConfigFor } from '../../../domain/voice/hume-config.ts';
import { issueVoiceRoom } from '../../../domain/voice/voice-rooms.ts';
import { setClientVoiceConfig, setTrainerVoiceConfigs } from '../../../domain/voice/voice-configs.ts';
import { adminContext } from '../admin/admin-context.ts';
import { withoutTenantScope } from '../../../domain/shared/scope.ts';
import { syncVoiceTools } from '../../../domain/voice/sync-tools.ts';
import { humeToolSpecs } from '../../../realtime/agent-tools.ts';
import { voiceSessions } from '../../metrics.ts';
import { assertAllowedAgent, consumeAnonymousRoom } from './voice.limits.ts';
import {
  syncToolsBody,
  clientConfigBody,
  humeConfigResult,
  trainerConfigsBody,
  voiceConfigList,
  voiceTokenBody,
  voiceTokenResult,
} from './voice.schemas.ts';

const tag = 'voice';
const feature = 'ai_coach' as const;

/** The voice coach: EVI configs and access tokens for the app, and LiveKit rooms with the agent dispatched. */
export const voiceRoutes = [
  route({
    method: 'get',
    path: '/hume-config',
    tag,
    auth: 'key',
    feature,
    limit: 'token',
    summary: "The EVI config to use (the user's coach's own, else the client's) and a short-lived Hume access token",
    response: humeConfigResult,
    handler: (_input, call) => humeConfigFor(call.ctx, call.services.hume()),
  }),
  route({
    method: 'put',
    path: '/hume-config',
    tag,
    auth: 'admin',
    summary: "Set a client's EVI config id (and optionally a pinned version)",
    body: clientConfigBody,
    response: voiceConfigList,
    handler: async ({ body }, call) => {
      const ctx = await adminContext(call, body.clientId);
      return call.transact(ctx, (tx) =>
        setClientVoiceConfig(tx, { configId: body.configId, version: body.configVersion ?? null }),
      );
    },
  }),
  route({
    method: 'put',
    path: '/hume-config/trainers',
    tag,
    auth: 'admin',
    summary: "Set (or clear, with null) trainers' own EVI config ids; all or nothing",
    body: trainerConfigsBody,
    response: voiceConfigList,
    handler: async ({ body }, call) => {
      const ctx = await adminContext(call, body.clientId);
      return call.transact(ctx, (tx) =>
        setTrainerVoiceConfigs(
          tx,
          body.trainers.map((t) => ({ trainerId: t.trainerId, configId: t.configId, version: t.configVersion })),
        ),
      );
    },
  }),
  route({
    method: 'post',
    path: '/admin/voice/sync-tools',
    tag: 'admin',
    auth: 'admin',
    summary:
      "Create or version the voice agent's tools in Hume from their schemas and attach them to the configured EVI configs (one client's, or all)",
    body: syncToolsBody,
    handler: ({ body }, call) =>
      withoutTenantScope('the sync reads every configured EVI config', call.services.orm.em, (em) =>
        syncVoiceTools(em, call.services.hume(), humeToolSpecs(), 'clientId' in body ? body.clientId : null),
      ),
  }),
  route({
    method: 'post',
    path: '/livekit/token',
    tag,
    auth: 'key',
    feature,
    status: 201,
    limit: 'token',
    summary:
      'A voice room with the agent dispatched: for the signed-in user, or (no bearer) an anonymous onboarding session',
    body: voiceTokenBody,
    response: voiceTokenResult,
    handler: async ({ body }, call) => {
      assertAllowedAgent(call.services.config.voice.agentNames, body.agentName); // bad input is 400 before 'not configured'
      const livekit = call.services.liveKit(); // 503 before anything is written when LiveKit is not configured
      if (call.ctx.actor.kind !== 'user') await consumeAnonymousRoom(call);
      const room = await call.transact(call.ctx, (tx) =>
        issueVoiceRoom(tx, livekit, body, { maxMinutes: call.services.config.voice.sessionMaxMinutes }),
      );
      voiceSessions.inc({ event: 'opened', party: room.onboardingSessionId ? 'onboarding' : 'user' });
      return room;
    },
  }),
];
