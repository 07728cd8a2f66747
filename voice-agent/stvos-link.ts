import { io, type Socket } from 'socket.io-client';
import type { AgentConfig } from './config.ts';

export type ToolAck =
  | { ok: true; data: { callId: string; name: string; result: unknown; replayed: boolean } }
  | { ok: false; code: string; error: string; details?: unknown };

export interface ToolCall {
  voiceSessionId: string;
  callId: string;
  name: string;
  arguments: Record<string, unknown>;
}

/**
 * The agent's sockets to sTvOS: one per tenant namespace, opened on first use with that tenant's API key and
 * agent key, kept open (Socket.IO reconnects by itself). A call whose ack does not come in time is sent
 * again with the same callId: the server answers a repeated callId with its first answer, so a retry can
 * never book twice.
 */
export function createStvosLink(config: Pick<AgentConfig, 'STVOS_URL' | 'VOICE_AGENT_TENANTS' | 'TOOL_CALL_TIMEOUT_MS'>) {
  const sockets = new Map<string, Socket>();

  function socketFor(tenant: string): Socket {
    const existing = sockets.get(tenant);
    if (existing) return existing;
    const creds = config.VOICE_AGENT_TENANTS[tenant];
    if (!creds) throw new Error(`This agent has no credentials for tenant "${tenant}"`);
    const socket = io(`${config.STVOS_URL.replace(/\/$/, '')}/clients/${tenant}`, {
      auth: { apiKey: creds.apiKey, agentKey: creds.agentKey },
      transports: ['websocket'],
    });
    sockets.set(tenant, socket);
    return socket;
  }

  return {
    async callTool(tenant: string, call: ToolCall, attempts = 2): Promise<ToolAck> {
      const socket = socketFor(tenant);
      for (let attempt = 1; ; attempt++) {
        try {
          return (await socket.timeout(config.TOOL_CALL_TIMEOUT_MS).emitWithAck('agent:tool', call)) as ToolAck;
        } catch (err) {
          if (attempt >= attempts) return { ok: false, code: 'TOOL_TIMEOUT', error: `sTvOS did not answer in time (${(err as Error).message})` };
        }
      }
    },
    close() {
      for (const s of sockets.values()) s.close();
      sockets.clear();
    },
  };
}
export type StvosLink = ReturnType<typeof createStvosLink>;
