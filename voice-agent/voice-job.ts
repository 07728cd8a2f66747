import { HumeClient } from 'hume';
import type { DispatchMetadata } from './config.ts';
import type { StvosLink } from './stvos-link.ts';
import { answerToolCall, type EviToolCall } from './tool-bridge.ts';

export interface VoiceJobDeps {
  link: StvosLink;
  hume: { apiKey: string; baseUrl: string };
  log?: (msg: string, fields?: Record<string, unknown>) => void;
}

/** The media side of a job: the LiveKit worker feeds the caller's microphone in and plays EVI's voice out. */
export interface AudioBridge {
  /** EVI's speech (base64 WAV chunks, in order) to play into the room. */
  play(base64Wav: string): void;
  /** The caller started speaking over EVI: stop playing what is queued. */
  interrupt(): void;
}

/**
 * One dispatched voice room's conversation: an EVI chat (the `hume` SDK's chat socket) on the room's config,
 * whose tool calls run on sTvOS as the voice session's party. `customSessionId` carries our voice session id,
 * so Hume's chat_started / chat_ended webhooks name the session they belong to.
 */
export async function runVoiceJob(meta: DispatchMetadata, deps: VoiceJobDeps, audio: AudioBridge | null = null) {
  const log = deps.log ?? (() => {});
  const hume = new HumeClient({ apiKey: deps.hume.apiKey, environment: deps.hume.baseUrl.replace(/\/$/, '') });
  const chat = hume.empathicVoice.chat.connect({
    ...(meta.eviConfigId ? { configId: meta.eviConfigId } : {}),
    ...(meta.eviConfigVersion !== null ? { configVersion: meta.eviConfigVersion } : {}),
    sessionSettings: { customSessionId: meta.voiceSessionId, variables: { context: meta.context } },
    reconnectAttempts: 3,
  });
  const session = { tenant: meta.tenant, voiceSessionId: meta.voiceSessionId };
  const pending = new Set<Promise<void>>();
  let chatId: string | null = null;

  chat.on('message', (message) => {
    switch (message.type) {
      case 'chat_metadata':
        chatId = message.chatId;
        log('evi chat started', { chatId, voiceSessionId: meta.voiceSessionId });
        break;
      case 'tool_call': {
        const call = message as unknown as EviToolCall;
        const work = answerToolCall(deps.link, session, call).then((answer) => {
          if (chat.readyState !== 1) return; // the chat ended while the tool ran; its result is stored on sTvOS anyway
          if (answer.type === 'tool_response') chat.sendToolResponseMessage({ toolCallId: answer.toolCallId, content: answer.content, toolName: answer.toolName });
          else chat.sendToolErrorMessage({ toolCallId: answer.toolCallId, error: answer.error, code: answer.code, content: answer.content, level: answer.level });
          log('tool call answered', { tool: call.name, toolCallId: call.toolCallId, outcome: answer.type });
        });
        pending.add(work);
        void work.finally(() => pending.delete(work));
        break;
      }
      case 'audio_output':
        audio?.play(message.data);
        break;
      case 'user_interruption':
        audio?.interrupt();
        break;
      case 'error':
        log('evi error', { code: message.code, message: message.message });
        break;
      default:
        break;
    }
  });
  await chat.waitForOpen();

  return {
    get chatId() {
      return chatId;
    },
    /** The caller's microphone: 16-bit PCM chunks, base64 (the format the session settings declare). */
    sendAudio(base64Pcm: string) {
      if (chat.readyState === 1) chat.sendAudioInput({ data: base64Pcm });
    },
    /** Waits for tool calls in flight, then closes the chat. */
    async close() {
      await Promise.allSettled([...pending]);
      chat.close();
    },
  };
}
export type VoiceJob = Awaited<ReturnType<typeof runVoiceJob>>;
