import { Migration } from '@mikro-orm/migrations';

/**
 * The usage record partners see and are billed on: seconds of usage per member, per kind (`watch` for classes
 * on demand, `live` for live-class attendance, `voice` for voice-coach minutes), per subject (the class; 0 when
 * there is none) and per quarter hour (UTC). Quarter hours, not days, so a day, week or month in any partner's
 * time zone (every zone's offset is a multiple of 15 minutes) is an exact sum of buckets.
 *
 * Watch seconds ride the heartbeat batch statement: the batch UPDATE stores what it added to a session's
 * `watched_seconds` in `watch_increment`, and the same statement adds exactly that to the bucket. The increment
 * is derived from the session's stored progress (a replayed or duplicated heartbeat adds 0), so replays and two
 * nodes handling the same session count once.
 */
export class Migration0065UsageRecord extends Migration {
  override name = '0065-usage-record';

  override up(): void {
    this.addSql(`
      create table usage_records (
        id bigint generated always as identity primary key,
        client_id integer not null references clients (id) on delete cascade,
        user_id integer not null,
        kind text not null check (kind in ('watch', 'live', 'voice')),
        subject_id integer not null default 0 check (subject_id >= 0),
        bucket timestamptz not null check (extract(epoch from bucket)::bigint % 900 = 0),
        seconds integer not null default 0 check (seconds >= 0),
        unique (client_id, id),
        unique (client_id, user_id, kind, subject_id, bucket),
        foreign key (client_id, user_id) references users (client_id, id) on delete cascade
      )`);
    this.addSql(`create index usage_records_client_bucket on usage_records (client_id, bucket)`);
    this.addSql(`alter table viewing_sessions add column watch_increment integer not null default 0`);
    // A partner's reports and analytics use its time zone; null = the client's time zone, else UTC.
    this.addSql(
      `alter table partners add column time_zone text check (time_zone is null or length(time_zone) between 1 and 64)`,
    );
    // Members of a partner = users who redeemed its vouchers: looked up by user (heartbeat batches) and by partner.
    this.addSql(
      `create index if not exists usage_vouchers_redeemer on vouchers (client_id, redeemed_by_user_id, redeemed_at) where status = 'redeemed'`,
    );
    this.addSql(
      `create index if not exists usage_vouchers_partner_redeemed on vouchers (client_id, partner_id, redeemed_at) where status = 'redeemed'`,
    );
  }

  override down(): void {
    this.addSql('drop index if exists usage_vouchers_partner_redeemed');
    this.addSql('drop index if exists usage_vouchers_redeemer');
    this.addSql('alter table partners drop column if exists time_zone');
    this.addSql('alter table viewing_sessions drop column if exists watch_increment');
    this.addSql('drop table if exists usage_records cascade');
  }
}
