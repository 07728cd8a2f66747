import type { ZodType } from 'zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Ctx } from '../shared/context.ts';
import { requireFeature } from '../shared/context.ts';
import { AppError, type ErrorKind } from '../shared/errors.ts';
import type { Publisher } from '../shared/events.ts';
import { runUseCase } from '../shared/use-case.ts';
import type { Feature } from '../tenancy/client.entity.ts';
import { loadLiveVoiceSession, voiceSessionNotFound, type VoiceSession } from './voice-sessions.ts';

/** What the runner needs of a tool (the catalogue is an edge: realtime/agent-tools.ts). */
export interface RunnableTool {
  name: string;
  audience: 'user' | 'onboarding';
  feature?: Feature;
  args: ZodType;
  run(ctx: Ctx, args: unknown, session: VoiceSession): Promise<unknown>;
}

export interface ToolCallInput {
  voiceSessionId: string;
  callId: string;
  name: string;
  arguments: Record<string, unknown>;
}

/** The first answer to a call, as stored and as replayed. */
export type ToolAnswer =
  { ok: true; result: unknown } | { ok: false; kind: ErrorKind; code: string; message: string; details?: unknown };

export interface ToolCallOutcome {
  answer: ToolAnswer;
  replayed: boolean;
  session: VoiceSession | null;
  latencyMs: number;
}

interface Deps {
  tools: ReadonlyMap<string, RunnableTool>;
  /** Per voice session; throws RATE_LIMITED. */
  consumeBudget(voiceSessionId: string): Promise<void>;
  fieldErrors(error: import('zod').ZodError): unknown;
  /** Receives the events of a committed call. */
  publisher: Publisher;
}

const SECRET_KEYS = /pass(word)?|secret|token|api.?key|authorization|card|cvv/i;

/** The arguments as audited: keys that look like secrets are replaced, long strings cut. */
export function auditArguments(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[…]';
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => auditArguments(v, depth + 1));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .slice(0, 50)
        .map(([k, v]) => [k, SECRET_KEYS.test(k) ? '[redacted]' : auditArguments(v, depth + 1)]),
    );
  }
  return typeof value === 'string' && value.length > 500 ? `${value.slice(0, 500)}…` : value;
}

const toAnswer = (err: unknown): ToolAnswer | null =>
  err instanceof AppError
    ? {
        ok: false,
        kind: err.kind,
        code: err.code,
        message: err.message,
        ...(err.details === undefined ? {} : { details: err.details }),
      }
    : null;

async function storedAnswer(
  em: EntityManager,
  clientId: number,
  voiceSessionId: string,
  callId: string,
): Promise<ToolAnswer | null> {
  const rows: Array<{ answer: ToolAnswer | string }> = await em.execute(
    `select answer from voice_tool_calls where client_id = ? and voice_session_id = ?::uuid and call_id = ?`,
    [clientId, voiceSessionId, callId],
  );
  if (!rows[0]) return null;
  return typeof rows[0].answer === 'string' ? (JSON.parse(rows[0].answer) as ToolAnswer) : rows[0].answer;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One tool call of the voice agent, at most once per (voice session, callId):
 * 1. the session must be this tenant's and live; the party's rights are the session's (its user, or its
 *    anonymous onboarding session, which only reaches the onboarding tools);
 * 2. a call id already answered gets that first answer back (a booking is never made twice), also once the
 *    session has ended;
 * 3. the call runs in one transaction that also inserts its audit row, keyed by the call id: a concurrent retry
 *    waits on that key and then reads the committed answer. A refused call is stored the same way, after the
 *    rollback, so nothing of it is half-written and its retry gets the same refusal.
 * `base` is the agent's tenant context (actor: the agent); the tool runs with the party as the actor.
 */
