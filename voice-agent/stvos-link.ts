import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { AgentConfig } from './config.ts';

export type ToolAck =
  | { ok: true; data: { callId: string; name: string; result: unknown; replayed: boolean } }
  | { ok: false; code: string; error: string; details?: unknown };

/** A chat an app holds that this agent has claimed (domain/voice/agent-chats.ts). */
export interface ClaimedChat {
  voiceSessionId: string;
  chatId: string;
  context: string;
  anonymous: boolean;
  eviConfigId: string | null;
}

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
export function createStvosLink(
  config: Pick<AgentConfig, 'STVOS_URL' | 'VOICE_AGENT_TENANTS' | 'TOOL_CALL_TIMEOUT_MS'>,
) {
  const sockets = new Map<string, Socket>();
  const timers = new Set<NodeJS.Timeout>();
  /** Who holds this process's claims: a new id per process, so a restarted agent does not renew a dead one's. */
  const holder = `agent-${randomUUID()}`;

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
          if (attempt >= attempts)
            return {
              ok: false,
              code: 'TOOL_TIMEOUT',
              error: `sTvOS did not answer in time (${(err as Error).message})`,
            };
        }
      }
    },
    /**
     * Takes on the chats waiting for `agentName` in `tenant`: asks (`agent:claim`) when the socket connects (so
     * chats that started while the agent was away are not lost), whenever sTvOS says one started
     * (`voice:chat_started`), and every third of the lease, naming the sessions it still holds (`holding()`) so
     * their claims are renewed. The server hands each chat to one agent only, whoever else asks at the same time;
     * a held session the server did not renew is no longer this agent's (`onLost`), e.g. after a long disconnect.
     */
    watchChats(
      tenant: string,
      agentName: string,
      handlers: {
        onChats: (chats: ClaimedChat[]) => void;
        holding: () => string[];
        onLost: (voiceSessionIds: string[]) => void;
      },
      log: (msg: string, fields?: Record<string, unknown>) => void = () => {},
    ) {
      const socket = socketFor(tenant);
      let renewTimer: NodeJS.Timeout | undefined;
      const claim = async () => {
        const holding = handlers.holding();
        try {
          const ack = (await socket
            .timeout(config.TOOL_CALL_TIMEOUT_MS)
            .emitWithAck('agent:claim', { agentName, holder, holding })) as
            | { ok: true; data: { chats: ClaimedChat[]; renewed: string[]; leaseSeconds: number } }
            | { ok: false; code: string; error: string };
          if (!ack.ok) return log('claiming voice chats refused', { tenant, code: ack.code, error: ack.error });
          const renewed = new Set(ack.data.renewed);
          const lost = holding.filter((id) => !renewed.has(id));
          if (lost.length) handlers.onLost(lost);
          if (ack.data.chats.length) handlers.onChats(ack.data.chats);
          if (!renewTimer) {
            renewTimer = setInterval(() => void claim(), Math.max(1000, (ack.data.leaseSeconds * 1000) / 3));
            renewTimer.unref();
            timers.add(renewTimer);
          }
        } catch (err) {
          log('claiming voice chats failed', { tenant, err: (err as Error).message }); // the next tick asks again
        }
      };
      socket.on('connect', () => void claim());
      socket.on(
        'voice:chat_started' as never,
        ((notice: { agentName?: unknown }) => {
          if (notice?.agentName === agentName) void claim();
        }) as never,
      );
      socket.on('connect_error', (err) => log('sTvOS refused the agent socket', { tenant, err: err.message }));
      if (socket.connected) void claim();
    },
    close() {
      for (const t of timers) clearInterval(t);
      timers.clear();
      for (const s of sockets.values()) s.close();
      sockets.clear();
    },
  };
}
export type StvosLink = ReturnType<typeof createStvosLink>;
