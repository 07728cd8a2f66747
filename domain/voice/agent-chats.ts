import type { Ctx } from '../shared/context.ts';
import type { DomainEvent } from '../shared/events.ts';

/** The socket room every agent-key socket of a tenant is in (realtime/handshake.ts). */
export const AGENTS_ROOM = 'agents';

/** A live voice session whose EVI chat (held by the app) an agent has just taken on. */
export interface ClaimedChat {
  voiceSessionId: string;
  chatId: string;
  context: string;
  anonymous: boolean;
  eviConfigId: string | null;
}

/** Chats handed out per claim; an agent asks again when it is told of more. */
const CLAIM_LIMIT = 50;

/**
 * Claims, for the agent named `agentName`, the live sessions of this tenant whose chat no agent has attached to
 * yet. One statement decides: rows another agent is claiming at the same moment are skipped (SKIP LOCKED), and a
 * claimed chat is never handed out again; a new chat of the same session (the app reconnected) is claimable.
 */
export async function claimWaitingChats(ctx: Ctx, agentName: string): Promise<ClaimedChat[]> {
  const now = ctx.clock();
  const rows: Array<{
    id: string;
    chat_id: string;
    context: string;
    anonymous: boolean;
    evi_config_id: string | null;
  }> = await ctx.em.execute(
    `update voice_sessions v set agent_chat_id = v.hume_chat_id, agent_attached_at = ?::timestamptz
     where v.client_id = ? and v.agent_chat_id is distinct from v.hume_chat_id and v.id in (
       select id from voice_sessions
       where client_id = ? and agent_name = ? and ended_at is null and expires_at > ?::timestamptz
         and hume_chat_id is not null and agent_chat_id is distinct from hume_chat_id
       order by started_at limit ${CLAIM_LIMIT} for update skip locked)
     returning v.id, v.hume_chat_id as chat_id, v.context, v.user_id is null as anonymous, v.evi_config_id`,
    [now, ctx.tenant.id, ctx.tenant.id, agentName, now],
  );
  return rows.map((r) => ({
    voiceSessionId: r.id,
    chatId: r.chat_id,
    context: r.context,
    anonymous: Boolean(r.anonymous),
    eviConfigId: r.evi_config_id,
  }));
}

/** Tells the tenant's agents, after commit, that a chat is waiting (they answer with `agent:claim`). */
export function chatWaitingEvent(session: { voiceSessionId: string; chatId: string; agentName: string }): DomainEvent {
  return { rooms: [AGENTS_ROOM], event: 'voice:chat_started', payload: session };
}
