import type { StvosLink } from './stvos-link.ts';

/** Hume's `tool_call` message, as the SDK hands it over (camelCase). */
export interface EviToolCall {
  type: 'tool_call';
  name: string;
  parameters: string;
  toolCallId: string;
  responseRequired: boolean;
}

export type EviToolAnswer =
  | { type: 'tool_response'; toolCallId: string; content: string; toolName: string }
  | { type: 'tool_error'; toolCallId: string; error: string; code: string; content: string; level: 'warn' };

/** What EVI reads back; a very large result is cut rather than sent whole into the conversation. */
const MAX_CONTENT_CHARS = 16_000;

/**
 * One EVI `tool_call` → one `agent:tool` on the voice session → `tool_response` (the result as JSON) or
 * `tool_error` (our error code, and the message as content the model can say something sensible about).
 * Hume's tool_call_id is the callId, so Hume re-sending a tool call replays our first answer.
 */
export async function answerToolCall(
  link: StvosLink,
  session: { tenant: string; voiceSessionId: string },
  call: EviToolCall,
): Promise<EviToolAnswer> {
  const error = (code: string, message: string): EviToolAnswer => ({
    type: 'tool_error',
    toolCallId: call.toolCallId,
    error: `${call.name} failed`,
    code,
    content: message,
    level: 'warn',
  });
  let args: unknown;
  try {
    args = call.parameters.trim() === '' ? {} : JSON.parse(call.parameters);
  } catch {
    return error('INVALID_TOOL_PARAMETERS', 'The tool parameters were not valid JSON');
  }
  if (!args || typeof args !== 'object' || Array.isArray(args))
    return error('INVALID_TOOL_PARAMETERS', 'The tool parameters must be a JSON object');
  const ack = await link.callTool(session.tenant, {
    voiceSessionId: session.voiceSessionId,
    callId: call.toolCallId,
    name: call.name,
    arguments: args as Record<string, unknown>,
  });
  if (!ack.ok) {
    const details = ack.details ? ` ${JSON.stringify(ack.details).slice(0, 1000)}` : '';
    return error(ack.code, `${ack.error}${details}`);
  }
  const content = JSON.stringify(ack.data.result ?? null);
  return {
    type: 'tool_response',
    toolCallId: call.toolCallId,
    toolName: call.name,
    content: content.length > MAX_CONTENT_CHARS ? `${content.slice(0, MAX_CONTENT_CHARS)}…(truncated)` : content,
  };
}
