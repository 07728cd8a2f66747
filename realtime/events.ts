import { z } from 'zod';
import type { Server, Socket, Namespace } from 'socket.io';
import type { Tenant } from '../domain/shared/context.ts';
import type { TokenIdentity } from '../domain/auth/revocations.ts';
import { socketHeartbeatSchema } from '../domain/viewing/heartbeat.schemas.ts';
import type { presentProgress } from '../domain/viewing/viewing-sessions.ts';
import type { PresenceList } from '../domain/live/live-presence.ts';
import { AGENTS_ROOM, type ClaimedChat } from '../domain/voice/agent-chats.ts';

/** Every acknowledgement has this shape; `code` is the same code REST would answer with. */
export type Ack<T> = { ok: true; data: T } | { ok: false; code: string; error: string; details?: unknown };
export type AckFn<T> = (reply: Ack<T>) => void;

/** Who a socket acts for, decided once at the handshake. */
export type SocketIdentity =
  | { kind: 'user'; userId: number; role: 'user' | 'trainer'; trainerId: number | null }
  | { kind: 'partner_staff'; staffId: number; partnerId: number }
  | { kind: 'agent'; agentKeyId: number };

export interface SocketData {
  tenant: Tenant;
  identity: SocketIdentity;
  /** Unix seconds at which the access token of the handshake expires; null for agent keys. */
  expiresAt: number | null;
  /** The sign-in behind the socket (null for agent keys): a revocation of it closes the socket. */
  session: TokenIdentity | null;
}

/**
 * Client → server events: their payload schema and what the ack carries. A handler is registered with
 * `on(socket, event, schema, handler)` (realtime/on-event.ts), which validates and acknowledges.
 */
export const clientEventSchemas = {
  'presence:ping': z
    .object({ note: z.string().max(200).optional() })
    .strict()
    .default({}),
  'session:heartbeat': socketHeartbeatSchema,
  'live:join': z.strictObject({
    classId: z.number().int().positive().max(2_147_483_647),
    presence: z
      .enum(['full', 'delta'])
      .default('full')
      .describe(
        "'delta': follow presence as `live:presence:delta` changes on top of this ack's snapshot; 'full' (default): the whole `live:presence` list after each change",
      ),
  }),
  'live:leave': z.strictObject({ classId: z.number().int().positive().max(2_147_483_647) }),
  'agent:tool': z.strictObject({
    voiceSessionId: z.string().min(1).max(64),
    callId: z
      .string()
      .min(1)
      .max(200)
      .describe("the agent's id for this call (Hume's tool_call_id); a retry reuses it"),
    name: z.string().min(1).max(100),
    arguments: z.record(z.string(), z.unknown()).default({}),
  }),
  'agent:claim': z.strictObject({
    agentName: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/)
      .describe("the agent's VOICE_AGENT_NAME; only sessions opened for it are handed out"),
    holder: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/)
      .optional()
      .describe('who holds the claims: one id per agent process (default: the agent key)'),
    holding: z
      .array(z.uuid())
      .max(500)
      .default([])
      .describe('the voice sessions whose chats this holder is still attached to: their leases are renewed'),
  }),
} as const;

export interface ClientEventResults {
  'presence:ping': { at: string; rooms: string[] };
  'session:heartbeat': ReturnType<typeof presentProgress>;
  'live:join': PresenceList;
  'live:leave': { classId: number; left: boolean };
  'agent:tool': { callId: string; name: string; result: unknown; replayed: boolean };
  'agent:claim': { chats: ClaimedChat[]; renewed: string[]; leaseSeconds: number };
}

export type ClientEventName = keyof typeof clientEventSchemas & keyof ClientEventResults;

export type ClientToServerEvents = {
  [E in ClientEventName]: (payload: unknown, ack?: AckFn<ClientEventResults[E]>) => void;
};

/** What the server emits by itself; domain events (booking:*, live:presence, ...) come through the publisher. */
export interface ServerToClientEvents {
  /** The access token of the handshake expired: refresh it, then reconnect with the new one. */
  'auth:expired': (info: { code: 'TOKEN_EXPIRED'; error: string }) => void;
  /** The session or account was revoked (logout, password change, erasure, suspension): then a server disconnect. */
  'auth:revoked': (info: { code: 'TOKEN_REVOKED' | 'ACCOUNT_SUSPENDED'; error: string }) => void;
  /** Answer to an event sent without an ack callback (or an unknown event) that could not be handled. */
  'event:error': (info: { event: string; code: string; error: string; details?: unknown }) => void;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- no server-to-server events yet
export interface InterServerEvents {}

export type GatewayServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type GatewaySocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type GatewayNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Rooms a socket may be in; the server joins them, a client never names a room it is put in. */
export const room = {
  user: (id: number) => `user:${id}`,
  trainer: (id: number) => `trainer:${id}`,
  partner: (id: number) => `partner:${id}`,
  live: (classId: number) => `live:${classId}`,
  /** Every agent-key socket of the tenant (voice:chat_started notices). */
  agents: () => AGENTS_ROOM,
};

export const NAMESPACE_PREFIX = '/clients/';
/** Same shape as the `clients.slug` check in migrations/0001; anything else is not a tenant namespace. */
export const tenantNamespace = /^\/clients\/[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/;
