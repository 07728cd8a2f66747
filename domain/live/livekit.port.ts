/**
 * What sTvOS needs from LiveKit, and nothing more: rooms, room-scoped join tokens and signed webhooks.
 * Live classes and the trainer marketplace's 1-on-1 launches both go through this port; the one adapter
 * (`livekit.adapter.ts`) uses livekit-server-sdk, and tests point it at a loopback fake of the Twirp API.
 */
export interface LiveKitRoom {
  name: string;
  sid: string;
  maxParticipants: number;
  numParticipants: number;
}

export interface LiveKitParticipant {
  identity: string;
  name: string;
  sid: string;
  /** Unix seconds; 0 when LiveKit did not say. */
  joinedAt: number;
}

export interface CreateRoomInput {
  name: string;
  /** Seconds an empty room stays open before LiveKit closes it. */
  emptyTimeoutSeconds?: number;
  /** 0 = no limit. */
  maxParticipants?: number;
  metadata?: string;
}

export interface JoinTokenInput {
  room: string;
  identity: string;
  name: string;
  ttlSeconds: number;
  canPublish: boolean;
  canSubscribe?: boolean;
  /** Trainers host: they may moderate the room (mute, remove). */
  roomAdmin?: boolean;
  metadata?: string;
  /** Only these sources may be published (e.g. ['microphone'] for a voice room); default: any. */
  publishSources?: Array<'microphone' | 'camera' | 'screen_share' | 'screen_share_audio'>;
  /** An agent LiveKit dispatches to the room when this participant joins (token room configuration). */
  dispatchAgent?: { agentName: string; metadata: string };
}

export interface JoinToken {
  token: string;
  wsUrl: string;
  expiresAt: Date;
}

export type LiveKitWebhookKind =
  | 'room_started'
  | 'room_finished'
  | 'participant_joined'
  | 'participant_left'
  | 'participant_connection_aborted'
  | 'track_published'
  | 'track_unpublished'
  | 'egress_started'
  | 'egress_updated'
  | 'egress_ended'
  | 'ingress_started'
  | 'ingress_ended'
  | (string & {});

/** A verified webhook, reduced to what presence reconciliation reads. */
export interface LiveKitWebhook {
  /** LiveKit's event id: the same event delivered twice carries the same id. */
  id: string;
  event: LiveKitWebhookKind;
  /** Unix seconds at which LiveKit created the event: orders deliveries that arrive out of order. */
  createdAt: number;
  room: string | null;
  participant: { identity: string; name: string; sid: string } | null;
}

export interface LiveKitPort {
  /** The URL apps connect to (`wss://...`), handed out with every join token. */
  readonly wsUrl: string;
  createRoom(input: CreateRoomInput): Promise<LiveKitRoom>;
  /** Closing a room that is already gone is not an error. */
  deleteRoom(name: string): Promise<void>;
  listParticipants(room: string): Promise<LiveKitParticipant[]>;
  /** Signed locally with the API secret; needs no round trip to LiveKit. */
  joinToken(input: JoinTokenInput): Promise<JoinToken>;
  /** Verifies the `Authorization` JWT and the body's sha256 in it; throws INVALID_WEBHOOK_SIGNATURE. */
  receiveWebhook(rawBody: string, authorization: string | undefined): Promise<LiveKitWebhook>;
}
