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

/** What an agent asks for: its name, who it is (one id per agent process) and the sessions it still holds. */
export interface ClaimRequest {
  agentName: string;
  holder: string;
  holding: string[];
  leaseSeconds: number;
}

/**
 * One `agent:claim`, for the agent process `holder` serving `agentName`:
 * - renews the lease of the chats it still holds (`holding`), where the claim is still its own and the session live;
 * - claims the live sessions of this tenant whose chat no agent holds: never claimed, a new chat of the session (the
 *   app reconnected), or a claim whose lease lapsed (its agent died or lost its connection for a whole lease).
 * Rows another agent is claiming at the same moment are skipped (SKIP LOCKED), so each chat goes to one agent.
 */
export async function claimChats(
  ctx: Ctx,
  req: ClaimRequest,
): Promise<{ chats: ClaimedChat[]; renewed: string[]; leaseSeconds: number }> {
  const now = ctx.clock();
  const until = new Date(now.getTime() + req.leaseSeconds * 1000);
  const renewed: Array<{ id: string }> = req.holding.length
    ? await ctx.em.execute(
        `update voice_sessions set agent_lease_until = ?::timestamptz
         where client_id = ? and agent_name = ? and id = any(?::uuid[]) and agent_holder = ?
           and agent_chat_id = hume_chat_id and agent_lease_until >= ?::timestamptz
           and ended_at is null and expires_at > ?::timestamptz
         returning id`,
        // A Postgres array literal (the query layer would expand a JS array into a list); the ids are validated uuids.
        [until, ctx.tenant.id, req.agentName, `{${req.holding.join(',')}}`, req.holder, now, now],
      )
    : [];
  const rows: Array<{
    id: string;
    chat_id: string;
    context: string;
    anonymous: boolean;
    evi_config_id: string | null;
  }> = await ctx.em.execute(
    `update voice_sessions v
     set agent_chat_id = v.hume_chat_id, agent_attached_at = ?::timestamptz, agent_holder = ?,
         agent_lease_until = ?::timestamptz
     where v.client_id = ? and v.id in (
       select id from voice_sessions
       where client_id = ? and agent_name = ? and ended_at is null and expires_at > ?::timestamptz
         and hume_chat_id is not null
         and (agent_chat_id is distinct from hume_chat_id or agent_lease_until < ?::timestamptz)
       order by started_at limit ${CLAIM_LIMIT} for update skip locked)
       and (v.agent_chat_id is distinct from v.hume_chat_id or v.agent_lease_until < ?::timestamptz)
     returning v.id, v.hume_chat_id as chat_id, v.context, v.user_id is null as anonymous, v.evi_config_id`,
    [now, req.holder, until, ctx.tenant.id, ctx.tenant.id, req.agentName, now, now, now],
  );
  return {
    chats: rows.map((r) => ({
      voiceSessionId: r.id,
      chatId: r.chat_id,
      context: r.context,
      anonymous: Boolean(r.anonymous),
      eviConfigId: r.evi_config_id,
    })),
    renewed: renewed.map((r) => r.id),
    leaseSeconds: req.leaseSeconds,
  };
}

/** Tells the tenant's agents, after commit, that a chat is waiting (they answer with `agent:claim`). */
export function chatWaitingEvent(session: { voiceSessionId: string; chatId: string; agentName: string }): DomainEvent {
  return { rooms: [AGENTS_ROOM], event: 'voice:chat_started', payload: session };
}
