import { HumeClient } from 'hume';
import type { ClaimedChat, StvosLink } from './stvos-link.ts';
import { answerToolCall, type EviToolCall } from './tool-bridge.ts';

export interface AttachDeps {
  link: StvosLink;
  hume: { apiKey: string; baseUrl: string };
  log?: (msg: string, fields?: Record<string, unknown>) => void;
}

/** The SDK's environment for one Hume host: REST on http(s), EVI sockets on ws(s) under /v0/evi. */
export function humeEnvironment(baseUrl: string) {
  const base = baseUrl.replace(/\/$/, '');
  const ws = base.replace(/^http/, 'ws');
  return { base, evi: `${ws}/v0/evi`, tts: `${ws}/v0/tts`, stream: `${ws}/v0/stream` };
}

/**
 * Attaches to an EVI chat the app holds, through Hume's control plane (`wss://api.hume.ai/v0/evi/chat/{chat_id}/connect`,
 * the `hume` SDK's ControlPlaneClient, authenticated with our API key; the app opened the chat with
 * allow_connection=true). The control-plane socket receives the chat's messages; each `tool_call` runs as
 * `agent:tool` on the claimed voice session and is answered with `tool_response` / `tool_error` on the same socket.
 * The app never answers tool calls itself. Audio stays between the app and Hume.
 */
export async function attachToChat(tenant: string, chat: ClaimedChat, deps: AttachDeps) {
  const log = deps.log ?? (() => {});
  const hume = new HumeClient({ apiKey: deps.hume.apiKey, environment: humeEnvironment(deps.hume.baseUrl) });
  const socket = await hume.empathicVoice.controlPlane.connect({ chat_id: chat.chatId, reconnectAttempts: 3 });
  const session = { tenant, voiceSessionId: chat.voiceSessionId };
  const pending = new Set<Promise<void>>();

  socket.on('message', (message) => {
    if (message.type === 'tool_call') {
      const call = message as unknown as EviToolCall;
      // Hume's built-in tools (web search...) are Hume's to answer; ours are the function tools.
      if ((message as { toolType?: string }).toolType === 'builtin') return;
      const work = answerToolCall(deps.link, session, call).then((answer) => {
        if (socket.readyState !== 1) return; // the chat ended while the tool ran; the result is stored on sTvOS anyway
        socket.sendPublish(answer);
        log('tool call answered', {
          tool: call.name,
          toolCallId: call.toolCallId,
          outcome: answer.type,
          voiceSessionId: chat.voiceSessionId,
        });
      });
      pending.add(work);
      void work
        .catch((err: Error) => log('tool call not answered', { toolCallId: call.toolCallId, err: err.message }))
        .finally(() => pending.delete(work));
    } else if (message.type === 'error') {
      log('evi error', { chatId: chat.chatId, code: message.code, message: message.message });
    }
  });
  socket.on('error', (err) => log('control plane socket error', { chatId: chat.chatId, err: err.message }));
  await socket.waitForOpen();
  log('attached to evi chat', { chatId: chat.chatId, voiceSessionId: chat.voiceSessionId, tenant });

  return {
    chatId: chat.chatId,
    /** Resolves when Hume closes the control-plane socket (the chat ended) or `close` is called. */
    closed: new Promise<void>((resolve) => socket.on('close', () => resolve())),
    /** Waits for tool calls in flight, then leaves the chat (the app's chat goes on). */
    async close() {
      await Promise.allSettled([...pending]);
      socket.close();
    },
  };
}
export type ChatAttachment = Awaited<ReturnType<typeof attachToChat>>;
