import { Migration } from '@mikro-orm/migrations';

/**
 * Calendar (ICS) feed links: one live link per account and scope ('user': my bookings; 'trainer': the
 * trainer profile's sessions and classes). The link carries a random secret stored only as its SHA-256,
 * so the link is unguessable, a leaked database does not reveal live links, and revoking is one update.
 */
export class Migration0021CalendarFeeds extends Migration {
  override name = '0021-calendar-feeds';

  override up(): void {
    this.addSql(`
      create table calendar_feeds (
        id integer generated always as identity primary key,
        client_id integer not null references clients (id) on delete cascade,
        user_id integer not null,
        scope text not null check (scope in ('user', 'trainer')),
        token_hash text not null unique,
        created_at timestamptz not null default now(),
        revoked_at timestamptz,
        unique (client_id, id),
        foreign key (client_id, user_id) references users (client_id, id) on delete cascade
      )`);
    this.addSql(
      `create unique index calendar_feeds_one_live on calendar_feeds (client_id, user_id, scope) where revoked_at is null`,
    );
  }
}
