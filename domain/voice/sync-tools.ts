import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../shared/errors.ts';
import type { HumePort, HumeToolSpec } from './hume.port.ts';

/**
 * `voice:sync-tools`: makes Hume's tools match ours (created, or a new version when the schema or description
 * changed) and gives every configured EVI config (one client's, or all clients') a new version with exactly
 * these tools. Configs are platform-wide here on purpose: the operator syncs the whole deployment at once.
 */
export async function syncVoiceTools(
  em: EntityManager,
  hume: HumePort | null,
  tools: HumeToolSpec[],
  clientId: number | null,
) {
  if (!hume)
    throw new AppError('unavailable', 'VOICE_NOT_CONFIGURED', 'Hume is not configured (HUME_API_KEY, HUME_SECRET_KEY)');
  const synced = await hume.syncTools(tools);
  const rows: Array<{ evi_config_id: string }> = await em.execute(
    `select distinct evi_config_id from voice_configs where (?::int is null or client_id = ?) order by evi_config_id`,
    [clientId, clientId],
  );
  const configs = [];
  for (const { evi_config_id: configId } of rows) configs.push(await hume.attachTools(configId, synced));
  return { tools: synced, configs };
}
