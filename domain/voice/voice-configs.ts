import type { Ctx } from '../shared/context.ts';
import { AppError } from '../shared/errors.ts';

/** A Hume EVI config: its id and, optionally, a pinned version (none = Hume's latest). */
export interface EviConfig {
  configId: string;
  version: number | null;
}

interface ConfigRow {
  trainer_id: number | null;
  evi_config_id: string;
  evi_config_version: number | null;
}

const toConfig = (r: ConfigRow): EviConfig => ({
  configId: r.evi_config_id,
  version: r.evi_config_version === null ? null : Number(r.evi_config_version),
});

/** The client's own config (what users without a coach of their own, and onboarding, talk to). */
export async function setClientVoiceConfig(ctx: Ctx, config: EviConfig) {
  await ctx.em.execute(
    `insert into voice_configs (client_id, trainer_id, evi_config_id, evi_config_version) values (?, null, ?, ?)
     on conflict (client_id) where trainer_id is null do update set evi_config_id = excluded.evi_config_id,
       evi_config_version = excluded.evi_config_version, updated_at = now()`,
    [ctx.tenant.id, config.configId, config.version],
  );
  return listVoiceConfigs(ctx);
}

/**
 * Per-trainer configs, all or nothing: one statement, so an id of another client's trainer (which the composite
 * foreign key refuses) leaves nothing half-written. A null configId removes the trainer's own config.
 */
export async function setTrainerVoiceConfigs(
  ctx: Ctx,
  trainers: Array<{ trainerId: number; configId: string | null; version?: number | null | undefined }>,
) {
  const set = trainers.filter((t) => t.configId !== null);
  const cleared = trainers.filter((t) => t.configId === null).map((t) => t.trainerId);
  const known: Array<{ id: number }> = await ctx.em.execute(
    `select id from trainers where client_id = ? and id in (select value::int from jsonb_array_elements_text(?::jsonb))`,
    [ctx.tenant.id, JSON.stringify(trainers.map((t) => t.trainerId))],
  );
  const missing = trainers.map((t) => t.trainerId).filter((id) => !known.some((k) => Number(k.id) === id));
  if (missing.length)
    throw new AppError('not_found', 'TRAINER_NOT_FOUND', `No trainer of this client has the id ${missing.join(', ')}`);
  if (cleared.length)
    await ctx.em.execute(
      `delete from voice_configs where client_id = ? and trainer_id in (select value::int from jsonb_array_elements_text(?::jsonb))`,
      [ctx.tenant.id, JSON.stringify(cleared)],
    );
  if (set.length) {
    await ctx.em.execute(
      `insert into voice_configs (client_id, trainer_id, evi_config_id, evi_config_version)
       select ?, t.trainer_id, t.config_id, t.version from jsonb_to_recordset(?::jsonb) as t(trainer_id int, config_id text, version int)
       on conflict (client_id, trainer_id) where trainer_id is not null do update set evi_config_id = excluded.evi_config_id,
         evi_config_version = excluded.evi_config_version, updated_at = now()`,
      [
        ctx.tenant.id,
        JSON.stringify(
          set.map((t) => ({ trainer_id: t.trainerId, config_id: t.configId, version: t.version ?? null })),
        ),
      ],
    );
  }
  return listVoiceConfigs(ctx);
}

export async function listVoiceConfigs(ctx: Ctx) {
  const rows: ConfigRow[] = await ctx.em.execute(
    `select trainer_id, evi_config_id, evi_config_version from voice_configs where client_id = ? order by trainer_id nulls first`,
    [ctx.tenant.id],
  );
  const client = rows.find((r) => r.trainer_id === null);
  return {
    client: client ? toConfig(client) : null,
    trainers: rows
      .filter((r) => r.trainer_id !== null)
      .map((r) => ({ trainerId: Number(r.trainer_id), ...toConfig(r) })),
  };
}

/**
 * The config a conversation uses: the coach's own when the coach has one, else the client's. `coachId` is the
 * user's coach (or the onboarding session's chosen coach); null when there is none.
 */
export async function resolveVoiceConfig(
  ctx: Ctx,
  coachId: number | null,
): Promise<(EviConfig & { source: 'coach' | 'client'; trainerId: number | null }) | null> {
  const rows: ConfigRow[] = await ctx.em.execute(
    `select trainer_id, evi_config_id, evi_config_version from voice_configs
     where client_id = ? and (trainer_id is null or trainer_id = ?) order by trainer_id nulls last limit 1`,
    [ctx.tenant.id, coachId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    ...toConfig(row),
    source: row.trainer_id === null ? 'client' : 'coach',
    trainerId: row.trainer_id === null ? null : Number(row.trainer_id),
  };
}
