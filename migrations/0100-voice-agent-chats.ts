import { Migration } from '@mikro-orm/migrations';

/**
 * The voice agent attaches to the EVI chat the app holds (Hume's control plane). `agent_chat_id` is the chat an
 * agent has claimed for the session: a claim sets it to `hume_chat_id` in one statement, so one agent (of however
 * many are connected) attaches per chat, and a new chat of the same session (the app reconnected) is claimed anew.
 */
export class Migration0100VoiceAgentChats extends Migration {
  override name = '0100-voice-agent-chats';

  override up(): void {
    this.addSql(`alter table voice_sessions add column agent_chat_id text, add column agent_attached_at timestamptz`);
    this.addSql(`create index voice_sessions_waiting_for_agent on voice_sessions (client_id, agent_name)
      where ended_at is null and hume_chat_id is not null and agent_chat_id is distinct from hume_chat_id`);
  }

  override down(): void {
    this.addSql(`drop index if exists voice_sessions_waiting_for_agent`);
    this.addSql(
      `alter table voice_sessions drop column if exists agent_chat_id, drop column if exists agent_attached_at`,
    );
  }
}
