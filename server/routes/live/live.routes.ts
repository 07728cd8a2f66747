import { route, type Call } from '../../http/route.ts';
import {
  endLiveClass,
  joinLiveClass,
  leaveLiveClass,
  loadAttendableClass,
  startLiveClass,
} from '../../../domain/live/live-classes.ts';
import { presenceOf } from '../../../domain/live/live-presence.ts';
import {
  endedSchema,
  joinSchema,
  leaveSchema,
  liveClassParams,
  presenceSchema,
  startedSchema,
} from './live.schemas.ts';

/** Runs the use case in a transaction, then tells the class's room (coalesced) that presence changed. */
async function changing<T>(call: Call, classId: number, fn: Parameters<Call['transact']>[1]): Promise<T> {
  return presenceChanged(call, classId, (await call.transact(call.ctx, fn)) as T);
}

function presenceChanged<T>(call: Call, classId: number, result: T): T {
  call.services.presence.changed(call.ctx.tenant, classId);
  return result;
}

/** Starting and ending call LiveKit between their transactions (domain/live/live-classes.ts), never under a row lock. */
const rooms = (call: Call) => ({ livekit: call.services.liveKit(), publisher: call.services.publisher });

/** Live classes on LiveKit (CONTRACT.md "Live classes"); scheduling is in the admin content API. */
export const liveRoutes = [
  route({
    method: 'post',
    path: '/live/classes/:id/start',
    tag: 'live',
    auth: 'trainer',
    feature: 'live_classes',
    summary: "Start my live class: opens its LiveKit room and answers the host's token",
    // The class's status shows in class pages and discover.
    invalidates: 'discover',
    params: liveClassParams,
    response: startedSchema,
    handler: async ({ params }, call) =>
      presenceChanged(call, params.id, await startLiveClass(call.ctx, rooms(call), params.id)),
  }),
  route({
    method: 'post',
    path: '/live/classes/:id/end',
    tag: 'live',
    auth: 'trainer',
    feature: 'live_classes',
    summary: 'End my live class: records attendance and closes the room',
    // The class's status shows in class pages and discover.
    invalidates: 'discover',
    params: liveClassParams,
    response: endedSchema,
    handler: async ({ params }, call) =>
      presenceChanged(call, params.id, await endLiveClass(call.ctx, rooms(call), params.id)),
  }),
  route({
    method: 'post',
    path: '/live/classes/:id/join',
    tag: 'live',
    auth: 'user',
    limit: 'token',
    feature: 'live_classes',
    summary: 'Take a seat in a started live class: a room-scoped LiveKit token and wsUrl',
    params: liveClassParams,
    response: joinSchema,
    handler: ({ params }, call) =>
      changing(call, params.id, (ctx) => joinLiveClass(ctx, call.services.liveKit(), params.id)),
  }),
  route({
    method: 'post',
    path: '/live/classes/:id/leave',
    tag: 'live',
    auth: 'user',
    feature: 'live_classes',
    summary: 'Leave a live class (frees the seat)',
    params: liveClassParams,
    response: leaveSchema,
    handler: ({ params }, call) => changing(call, params.id, (ctx) => leaveLiveClass(ctx, params.id)),
  }),
  route({
    method: 'get',
    path: '/live/classes/:id/participants',
    tag: 'live',
    auth: 'user',
    feature: 'live_classes',
    summary: 'Who is in the live class now (socket and LiveKit presence, reconciled)',
    params: liveClassParams,
    response: presenceSchema,
    handler: async ({ params }, call) => {
      await loadAttendableClass(call.ctx, params.id);
      return presenceOf(call.ctx, params.id);
    },
  }),
];
