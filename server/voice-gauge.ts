import type { Services } from './services.ts';
import type { Logger } from './logger.ts';
import { withoutTenantScope } from '../domain/shared/scope.ts';
import { countLiveVoiceSessions } from '../domain/voice/voice-sessions.ts';
import { voiceSessionsLive } from './metrics.ts';

/** A scrape never waits long on a slow or absent database. */
const GAUGE_TIMEOUT_MS = 1000;

/**
 * Sets `stvos_voice_sessions_live` just before /metrics answers. One indexed count (voice_sessions_live); if the
 * database does not answer within a second, the gauge keeps its last value and the scrape still succeeds.
 */
export async function refreshVoiceGauge(services: Pick<Services, 'orm'>, logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const live = await Promise.race([
      withoutTenantScope('the live-session gauge counts every tenant', services.orm.em, (em) =>
        countLiveVoiceSessions(em, new Date()),
      ),
      new Promise<never>(
        (_, reject) =>
          (timer = setTimeout(() => reject(new Error(`no answer in ${GAUGE_TIMEOUT_MS} ms`)), GAUGE_TIMEOUT_MS)),
      ),
    ]);
    voiceSessionsLive.set({ party: 'user' }, live.user);
    voiceSessionsLive.set({ party: 'onboarding' }, live.onboarding);
  } catch (err) {
    logger.warn({ err: (err as Error).message }, 'voice session gauge not refreshed');
  } finally {
    clearTimeout(timer);
  }
}
