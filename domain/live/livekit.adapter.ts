import {
  AccessToken,
  RoomAgentDispatch,
  RoomConfiguration,
  RoomServiceClient,
  TrackSource,
  TwirpError,
  WebhookReceiver,
} from 'livekit-server-sdk';
import { AppError } from '../shared/errors.ts';
import type {
  CreateRoomInput,
  JoinToken,
  JoinTokenInput,
  LiveKitParticipant,
  LiveKitPort,
  LiveKitRoom,
  LiveKitWebhook,
} from './livekit.port.ts';

export interface LiveKitSettings {
  url: string | undefined;
  apiKey: string | undefined;
  apiSecret: string | undefined;
}

/** Requests to LiveKit's API give up after this many seconds; a request path should not hang on a vendor. */
const REQUEST_TIMEOUT_SECONDS = 5;

function unavailable(err: unknown): AppError {
  const detail = err instanceof TwirpError ? `${err.status} ${err.code ?? ''} ${err.message}` : (err as Error)?.message;
  return new AppError('unavailable', 'LIVEKIT_UNAVAILABLE', 'The live video service did not answer as expected', {
    reason: detail,
  });
}

const trackSources = {
  microphone: TrackSource.MICROPHONE,
  camera: TrackSource.CAMERA,
  screen_share: TrackSource.SCREEN_SHARE,
  screen_share_audio: TrackSource.SCREEN_SHARE_AUDIO,
} as const;

const toWs = (url: string) => url.replace(/^http(s?):\/\//, 'ws$1://');
const toHttp = (url: string) => url.replace(/^ws(s?):\/\//, 'http$1://');

/** The one LiveKit adapter: `RoomServiceClient` for rooms, `AccessToken` for joins, `WebhookReceiver` for webhooks. */
export function createLiveKitAdapter(settings: Required<{ [K in keyof LiveKitSettings]: string }>): LiveKitPort {
  const { apiKey, apiSecret } = settings;
  // failover is for LiveKit Cloud regions; a self-hosted server (or the test fake) has one address.
  const rooms = new RoomServiceClient(toHttp(settings.url), apiKey, apiSecret, {
    requestTimeout: REQUEST_TIMEOUT_SECONDS,
    failover: false,
  });
  const webhooks = new WebhookReceiver(apiKey, apiSecret);
  const wsUrl = toWs(settings.url);

  return {
    wsUrl,
    async createRoom(input: CreateRoomInput): Promise<LiveKitRoom> {
      try {
        const room = await rooms.createRoom({
          name: input.name,
          emptyTimeout: input.emptyTimeoutSeconds ?? 300,
          maxParticipants: input.maxParticipants ?? 0,
          metadata: input.metadata ?? '',
        });
        return {
          name: room.name,
          sid: room.sid,
          maxParticipants: room.maxParticipants,
          numParticipants: room.numParticipants,
        };
      } catch (err) {
        throw unavailable(err);
      }
    },
    async deleteRoom(name: string): Promise<void> {
      try {
        await rooms.deleteRoom(name);
      } catch (err) {
        if (err instanceof TwirpError && err.status === 404) return;
        throw unavailable(err);
      }
    },
    async listParticipants(room: string): Promise<LiveKitParticipant[]> {
      try {
        const list = await rooms.listParticipants(room);
        return list.map((p) => ({ identity: p.identity, name: p.name, sid: p.sid, joinedAt: Number(p.joinedAt) }));
      } catch (err) {
        if (err instanceof TwirpError && err.status === 404) return [];
        throw unavailable(err);
      }
    },
    async joinToken(input: JoinTokenInput): Promise<JoinToken> {
      const at = new AccessToken(apiKey, apiSecret, {
        identity: input.identity,
        name: input.name,
        ttl: input.ttlSeconds,
        metadata: input.metadata,
      });
      at.addGrant({
        room: input.room,
        roomJoin: true,
        canPublish: input.canPublish,
        canSubscribe: input.canSubscribe ?? true,
        canPublishData: true,
        roomAdmin: input.roomAdmin ?? false,
        ...(input.publishSources ? { canPublishSources: input.publishSources.map((s) => trackSources[s]) } : {}),
      });
      if (input.dispatchAgent) {
        at.roomConfig = new RoomConfiguration({
          agents: [
            new RoomAgentDispatch({ agentName: input.dispatchAgent.agentName, metadata: input.dispatchAgent.metadata }),
          ],
        });
      }
      const token = await at.toJwt();
      return { token, wsUrl, expiresAt: new Date(Date.now() + input.ttlSeconds * 1000) };
    },
    async receiveWebhook(rawBody: string, authorization: string | undefined): Promise<LiveKitWebhook> {
      let event;
      try {
        event = await webhooks.receive(rawBody, authorization);
      } catch {
        throw new AppError(
          'unauthenticated',
          'INVALID_WEBHOOK_SIGNATURE',
          'The webhook signature does not match its body',
        );
      }
      return {
        id: event.id,
        event: event.event,
        createdAt: Number(event.createdAt),
        room: event.room?.name || null,
        participant: event.participant
          ? { identity: event.participant.identity, name: event.participant.name, sid: event.participant.sid }
          : null,
      };
    },
  };
}

/**
 * The adapter for these settings; the node builds one with its services (server/node-parts.ts). Without LiveKit
 * settings the live routes answer 503 LIVEKIT_NOT_CONFIGURED instead of pretending.
 */
export function liveKitOf(settings: LiveKitSettings): LiveKitPort {
  const { url, apiKey, apiSecret } = settings;
  if (!url || !apiKey || !apiSecret) {
    throw new AppError(
      'unavailable',
      'LIVEKIT_NOT_CONFIGURED',
      'Live video is not configured on this server (LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET)',
    );
  }
  return createLiveKitAdapter({ url, apiKey, apiSecret });
}
