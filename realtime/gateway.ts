import type { Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Server } from 'socket.io';
import { AppError } from '../domain/shared/errors.ts';
import { toPublicError } from '../server/http/error-map.ts';
import { socketsConnected } from '../server/metrics.ts';
import { deadlineIn } from '../server/shutdown.ts';
import type { Services } from '../server/services.ts';
import type { EmitTarget } from './publisher.ts';
import { NAMESPACE_PREFIX, type GatewayServer, type GatewaySocket } from './events.ts';
import { authenticateHandshake, handshakeTenant } from './handshake.ts';
import { guardEvents } from './on-event.ts';
import { registerPresenceHandlers } from './presence.handlers.ts';
import { registerSessionHandlers } from './viewing-sessions.handlers.ts';
import { registerLiveHandlers } from './live.handlers.ts';
import { registerAgentHandlers } from './agent.handlers.ts';
import { replayMissedEvents } from './booking-replay.ts';
import { createRedisFanOut, type RedisFanOut } from './redis-adapter.ts';
import { createTenantNamespaces } from './tenant-namespaces.ts';
import { createTokenExpiry } from './token-expiry.ts';
import { createAccountSockets } from './account-sockets.ts';
import { createSocketCap } from './socket-cap.ts';

export interface Gateway extends EmitTarget {
  io: GatewayServer;
  /** The Redis adapters' connections and what they hold (null without REDIS_URL). */
  fanOut: RedisFanOut | null;
  /**
   * Closes every connection's transport (clients reconnect, through the balancer, to another node), releases the
   * adapters, then waits for the connections to finish closing until `terminateAt` (epoch ms) and destroys the rest:
   * a client that never answers the websocket close frame does not hold the node for `ws`'s 30 s close timeout.
   */
  close(terminateAt: number): Promise<void>;
}

type EngineConnection = GatewaySocket['conn'];

/** Sockets disconnected per event-loop turn while shutting down, so a node with 50k sockets stays responsive. */
const SHUTDOWN_BATCH = 500;

/** A refusal the client sees as `connect_error` with `err.data = { code, message }`. */
function connectError(err: unknown): Error & { data: { code: string; message: string } } {
  const e = toPublicError(err);
  return Object.assign(new Error(e.message), { data: { code: e.code, message: e.message } });
}

/**
 * Socket.IO on the node's HTTP server: one namespace per tenant (`/clients/<slug>`), created when its first
 * socket connects; handshake auth decides identity and rooms; every client event goes through `on`.
 */
