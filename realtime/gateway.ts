import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { Services } from '../server/services.ts';
import type { EmitTarget } from './publisher.ts';

export interface Gateway extends EmitTarget {
  io: Server;
  close(): Promise<void>;
}

// First cut: the namespace-per-tenant gateway with handshake auth replaces this (issue 2, realtime part).
export async function attachGateway(http: HttpServer, services: Services): Promise<Gateway> {
  const io = new Server(http, { path: '/socket.io', maxHttpBufferSize: services.config.socket.maxPayloadBytes });
  return {
    io,
    emitToRooms(slug, rooms, event, payload) {
      io.of(`/clients/${slug}`).to([...rooms]).emit(event, payload);
    },
    async close() {
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
