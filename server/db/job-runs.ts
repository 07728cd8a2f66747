import type { EntityManager } from '@mikro-orm/postgresql';

/** `schedule`: the cron tick, once per cluster; `manual`: an operator's run now (admin API, CLI). */
export type JobTrigger = 'schedule' | 'manual';

export interface TenantFailure {
  clientId: number;
  slug: string;
  error: string;
}

/**
 * Claims (job, tick) by inserting its job_runs row; the unique index lets exactly one node win, and
 * a tick that already ran (on any node, before a restart) is not run again. Null when already claimed.
 */
export async function claimTick(
  em: EntityManager,
  job: string,
  tick: Date,
  node: string,
  trigger: JobTrigger = 'schedule',
): Promise<number | null> {
  // A manual run is outside the partial unique index: it is recorded, and never takes a scheduled tick.
  const rows: Array<{ id: string | number }> = await em.execute(
    `insert into job_runs (job, tick, node, trigger) values (?, ?::timestamptz, ?, ?)
     on conflict (job, tick) where trigger = 'schedule' do nothing returning id`,
    [job, tick, node, trigger],
  );
  return rows[0] ? Number(rows[0].id) : null;
}

export async function finishRun(
  em: EntityManager,
  runId: number,
  ok: number,
  failures: TenantFailure[],
): Promise<void> {
  await em.execute(
    `update job_runs set finished_at = now(), tenants_ok = ?, tenants_failed = ?, failures = ?::jsonb where id = ?`,
    [ok, failures.length, JSON.stringify(failures), runId],
  );
}
