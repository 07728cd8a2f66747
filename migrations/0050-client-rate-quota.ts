import { Migration } from '@mikro-orm/migrations';

/** A platform admin's per-client aggregate request quota (requests per minute); null = the configured default. */
export class Migration0050ClientRateQuota extends Migration {
  override name = '0050-client-rate-quota';

  override up(): void {
    this.addSql(`alter table clients add column rate_limit_per_minute integer check (rate_limit_per_minute > 0)`);
  }
}
