import type { AgentConfig } from './config.ts';
import { createStvosLink } from './stvos-link.ts';
import { attachToChat, type ChatAttachment } from './chat-attach.ts';

type Log = (msg: string, fields?: Record<string, unknown>) => void;

/** Attempts to attach to a claimed chat before giving it up (it is not renewed then, and is handed out again once its lease lapses). */
const ATTACH_ATTEMPTS = 3;

/**
 * The voice agent: for every tenant in VOICE_AGENT_TENANTS an agent socket to sTvOS; the EVI chats apps opened
 * for voice sessions of VOICE_AGENT_NAME are claimed (sTvOS says when Hume's chat_started webhook arrives; the
 * agent also asks on every connect), attached to through Hume's control plane, and their tool calls answered
 * through sTvOS. `npm run voice-agent` runs this (main.ts); the end-to-end test runs it too.
 */
export function startVoiceAgent(
  config: Pick<
    AgentConfig,
    'STVOS_URL' | 'VOICE_AGENT_TENANTS' | 'VOICE_AGENT_NAME' | 'HUME_API_KEY' | 'HUME_BASE_URL' | 'TOOL_CALL_TIMEOUT_MS'
  >,
  log: Log = () => {},
) {
  const link = createStvosLink(config);
  const attached = new Map<string, ChatAttachment>();
  /** The claims this agent renews: the chats it is attached to (chat id → tenant and voice session). */
  const held = new Map<string, { tenant: string; voiceSessionId: string }>();
  const hume = { apiKey: config.HUME_API_KEY, baseUrl: config.HUME_BASE_URL };

  async function attach(tenant: string, chat: Parameters<typeof attachToChat>[1]) {
    for (let attempt = 1; ; attempt++) {
      try {
        const attachment = await attachToChat(tenant, chat, { link, hume, log });
        attached.set(chat.chatId, attachment);
        held.set(chat.chatId, { tenant, voiceSessionId: chat.voiceSessionId });
        void attachment.closed.then(() => {
          attached.delete(chat.chatId);
          held.delete(chat.chatId);
          log('left evi chat', { chatId: chat.chatId, voiceSessionId: chat.voiceSessionId });
        });
        return;
      } catch (err) {
        log('could not attach to evi chat', {
          chatId: chat.chatId,
          voiceSessionId: chat.voiceSessionId,
          attempt,
          err: (err as Error)?.message ?? String(err),
        });
        if (attempt >= ATTACH_ATTEMPTS) return;
        await new Promise((r) => setTimeout(r, 1000 * attempt));
      }
    }
  }

  for (const tenant of Object.keys(config.VOICE_AGENT_TENANTS)) {
    link.watchChats(
      tenant,
      config.VOICE_AGENT_NAME,
      {
        onChats: (chats) => {
          for (const chat of chats) if (!attached.has(chat.chatId)) void attach(tenant, chat);
        },
        holding: () => [...held.values()].filter((h) => h.tenant === tenant).map((h) => h.voiceSessionId),
        onLost: (voiceSessionIds) => {
          for (const [chatId, h] of held) {
            if (h.tenant !== tenant || !voiceSessionIds.includes(h.voiceSessionId)) continue;
            log('claim on evi chat lapsed; leaving it', { chatId, voiceSessionId: h.voiceSessionId });
            void attached.get(chatId)?.close();
          }
        },
      },
      log,
    );
  }

  return {
    /** The chats attached to now (chat id → attachment). */
    attached,
    async close() {
      await Promise.allSettled([...attached.values()].map((a) => a.close()));
      link.close();
    },
  };
}
