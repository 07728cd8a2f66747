import type { Ctx } from '../shared/context.ts';
import { AppError } from '../shared/errors.ts';
import { User } from '../identity/user.entity.ts';
import type { HumePort } from './hume.port.ts';
import { resolveVoiceConfig } from './voice-configs.ts';

/**
 * What an app needs to talk to EVI: which config (the user's coach's own, else the client's) and a short-lived
 * access token minted from our key and secret. Without Hume settings the configs still answer and `voice`
 * says why there is no token; a token is never made up.
 */
export async function humeConfigFor(ctx: Ctx, hume: HumePort | null) {
  const coachId =
    ctx.actor.kind === 'user'
      ? ((await ctx.em.findOne(User, { id: ctx.actor.userId }, { fields: ['id', 'coachId'] }))?.coachId ?? null)
      : null;
  const [resolved, clientOnly] = await Promise.all([
    resolveVoiceConfig(ctx, coachId),
    coachId === null ? null : resolveVoiceConfig(ctx, null),
  ]);
  const clientConfig = coachId === null ? resolved : clientOnly;
  return {
    configId: resolved?.configId ?? null,
    configVersion: resolved?.version ?? null,
    source: resolved?.source ?? null,
    coachTrainerId: resolved?.trainerId ?? null,
    clientConfigId: clientConfig?.source === 'client' ? clientConfig.configId : null,
    voice: await voiceAccess(hume),
  };
}

async function voiceAccess(hume: HumePort | null) {
  if (!hume) {
    return {
      available: false as const,
      code: 'VOICE_NOT_CONFIGURED',
      reason: 'Hume is not configured on this server (HUME_API_KEY, HUME_SECRET_KEY)',
    };
  }
  try {
    const token = await hume.mintAccessToken();
    return { available: true as const, accessToken: token.accessToken, expiresAt: token.expiresAt.toISOString() };
  } catch (err) {
    // Hume being down does not hide the configs; the app learns voice is unavailable right now.
    if (err instanceof AppError) return { available: false as const, code: err.code, reason: err.message };
    throw err;
  }
}
