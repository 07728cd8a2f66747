import { route } from '../../http/route.ts';
import {
  completeSession,
  getSession,
  recordHeartbeat,
  startSession,
} from '../../../domain/viewing/viewing-sessions.ts';
import {
  progressBody,
  progressSchema,
  sessionParams,
  sessionSchema,
  startedSessionSchema,
  startSessionBody,
} from './viewing-sessions.schemas.ts';

/** Viewing sessions (CONTRACT.md, content and viewing). Heartbeats also arrive over the socket (`session:heartbeat`). */
export const sessionRoutes = [
  route({
    method: 'post',
    path: '/sessions/start',
    tag: 'viewing',
    auth: 'user',
    feature: 'classes',
    status: 201,
    summary: 'Start watching a class on a device',
    body: startSessionBody,
    response: startedSessionSchema,
    handler: ({ body }, call) => call.transact(call.ctx, (ctx) => startSession(ctx, body)),
  }),
  route({
    method: 'post',
    path: '/sessions/:id/progress',
    tag: 'viewing',
    auth: 'user',
    feature: 'classes',
    summary: 'Progress heartbeat (about every 30 s); completes the session at 90 %',
    params: sessionParams,
    body: progressBody,
    response: progressSchema,
    // The batch writer commits and publishes `session:completed` itself; no request transaction around it.
    handler: ({ params, body }, call) => recordHeartbeat(call.ctx, call.services.heartbeats, params.id, body),
  }),
  route({
    method: 'post',
    path: '/sessions/:id/complete',
    tag: 'viewing',
    auth: 'user',
    feature: 'classes',
    summary: 'Complete a viewing session by hand (idempotent)',
    params: sessionParams,
    response: sessionSchema,
    handler: ({ params }, call) => call.transact(call.ctx, (ctx) => completeSession(ctx, params.id)),
  }),
  route({
    method: 'get',
    path: '/sessions/:id',
    tag: 'viewing',
    auth: 'user',
    feature: 'classes',
    summary: 'One of my viewing sessions',
    params: sessionParams,
    response: sessionSchema,
    handler: ({ params }, call) => getSession(call.ctx, params.id),
  }),
];
