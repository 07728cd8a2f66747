import { randomBytes } from 'node:crypto';
import type { Ctx } from '../shared/context.ts';
import { AppError } from '../shared/errors.ts';
import { User } from '../identity/user.entity.ts';
import type { LiveKitPort } from '../live/livekit.port.ts';
import { loadOnboardingSession, saveOnboardingProfile } from '../personalisation/onboarding-sessions.ts';
import { resolveVoiceConfig } from './voice-configs.ts';
import { openVoiceSession, type VoiceParty } from './voice-sessions.ts';

/** A join token admits for this long; once in, the conversation may run to the session's maximum. */
const JOIN_WINDOW_SECONDS = 10 * 60;

/** A server-issued onboarding session id: unguessable, so an anonymous room cannot be pointed at someone else's answers. */
export const newOnboardingSessionId = () => `onb_${randomBytes(18).toString('base64url')}`;

/** Who the conversation is for, and the coach whose voice config applies. */
async function partyOf(
  ctx: Ctx,
  onboardingSessionId: string | undefined,
): Promise<{ party: VoiceParty; coachId: number | null }> {
  if (ctx.actor.kind === 'user') {
    const user = await ctx.em.findOneOrFail(User, { id: ctx.actor.userId }, { fields: ['id', 'coachId'] });
    return { party: { kind: 'user', userId: user.id }, coachId: user.coachId ?? null };
  }
  if (ctx.actor.kind !== 'anonymous')
    throw new AppError('forbidden', 'FORBIDDEN', 'Voice rooms are for app users (with or without a user token)');
  // Anonymous: an existing onboarding session must be live (404/410 otherwise); without one the server issues it.
  const session = onboardingSessionId
    ? await loadOnboardingSession(ctx, onboardingSessionId)
    : await saveOnboardingProfile(ctx, newOnboardingSessionId(), undefined, {});
  return { party: { kind: 'onboarding', onboardingSessionId: session.sessionId }, coachId: session.coachId };
}

/**
 * Opens a voice session and signs a LiveKit token for its room. The token admits one participant (the caller)
 * to that room only, with their microphone. The conversation itself runs in an EVI chat the app opens with
 * `evi.customSessionId` (our session id) and `allow_connection`; the session's agent attaches to it through
 * Hume's control plane (README, "Voice AI coach"). Only with `dispatch` does joining the room also dispatch
 * `agentName` into it, with the metadata an audio-bridging agent would need (tenant, voice session, context,
 * EVI config) and nothing secret.
 */
export async function issueVoiceRoom(
  ctx: Ctx,
  livekit: LiveKitPort,
  input: {
    roomName: string;
    context: string;
    agentName: string;
    onboardingSessionId?: string | undefined;
    dispatch?: boolean | undefined;
  },
  limits: { maxMinutes: number },
) {
  const { party, coachId } = await partyOf(ctx, input.onboardingSessionId);
  const config = await resolveVoiceConfig(ctx, coachId);
  const session = await openVoiceSession(ctx, {
    party,
    roomLabel: input.roomName,
    agentName: input.agentName,
    context: input.context,
    eviConfigId: config?.configId ?? null,
    maxMinutes: limits.maxMinutes,
  });
  const metadata = JSON.stringify({
    clientId: ctx.tenant.id,
    tenant: ctx.tenant.slug,
    voiceSessionId: session.id,
    context: session.context,
    anonymous: party.kind === 'onboarding',
    eviConfigId: config?.configId ?? null,
    eviConfigVersion: config?.version ?? null,
  });
  const identity = party.kind === 'user' ? `user-${party.userId}` : `onboarding-${session.id}`;
  const ttlSeconds = Math.min(JOIN_WINDOW_SECONDS, limits.maxMinutes * 60);
  const joined = await livekit.joinToken({
    room: session.roomName,
    identity,
    name: party.kind === 'user' ? 'Member' : 'Guest',
    ttlSeconds,
    canPublish: true,
    canSubscribe: true,
    publishSources: ['microphone'],
    roomAdmin: false,
    ...(input.dispatch ? { dispatchAgent: { agentName: input.agentName, metadata } } : {}),
  });
  return {
    token: joined.token,
    wsUrl: joined.wsUrl,
    roomName: session.roomName,
    roomLabel: session.roomLabel,
    voiceSessionId: session.id,
    expiresAt: session.expiresAt.toISOString(),
    onboardingSessionId: party.kind === 'onboarding' ? party.onboardingSessionId : null,
    configId: config?.configId ?? null,
    evi: { customSessionId: session.id, allowConnection: true as const, variables: { context: session.context } },
    dispatched: Boolean(input.dispatch),
  };
}
