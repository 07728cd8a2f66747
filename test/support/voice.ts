import type { Socket } from 'socket.io-client';
import type { RunningNode } from '../../server/node.ts';
import { issueAgentKey } from '../../domain/tenancy/agent-keys.ts';
import { platformEm } from '../../server/db/orm.ts';
import { client } from './http.ts';
import { connectSocket } from './realtime.ts';
import type { TestTenant } from './tenant.ts';

/** LiveKit settings for signing voice-room tokens (no LiveKit server is needed to sign). */
export const VOICE_LIVEKIT_ENV = {
  LIVEKIT_URL: 'https://livekit.test.invalid',
  LIVEKIT_API_KEY: 'APIfake0123',
  LIVEKIT_API_SECRET: 'fake-livekit-secret-0123456789abcdef0123456789',
};

/** A voice session as the app gets one: POST /livekit/token (with the user's bearer, or anonymous). */
export async function openVoiceRoom(node: RunningNode, tenant: TestTenant, userToken?: string, context = 'coaching') {
  const res = await client(node.url, { apiKey: tenant.apiKey, ...(userToken ? { token: userToken } : {}) }).post(
    '/livekit/token',
    { roomName: 'voice', context, agentName: 'stvos-coach' },
  );
  if (res.status !== 201) throw new Error(`voice room refused: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data as {
    voiceSessionId: string;
    roomName: string;
    onboardingSessionId: string | null;
    token: string;
  };
}

/** The agent's socket: the tenant namespace with the client key and an agent key of that client. */
export async function connectAgent(
  node: RunningNode,
  tenant: TestTenant,
): Promise<{ socket: Socket; agentKey: string }> {
  const { key } = await issueAgentKey(platformEm(node.services.orm), { clientId: tenant.id, name: 'voice agent' });
  return {
    socket: await connectSocket(node.url, tenant.slug, { apiKey: tenant.apiKey, agentKey: key }),
    agentKey: key,
  };
}

export type ToolAck =
  | { ok: true; data: { callId: string; name: string; result: any; replayed: boolean } }
  | { ok: false; code: string; error: string; details?: any };

export function callTool(
  socket: Socket,
  payload: { voiceSessionId: string; callId: string; name: string; arguments?: Record<string, unknown> },
): Promise<ToolAck> {
  return socket.timeout(10_000).emitWithAck('agent:tool', payload) as Promise<ToolAck>;
}