export async function attachGateway(http: HttpServer, services: Services): Promise<Gateway> {
  const { config, logger } = services;
  const io: GatewayServer = new Server(http, {
    path: '/socket.io',
    serveClient: false,
    maxHttpBufferSize: config.socket.maxPayloadBytes,
    cleanupEmptyChildNamespaces: true,
  });
  const fanOut = config.redisUrl ? createRedisFanOut(services, config.redisUrl) : null;
  if (fanOut) io.adapter(fanOut.adapter);
  const tenants = createTenantNamespaces(io);
  const accounts = createAccountSockets(services.revocations);
  const sockets = createSocketCap(config.socketsPerAccount, services.redis, logger);
  const expiry = createTokenExpiry();
  let closing = false;
  // The TCP sockets upgraded to websockets: the HTTP server forgets those at the upgrade, so
  // `closeAllConnections` cannot end them. (The Engine.IO connections are the engine's own `clients`.)
  const upgraded = new Set<Duplex>();
  function forgetUpgraded(this: Duplex): void {
    upgraded.delete(this);
  }
  // The upgrade request (headers, raw headers, query, stream state: ~1.2 KB with a bare client, more with a
  // browser's headers) stays referenced for the connection's whole life from two places; nothing here reads it
  // after the handshake (identity comes from `handshake.auth`, the address from the connection), so both go:
  // - Engine.IO's `conn.request`, kept for middleware such as express-session: dropped as Socket.IO's "Memory
  //   usage" guide suggests (`socket.handshake.headers` is then `{}`);
  // - Engine.IO's stand-in response for the upgrade (the `res` of engine middlewares, which we do not use) holds
  //   the request and listens for the TCP socket's `close` to re-emit it: its listener is the first `close`
  //   listener Engine.IO's upgrade handler adds (it builds that response before handing the socket to ws).
  let closeListenersBefore = 0;
  http.prependListener('upgrade', (_req, socket: Duplex) => {
    closeListenersBefore = socket.listenerCount('close');
  });
  http.on('upgrade', (_req, socket: Duplex) => {
    const first = socket.rawListeners('close')[closeListenersBefore] as (() => void) & { listener?: () => void };
    // An anonymous arrow (ws's own listener is `socketOnClose`); another Engine.IO version would simply keep it.
    if (first && (first.listener ?? first).name === '') socket.removeListener('close', first);
    upgraded.add(socket);
    socket.on('close', forgetUpgraded);
  });
  io.engine.on('connection', (conn: EngineConnection) => {
    (conn as { request: unknown }).request = null;
  });

  // A client that forgets the tenant namespace gets a refusal that says so, not a silent socket and timeouts.
  io.of('/').use((_socket, next) => {
    next(
      connectError(
        new AppError(
          'not_found',
          'NAMESPACE_REQUIRED',
          `Connect to your tenant's namespace, ${NAMESPACE_PREFIX}<client-slug> (e.g. io('https://host${NAMESPACE_PREFIX}acme', { auth }))`,
        ),
      ),
    );
  });

  tenants.parent.use(async (socket, next) => {
    let account: string | undefined;
    let acquired = false;
    try {
      if (closing || services.draining.value)
        throw new AppError('unavailable', 'SHUTTING_DOWN', 'This node is shutting down; reconnect');
      const tenant = await handshakeTenant(services, socket.nsp.name);
      const { data, rooms } = await authenticateHandshake(services, tenant, socket.handshake.auth);
      socket.data = data;
      account = data.session?.account;
      if (account) {
        if (!(acquired = await sockets.acquire(account, socket.id))) {
          throw new AppError(
            'rate_limited',
            'TOO_MANY_SOCKETS',
            `This account already has ${config.socketsPerAccount} open sockets; close one first`,
          );
        }
      }
      // Joined before `connection`, so an event published the moment the client sees `connect` reaches it.
      await socket.join(rooms);
      // The place is released on disconnect (`onDisconnect`). A connection that dropped during the awaits above
      // gets neither `connection` nor `disconnect` (Socket.IO drops the socket after the middleware): its place is
      // given back here. Nothing can close it between this check and `connection` (no I/O callback runs between).
      if (socket.conn.readyState !== 'open') throw new Error('connection closed during the handshake');
      next();
    } catch (err) {
      if (acquired) sockets.release(account!, socket.id);
      const refusal = connectError(err);
      if (refusal.data.code === 'INTERNAL_ERROR' && socket.conn.readyState === 'open')
        logger.error({ err, nsp: socket.nsp.name }, 'socket handshake failed');
      next(refusal);
    }
  });

  // One function for every socket (`this` is the socket), rather than closures per socket.
  function onDisconnect(this: GatewaySocket): void {
    const account = this.data.session?.account;
    if (account) sockets.release(account, this.id);
    accounts.remove(this);
    expiry.unwatch(this);
    socketsConnected.dec();
  }

  tenants.parent.on('connection', (socket: GatewaySocket) => {
    socketsConnected.inc();
    socket.on('disconnect', onDisconnect);
    accounts.add(socket); // closes the socket at once if its session was revoked since the handshake
    if (!socket.connected) return;
    expiry.watch(socket);
    // A voice agent's one socket carries the tool calls of many voice sessions (each limited on its own).
    guardEvents(
      socket,
      socket.data.identity.kind === 'agent' ? config.voice.agentEventsPerSecond : config.socket.eventsPerSecond,
    );
    registerPresenceHandlers(socket, logger);
    registerSessionHandlers(socket, services);
    registerLiveHandlers(socket, services);
    registerAgentHandlers(socket, services);
    replayMissedEvents(socket, services, logger);
    // The credentials were read at the handshake and the replay has taken `lastEventId`: the socket keeps no token.
    socket.handshake.auth = {};
  });

  return {
    io,
    fanOut,
    emitToRooms(slug, rooms, event, payload, except) {
      if (!rooms.length) return;
      const name = tenants.nameOf(slug);
      const local = tenants.existing(name);
      // Without Redis and without a local namespace nobody can be listening; with Redis the namespace's
      // adapter carries the event to the nodes that have sockets there, then goes away again.
      const nsp = local ?? (fanOut ? tenants.create(name) : null);
      if (!nsp) return;
      // Domain events are not in the typed map: their names and payloads belong to each area.
      const target = except?.length ? nsp.to([...rooms]).except([...except]) : nsp.to([...rooms]);
      (target as unknown as { emit(e: string, p: unknown): void }).emit(event, payload);
      if (!local) tenants.dropIfIdle(nsp);
    },
    async close(terminateAt) {
      sockets.close();
      expiry.close();
      closing = true;
      const all = Object.values((io.engine as unknown as { clients: Record<string, EngineConnection> }).clients);
      // Closing the transport (not a Socket.IO "server disconnect") lets clients reconnect, to another node.
      for (let i = 0; i < all.length; i += SHUTDOWN_BATCH) {
        for (const conn of all.slice(i, i + SHUTDOWN_BATCH)) conn.close();
        await nextTurn();
      }
      // Adapters (Redis subscriptions and listeners) of every namespace, then the engine (drops what is still open).
      await Promise.allSettled([...io._nsps.values()].map(async (nsp) => nsp.adapter.close()));
      io.engine.close();
      await fanOut?.close();
      // A well-behaved client answers the close frame at once; whoever has not by the deadline is cut off.
      const closed = [...upgraded].map((s) => new Promise((resolve) => s.once('close', resolve)));
      await deadlineIn(0).race(Promise.all(closed), terminateAt);
      const terminated = upgraded.size;
      for (const s of upgraded) s.destroy();
      logger.info({ sockets: all.length, terminated }, 'sockets closed');
    },
  };
}
