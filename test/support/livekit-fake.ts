import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { AccessToken, ParticipantInfo, Room, TokenVerifier, WebhookEvent } from 'livekit-server-sdk';

export const FAKE_LIVEKIT_KEY = 'APIfake0123';
export const FAKE_LIVEKIT_SECRET = 'fake-livekit-secret-0123456789abcdef0123456789';

type Grant = { roomCreate?: boolean; roomList?: boolean; roomAdmin?: boolean; room?: string };

interface FakeRoom {
  sid: string;
  name: string;
  emptyTimeout: number;
  maxParticipants: number;
  metadata: string;
  creationTime: number;
  participants: Map<string, { sid: string; identity: string; name: string; joinedAt: number }>;
}

/** What each RPC needs in the bearer's `video` grant, as LiveKit's server checks it. */
const needs: Record<string, (g: Grant, body: Record<string, unknown>) => boolean> = {
  CreateRoom: (g) => Boolean(g.roomCreate),
  DeleteRoom: (g) => Boolean(g.roomCreate),
  ListRooms: (g) => Boolean(g.roomList),
  ListParticipants: (g, b) => Boolean(g.roomAdmin) && g.room === b['room'],
};

/**
 * A loopback LiveKit room service speaking its Twirp JSON API (`POST /twirp/livekit.RoomService/<Method>`),
 * checking the bearer JWT (issuer = API key, HS256 with the secret, grants per method) the way the server
 * does, so the real `RoomServiceClient` runs in tests. It also signs webhooks exactly like LiveKit.
 */
export async function startLiveKitFake() {
  const rooms = new Map<string, FakeRoom>();
  const calls: Array<{ method: string; body: Record<string, unknown> }> = [];
  const verifier = new TokenVerifier(FAKE_LIVEKIT_KEY, FAKE_LIVEKIT_SECRET);

  const twirpError = (res: ServerResponse, status: number, code: string, msg: string) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ code, msg }));
  };
  const roomJson = (r: FakeRoom) =>
    new Room({
      sid: r.sid,
      name: r.name,
      emptyTimeout: r.emptyTimeout,
      maxParticipants: r.maxParticipants,
      metadata: r.metadata,
      creationTime: BigInt(r.creationTime),
      numParticipants: r.participants.size,
    }).toJson();

  async function handle(req: IncomingMessage, res: ServerResponse, raw: string) {
    const match = /^\/twirp\/livekit\.RoomService\/(\w+)$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) return twirpError(res, 404, 'bad_route', 'no such route');
    const method = match[1]!;
    const body = JSON.parse(raw || '{}') as Record<string, unknown>;
    const auth = req.headers.authorization ?? '';
    let grant: Grant;
    try {
      const claims = await verifier.verify(auth.replace(/^Bearer /, ''));
      grant = (claims['video'] ?? {}) as Grant;
    } catch {
      return twirpError(res, 401, 'unauthenticated', 'invalid token');
    }
    const allowed = needs[method];
    if (!allowed) return twirpError(res, 404, 'bad_route', `unknown method ${method}`);
    if (!allowed(grant, body)) return twirpError(res, 403, 'permission_denied', 'permissions denied');
    calls.push({ method, body });
    const name = String(body['room'] ?? body['name'] ?? '');
    if (method === 'CreateRoom') {
      const existing = rooms.get(name);
      const room = existing ?? {
        sid: `RM_${randomBytes(6).toString('hex')}`,
        name,
        emptyTimeout: Number(body['emptyTimeout'] ?? 0),
        maxParticipants: Number(body['maxParticipants'] ?? 0),
        metadata: String(body['metadata'] ?? ''),
        creationTime: Math.floor(Date.now() / 1000),
        participants: new Map(),
      };
      rooms.set(name, room);
      return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(roomJson(room)));
    }
    if (method === 'DeleteRoom') {
      if (!rooms.delete(name)) return twirpError(res, 404, 'not_found', 'room not found');
      return res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    }
    if (method === 'ListRooms') {
      return res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ rooms: [...rooms.values()].map(roomJson) }));
    }
    const room = rooms.get(name);
    if (!room) return twirpError(res, 404, 'not_found', 'room not found');
    const participants = [...room.participants.values()].map((p) =>
      new ParticipantInfo({ ...p, joinedAt: BigInt(p.joinedAt) }).toJson(),
    );
    return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ participants }));
  }

  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on(
      'end',
      () => void handle(req, res, raw).catch((err: Error) => twirpError(res, 500, 'internal', err.message)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    env: { LIVEKIT_URL: url, LIVEKIT_API_KEY: FAKE_LIVEKIT_KEY, LIVEKIT_API_SECRET: FAKE_LIVEKIT_SECRET },
    rooms,
    calls,
    /** A participant connects to the media server (what a real app does with its join token). */
    connect(room: string, identity: string, name = identity) {
      rooms.get(room)?.participants.set(identity, {
        sid: `PA_${randomBytes(6).toString('hex')}`,
        identity,
        name,
        joinedAt: Math.floor(Date.now() / 1000),
      });
    },
    disconnect(room: string, identity: string) {
      rooms.get(room)?.participants.delete(identity);
    },
    /** A webhook body and its `Authorization` header, signed as LiveKit signs them (sha256 claim of the body). */
    async signedWebhook(
      input: { event: string; room: string; identity?: string; name?: string; id?: string; createdAt?: number },
      secret = FAKE_LIVEKIT_SECRET,
    ) {
      const event = new WebhookEvent({
        id: input.id ?? `EV_${randomBytes(6).toString('hex')}`,
        createdAt: BigInt(input.createdAt ?? Math.floor(Date.now() / 1000)),
        room: new Room({ name: input.room, sid: rooms.get(input.room)?.sid ?? 'RM_unknown' }),
        ...(input.identity
          ? {
              participant: new ParticipantInfo({
                identity: input.identity,
                name: input.name ?? input.identity,
                sid: `PA_${input.identity}`,
              }),
            }
          : {}),
      });
      event.event = input.event as WebhookEvent['event']; // the SDK's subclass resets `event` after the protobuf constructor ran
      const body = event.toJsonString();
      const at = new AccessToken(FAKE_LIVEKIT_KEY, secret, { ttl: '5m' });
      at.sha256 = createHash('sha256').update(body).digest('base64');
      return { body, authorization: await at.toJwt() };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type LiveKitFake = Awaited<ReturnType<typeof startLiveKitFake>>;