export async function runToolCall(base: Ctx, input: ToolCallInput, deps: Deps): Promise<ToolCallOutcome> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  if (!uuid.test(input.voiceSessionId)) throw voiceSessionNotFound();
  const clientId = base.tenant.id;

  let session: VoiceSession;
  try {
    session = await loadLiveVoiceSession(base, input.voiceSessionId);
  } catch (err) {
    // A call answered while the session was live still gets its first answer after the session ended.
    const earlier = await storedAnswer(base.em, clientId, input.voiceSessionId, input.callId);
    if (earlier) return { answer: earlier, replayed: true, session: null, latencyMs: latency() };
    throw err;
  }
  await deps.consumeBudget(session.id);

  const record = async (em: EntityManager, answer: ToolAnswer) => {
    const rows: Array<{ call_id: string }> = await em.execute(
      `insert into voice_tool_calls (client_id, voice_session_id, call_id, tool, arguments, outcome, result_code, answer, latency_ms)
       values (?, ?::uuid, ?, ?, ?::jsonb, ?, ?, ?::jsonb, ?) on conflict do nothing returning call_id`,
      [
        clientId,
        session.id,
        input.callId,
        input.name.slice(0, 100),
        JSON.stringify(auditArguments(input.arguments)),
        answer.ok ? 'ok' : 'error',
        answer.ok ? 'OK' : answer.code,
        JSON.stringify(answer),
        latency(),
      ],
    );
    return rows.length > 0;
  };

  let answer: ToolAnswer;
  try {
    const tool = deps.tools.get(input.name);
    if (!tool)
      throw new AppError(
        'not_found',
        'UNKNOWN_TOOL',
        `No tool named "${input.name}"; the tools are: ${[...deps.tools.keys()].join(', ')}`,
      );
    const party = session.party;
    if (tool.audience !== (party.kind === 'user' ? 'user' : 'onboarding')) {
      throw new AppError(
        'forbidden',
        'TOOL_NOT_ALLOWED',
        party.kind === 'user'
          ? `${tool.name} is an onboarding tool; this voice session belongs to a signed-in user`
          : `${tool.name} needs a signed-in user; an anonymous onboarding session may only use the onboarding tools`,
      );
    }
    if (tool.feature) requireFeature(base, tool.feature);
    const parsed = tool.args.safeParse(input.arguments);
    if (!parsed.success)
      throw new AppError(
        'validation',
        'VALIDATION_ERROR',
        `Invalid arguments for ${tool.name}`,
        deps.fieldErrors(parsed.error),
      );

    // The party's actor is decided inside the transaction; the tool's events are published after the commit.
    const outcome = await runUseCase(
      base,
      deps.publisher,
      async (tx): Promise<{ replayed: ToolAnswer } | { answer: ToolAnswer }> => {
        const claimed: Array<{ call_id: string }> = await tx.em.execute(
          `insert into voice_tool_calls (client_id, voice_session_id, call_id, tool, arguments, outcome, result_code, answer, latency_ms)
         values (?, ?::uuid, ?, ?, ?::jsonb, 'ok', 'RUNNING', '{}'::jsonb, 0) on conflict do nothing returning call_id`,
          [clientId, session.id, input.callId, tool.name, JSON.stringify(auditArguments(input.arguments))],
        );
        if (!claimed.length) return { replayed: (await storedAnswer(tx.em, clientId, session.id, input.callId))! };
        const actor =
          party.kind === 'user' ? await partyActor(tx.em, clientId, party.userId) : ({ kind: 'anonymous' } as const);
        const result = await tool.run({ ...tx, actor }, parsed.data, session);
        const ok: ToolAnswer = { ok: true, result: result ?? null };
        await tx.em.execute(
          `update voice_tool_calls set result_code = 'OK', answer = ?::jsonb, latency_ms = ? where client_id = ? and voice_session_id = ?::uuid and call_id = ?`,
          [JSON.stringify(ok), latency(), clientId, session.id, input.callId],
        );
        return { answer: ok };
      },
    );
    if ('replayed' in outcome) return { answer: outcome.replayed, replayed: true, session, latencyMs: latency() };
    answer = outcome.answer;
  } catch (err) {
    const refused = toAnswer(err);
    if (!refused) throw err; // a bug or an outage: not stored, so a retry runs again
    answer = refused;
    if (!(await record(base.em, answer))) {
      return {
        answer: (await storedAnswer(base.em, clientId, session.id, input.callId)) ?? answer,
        replayed: true,
        session,
        latencyMs: latency(),
      };
    }
  }
  return { answer, replayed: false, session, latencyMs: latency() };
}

async function partyActor(em: EntityManager, clientId: number, userId: number) {
  const rows: Array<{ role: 'user' | 'trainer' }> = await em.execute(
    `select role from users where client_id = ? and id = ?`,
    [clientId, userId],
  );
  if (!rows[0]) throw voiceSessionNotFound();
  return { kind: 'user' as const, userId, role: rows[0].role };
}
