import { RateLimiterRes } from 'rate-limiter-flexible';
import type { Services } from '../server/services.ts';
import { fieldErrors } from '../server/http/error-map.ts';
import { voiceToolCallSeconds, voiceToolCalls } from '../server/metrics.ts';
import { buildContext, runUseCase } from '../domain/shared/use-case.ts';
import { AppError } from '../domain/shared/errors.ts';
import { requireFeature } from '../domain/shared/context.ts';
import { runToolCall, type RunnableTool } from '../domain/voice/tool-calls.ts';
import { claimChats } from '../domain/voice/agent-chats.ts';
import { voiceTools, voiceToolsByName } from './agent-tools.ts';
import { clientEventSchemas, type GatewaySocket } from './events.ts';
import { on } from './on-event.ts';

/**
 * `agent:tool`: the voice agent's tool calls. Only an agent socket (handshake `{apiKey, agentKey}`) has this
 * handler; a user socket sending it gets UNKNOWN_EVENT. The call names a voice session, never a user: the
 * session decides who the tool acts for (domain/voice/tool-calls.ts). Every call is audited in
 * `voice_tool_calls` and counted in /metrics.
 */
export function registerAgentHandlers(socket: GatewaySocket, services: Services): void {
  const { tenant, identity } = socket.data;
  if (identity.kind !== 'agent') return;
  const wrapped = new Map<string, RunnableTool>(
    voiceTools.map((t) => [t.name, { ...t, run: (ctx, args, session) => t.run(ctx, args, session, services) }]),
  );

  on(
    socket,
    'agent:tool',
    clientEventSchemas['agent:tool'],
    async (input) => {
      const base = buildContext(services.orm.em, {
        tenant,
        actor: { kind: 'system', job: `agent-key-${identity.agentKeyId}` },
      });
      requireFeature(base, 'ai_coach');
      let outcome;
      try {
        outcome = await runToolCall(base, input, {
          tools: wrapped,
          fieldErrors: (error) => fieldErrors(error, 'arguments'),
          publisher: services.publisher,
          async consumeBudget(voiceSessionId) {
            try {
              await services.agentToolCalls.consume(voiceSessionId);
            } catch (err) {
              if (err instanceof RateLimiterRes)
                throw new AppError(
                  'rate_limited',
                  'RATE_LIMITED',
                  `More than ${services.config.voice.toolCallsPerMinute} tool calls a minute in this voice session`,
                );
              throw err;
            }
          },
        });
      } catch (err) {
        // Refused before a session was known (unknown, ended, another tenant's): logged, not stored.
        const code = err instanceof AppError ? err.code : 'INTERNAL_ERROR';
        voiceToolCalls.inc({
          tool: voiceToolsByName.has(input.name) ? input.name : 'unknown',
          code,
          replayed: 'false',
        });
        services.logger.info(
          {
            voiceSessionId: input.voiceSessionId,
            callId: input.callId,
            tool: input.name,
            code,
            agentKeyId: identity.agentKeyId,
          },
          'voice tool call refused',
        );
        throw err;
      }
      const { answer, replayed, latencyMs } = outcome;
      const tool = voiceToolsByName.has(input.name) ? input.name : 'unknown';
      voiceToolCalls.inc({ tool, code: answer.ok ? 'OK' : answer.code, replayed: String(replayed) });
      if (!replayed) voiceToolCallSeconds.observe({ tool }, latencyMs / 1000);
      if (!answer.ok) throw new AppError(answer.kind, answer.code, answer.message, answer.details);
      return { callId: input.callId, name: input.name, result: answer.result, replayed };
    },
    services.logger,
  );

  // `agent:claim`: the chats (held by apps, reached through Hume's control plane) waiting for this agent. The agent
  // asks when it connects, on each `voice:chat_started` and every third of the lease (renewing the chats it holds);
  // one statement hands each chat to one agent only, and a chat whose agent stopped renewing goes to the next.
  on(
    socket,
    'agent:claim',
    clientEventSchemas['agent:claim'],
    async (input) => {
      const base = buildContext(services.orm.em, {
        tenant,
        actor: { kind: 'system', job: `agent-key-${identity.agentKeyId}` },
      });
      requireFeature(base, 'ai_coach');
      const claim = await runUseCase(base, services.publisher, (tx) =>
        claimChats(tx, {
          agentName: input.agentName,
          holder: input.holder ?? `agent-key-${identity.agentKeyId}`,
          holding: input.holding,
          leaseSeconds: services.config.voice.agentLeaseSeconds,
        }),
      );
      const { chats } = claim;
      if (chats.length)
        services.logger.info(
          {
            agentKeyId: identity.agentKeyId,
            agentName: input.agentName,
            voiceSessionIds: chats.map((c) => c.voiceSessionId),
          },
          'voice chats claimed by an agent',
        );
      return claim;
    },
    services.logger,
  );
}
