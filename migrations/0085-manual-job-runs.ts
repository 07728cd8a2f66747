import { Migration } from '@mikro-orm/migrations';

/**
 * An operator's manual run is recorded apart from the scheduled ticks: it never claims (job, tick), so it
 * cannot use up the cron slot the scheduler will claim. Only scheduled runs stay unique per tick.
 */
export class Migration0085ManualJobRuns extends Migration {
  override name = '0085-manual-job-runs';

  override up(): void {
    this.addSql(
      `alter table job_runs add column trigger text not null default 'schedule' check (trigger in ('schedule', 'manual'))`,
    );
    this.addSql(`drop index if exists job_runs_job_tick`);
    this.addSql(`create unique index job_runs_job_tick on job_runs (job, tick) where trigger = 'schedule'`);
  }

  override down(): void {
    this.addSql(`delete from job_runs where trigger = 'manual'`);
    this.addSql(`drop index if exists job_runs_job_tick`);
    this.addSql(`create unique index job_runs_job_tick on job_runs (job, tick)`);
    this.addSql(`alter table job_runs drop column if exists trigger`);
  }
}
