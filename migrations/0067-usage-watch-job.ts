import { Migration } from '@mikro-orm/migrations';

/**
 * Watch seconds move into the usage record by a once-a-minute job instead of inside the heartbeat batch (the
 * upsert there made each batch 2-3x dearer): `usage_recorded_seconds` is how much of a session's `watched_seconds`
 * the record already holds. Sessions recorded by the batch until now are marked as recorded.
 */
export class Migration0067UsageWatchJob extends Migration {
  override name = '0067-usage-watch-job';

  override up(): void {
    this.addSql(`alter table viewing_sessions add column usage_recorded_seconds integer not null default 0`);
    this.addSql(`update viewing_sessions set usage_recorded_seconds = watched_seconds`);
  }

  override down(): void {
    this.addSql('alter table viewing_sessions drop column if exists usage_recorded_seconds');
  }
}
