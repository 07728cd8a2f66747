import { Migration } from '@mikro-orm/migrations';

/**
 * A job tick is identified by (job, tick): the unique index makes the job_runs row the claim, so a tick
 * runs once across all nodes even when the advisory lock cannot tell them apart (embedded database).
 * Rows from before this migration have no tick; nulls do not collide.
 */
export class Migration0003JobTicks extends Migration {
  override name = '0003-job-ticks';

  override up(): void {
    this.addSql(`alter table job_runs add column tick timestamptz`);
    this.addSql(`create unique index job_runs_job_tick on job_runs (job, tick)`);
  }

  override down(): void {
    this.addSql(`drop index if exists job_runs_job_tick`);
    this.addSql(`alter table job_runs drop column if exists tick`);
  }
}
