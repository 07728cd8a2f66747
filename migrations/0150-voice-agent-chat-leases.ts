import { Migration } from '@mikro-orm/migrations';

/**
 * A claimed EVI chat is the agent's only while it renews the claim: `agent_holder` names the agent process that
 * holds it, `agent_lease_until` when the claim lapses. An agent that dies stops renewing, and the chat is handed
 * to the next agent that asks. Claims made before this migration have no lease and stay as they were.
 */
export class Migration0150VoiceAgentChatLeases extends Migration {
  override name = '0150-voice-agent-chat-leases';

  override up(): void {
    this.addSql(`alter table voice_sessions add column agent_holder text, add column agent_lease_until timestamptz`);
    this.addSql(`create index voice_sessions_agent_leases on voice_sessions (client_id, agent_name, agent_lease_until)
      where ended_at is null and hume_chat_id is not null and agent_chat_id = hume_chat_id`);
  }

  override down(): void {
    this.addSql(`drop index if exists voice_sessions_agent_leases`);
    this.addSql(
      `alter table voice_sessions drop column if exists agent_holder, drop column if exists agent_lease_until`,
    );
  }
}
