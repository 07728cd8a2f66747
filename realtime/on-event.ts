import type { z, ZodType } from 'zod';
import { AppError } from '../domain/shared/errors.ts';
import { fieldErrors, toPublicError } from '../server/http/error-map.ts';
import { socketEvents } from '../server/metrics.ts';
import type { Logger } from '../server/logger.ts';
import {
  clientEventSchemas,
  type Ack,
  type AckFn,
  type ClientEventName,
  type ClientEventResults,
  type GatewaySocket,
} from './events.ts';
import { assertNoNul } from '../server/http/nul-guard.ts';
import { invalidMessage, strictInput } from '../server/http/strict.ts';

/**
 * Whether this socket handles `event`: a client event (clientEventSchemas) with a listener, which only `on`
 * registers. Anything else is answered UNKNOWN_EVENT by `guardEvents`. (Read from the socket's own listeners
 * rather than kept in a set per socket: at 20,000 idle sockets every per-socket object counts.)
 */
function handles(socket: GatewaySocket, event: string): boolean {
  return Object.hasOwn(clientEventSchemas, event) && socket.listenerCount(event as ClientEventName) > 0;
}

/** The trailing ack of an event's arguments, if it has one. */
function ackOf(args: readonly unknown[]): AckFn<unknown> | null {
  const last = args[args.length - 1];
  return typeof last === 'function' ? (last as AckFn<unknown>) : null;
}

/** Answers through the ack; without one, only failures are reported, as an `event:error` emit. */
function reply(socket: GatewaySocket, event: string, ack: AckFn<unknown> | null, answer: Ack<unknown>): void {
  if (ack) ack(answer);
  else if (!answer.ok)
    socket.emit('event:error', { event, code: answer.code, error: answer.error, details: answer.details });
}

function failure(err: unknown): Ack<never> {
  const e = toPublicError(err);
  return { ok: false, code: e.code, error: e.message, ...(e.details === undefined ? {} : { details: e.details }) };
}

/**
 * Runs a handler on a valid payload and answers with its result or its error (module-level, and given the ack
 * itself rather than a reply closure: no closure per event on the heartbeat path).
 */
async function run<I>(
  socket: GatewaySocket,
  event: string,
  handler: (input: I, socket: GatewaySocket) => Promise<unknown>,
  logger: Logger,
  input: I,
  ack: AckFn<unknown> | null,
): Promise<void> {
  try {
    const data = await handler(input, socket);
    socketEvents.inc({ event, outcome: 'ok' });
    reply(socket, event, ack, { ok: true, data });
  } catch (err) {
    fail(socket, event, logger, err, ack);
  }
}

function fail(socket: GatewaySocket, event: string, logger: Logger, err: unknown, ack: AckFn<unknown> | null): void {
  const answer = failure(err);
  if (!answer.ok && answer.code === 'INTERNAL_ERROR')
    logger.error({ err, event, socket: socket.id }, 'socket handler failed');
  socketEvents.inc({ event, outcome: 'error' });
  reply(socket, event, ack, answer);
}

/**
 * Registers a client→server event: the payload is validated like a REST body, the handler runs, and the
 * caller always gets `{ ok: true, data }` or `{ ok: false, code, error }` — a throw never reaches Socket.IO.
 * `accepts`, for a hot event, is a hand-written check that answers true only for payloads the schema accepts as
 * they are and that hold no string (so no NUL check applies): those skip zod. Anything else goes through the
 * schema, so what is refused and how the refusal reads do not change.
 */
export function on<E extends ClientEventName, S extends ZodType>(
  socket: GatewaySocket,
  event: E,
  schema: S,
  handler: (input: z.output<S>, socket: GatewaySocket) => Promise<ClientEventResults[E]>,
  logger: Logger,
  accepts?: (payload: unknown) => payload is z.output<S>,
): void {
  const strict = strictInput(schema);
  // Not async (its promise would go unused): `run` answers every outcome itself.
  const listener = (...args: unknown[]): void => {
    const ack = ackOf(args);
    const payload = typeof args[0] === 'function' ? undefined : args[0];
    if (accepts?.(payload)) return void run(socket, event, handler, logger, payload, ack);
    const parsed = strict.safeParse(payload);
    if (!parsed.success) {
      socketEvents.inc({ event, outcome: 'invalid' });
      const message = invalidMessage(parsed.error, 'payload');
      return reply(
        socket,
        event,
        ack,
        failure(new AppError('validation', 'VALIDATION_ERROR', message, fieldErrors(parsed.error, 'payload'))),
      );
    }
    try {
      assertNoNul(payload, 'payload');
    } catch (err) {
      return fail(socket, event, logger, err, ack);
    }
    void run(socket, event, handler, logger, parsed.data, ack);
  };
  // The typed map cannot express "any handler registered through `on`"; the listener accepts what it is given.
  socket.on(event, listener as never);
}

/**
 * Per-socket token bucket in front of every incoming event (handled or not): `eventsPerSecond` events per
 * second with an equal burst. Over it, or for an unknown event, the caller is answered and the event dropped.
 */
export function guardEvents(socket: GatewaySocket, eventsPerSecond: number): void {
  let tokens = eventsPerSecond;
  let last = Date.now();
  socket.use((packet, next) => {
    const event = packet[0] as string;
    const known = handles(socket, event);
    const now = Date.now();
    tokens = Math.min(eventsPerSecond, tokens + ((now - last) / 1000) * eventsPerSecond);
    last = now;
    if (tokens < 1) {
      socketEvents.inc({ event: known ? event : 'unknown', outcome: 'rate_limited' });
      // The ack is looked for only on a refusal: every event passes through here, thousands a second.
      return reply(socket, String(event), ackOf(packet), {
        ok: false,
        code: 'RATE_LIMITED',
        error: `More than ${eventsPerSecond} events per second`,
      });
    }
    tokens -= 1;
    if (!known) {
      socketEvents.inc({ event: 'unknown', outcome: 'unknown' });
      return reply(socket, String(event), ackOf(packet), {
        ok: false,
        code: 'UNKNOWN_EVENT',
        error: 'This event is not handled',
      });
    }
    next();
  });
}
