import { hostname } from 'node:os';
import type { Services } from '../server/services.ts';
import { jobRuns } from '../server/metrics.ts';
import { AppError } from '../domain/shared/errors.ts';
import { tenantOf } from '../domain/shared/scope.ts';
import { buildContext, runUseCase } from '../domain/shared/use-case.ts';
import { Client } from '../domain/tenancy/client.entity.ts';
import { platformEm } from '../server/db/orm.ts';
import { findJob } from './registry.ts';
import { tickOf, type JobDefinition } from './job.ts';
import { tryJobLock } from '../server/db/job-lock.ts';
import { claimTick, finishRun, type JobTrigger, type TenantFailure } from '../server/db/job-runs.ts';

export type JobRunResult =
  | {
      status: 'ran';
      runId: number;
      trigger: JobTrigger;
      tick: string;
      tenantsOk: number;
      tenantsFailed: number;
      failures: TenantFailure[];
    }
  | { status: 'skipped'; reason: 'locked' | 'already_ran'; tick: string };

const NODE = `${hostname()}:${process.pid}`;

/**
 * Runs a job now, as an operator (admin API, CLI): on the real clock (a caller never sets the job's time:
 * a tick in 2099 would expire every voucher), recorded as a manual run that leaves the cron slot alone.
 */
export function runJobNow(services: Services, name: string, input: unknown): Promise<JobRunResult> {
  return runJobOnce(services, name, new Date(), input, 'manual');
}

/**
 * One tick of one job: take the job's advisory lock, claim (job, tick) in job_runs, then run the job for
 * every client, each in its own transaction with a tenant-scoped context. A tenant that fails is logged
 * and recorded, and the others go on; events a tenant recorded are published after its commit.
 */
export async function runJobOnce(
  services: Services,
  jobOrName: string | JobDefinition<any>,
  at: Date = new Date(),
  input: unknown = {},
  trigger: JobTrigger = 'schedule',
): Promise<JobRunResult> {
  const job = typeof jobOrName === 'string' ? findJob(jobOrName) : jobOrName;
  if (!job) throw new AppError('not_found', 'JOB_NOT_FOUND', `No job named "${String(jobOrName)}"`);
  const payload = job.payload.parse(input);
  const tick = tickOf(at);
  const log = services.logger.child({ job: job.name, tick: tick.toISOString() });

  const lock = await tryJobLock(String(services.orm.config.get('clientUrl')), job.name);
  if (!lock) {
    jobRuns.inc({ job: job.name, outcome: 'skipped' });
    return { status: 'skipped', reason: 'locked', tick: tick.toISOString() };
  }
  try {
    const runId = await claimTick(platformEm(services.orm), job.name, tick, NODE, trigger);
    if (runId === null) {
      jobRuns.inc({ job: job.name, outcome: 'skipped' });
      return { status: 'skipped', reason: 'already_ran', tick: tick.toISOString() };
    }
    const clients = await platformEm(services.orm).find(Client, {}, { orderBy: { id: 'asc' } });
    const failures: TenantFailure[] = [];
    for (const client of clients) {
      const tenant = tenantOf(client);
      const ctx = buildContext(services.orm.em, {
        tenant,
        actor: { kind: 'system', job: job.name },
        clock: () => tick,
      });
      try {
        const result = await runUseCase(ctx, services.publisher, (tx) => job.runForTenant(tx, payload));
        if (result && Object.values(result).some((v) => v !== 0))
          log.info({ clientId: tenant.id, ...result }, 'job ran for tenant');
      } catch (err) {
        log.error({ err, clientId: tenant.id }, 'job failed for tenant; continuing with the others');
        failures.push({ clientId: tenant.id, slug: tenant.slug, error: (err as Error).message ?? String(err) });
      }
    }
    const ok = clients.length - failures.length;
    await finishRun(platformEm(services.orm), runId, ok, failures);
    jobRuns.inc({ job: job.name, outcome: failures.length ? 'partial' : 'ok' });
    return {
      status: 'ran',
      runId,
      trigger,
      tick: tick.toISOString(),
      tenantsOk: ok,
      tenantsFailed: failures.length,
      failures,
    };
  } catch (err) {
    jobRuns.inc({ job: job.name, outcome: 'error' });
    throw err;
  } finally {
    await lock.release().catch((err: Error) => log.warn({ err: err.message }, 'could not release the job lock'));
  }
}
