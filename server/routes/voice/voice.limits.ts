import { RateLimiterRes } from 'rate-limiter-flexible';
import { sha256 } from '../../../domain/auth/tokens.ts';
import { AppError } from '../../../domain/shared/errors.ts';
import type { Call } from '../../http/route.ts';

export { ANONYMOUS_ROOMS_PER_WINDOW } from '../../node-parts.ts';

/**
 * The budget for anonymous rooms per key and address, on top of the route's `limit: 'token'` bucket (which every
 * token-minting route shares): an anonymous room also creates an onboarding session and can spend Hume minutes.
 */
export async function consumeAnonymousRoom(call: Call): Promise<void> {
  const subject = `${sha256(call.req.get('x-api-key') ?? '').slice(0, 24)}:${call.req.ip}`;
  try {
    await call.services.anonymousVoiceRooms.consume(subject);
  } catch (err) {
    if (!(err instanceof RateLimiterRes)) throw err;
    call.res.setHeader('Retry-After', String(Math.max(1, Math.ceil(err.msBeforeNext / 1000))));
    throw new AppError(
      'rate_limited',
      'RATE_LIMITED',
      'Too many anonymous voice rooms from this caller; retry after the time in Retry-After',
    );
  }
}

/** `agentName` names an agent the operator runs (VOICE_AGENT_NAMES); anything else would open a session no agent serves. */
export function assertAllowedAgent(allowed: readonly string[], agentName: string): void {
  if (!allowed.includes(agentName)) {
    throw new AppError(
      'validation',
      'UNKNOWN_AGENT',
      `No voice agent named "${agentName}" runs here; use one of: ${allowed.join(', ')}`,
      [{ field: 'agentName', message: `must be one of: ${allowed.join(', ')}` }],
    );
  }
}
