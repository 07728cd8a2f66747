import { Migration } from '@mikro-orm/migrations';

/**
 * Viewing sessions: one row per playback of a class on a device, written by batched heartbeats.
 *
 * `progress_seconds` is the furthest point reached (never goes backwards), `position_seconds` where the player
 * was at the latest heartbeat (`last_seq`), `watched_seconds` the seconds actually played (for analytics and
 * billing). A session completes once: only a conditional `update ... where status <> 'completed'` sets it.
 * Deleting a class keeps its sessions (watch time stays billable); deleting the user removes them.
 */
export class Migration0040ViewingSessions extends Migration {
  override name = '0040-viewing-sessions';

  override up(): void {
    this.addSql(`
      create table viewing_sessions (
        id integer generated always as identity primary key,
        client_id integer not null references clients (id) on delete cascade,
        user_id integer not null,
        class_id integer,
        device_type text not null check (device_type ~ '^[a-z0-9_-]{1,40}$'),
        status text not null default 'active' check (status in ('active', 'completed', 'abandoned')),
        progress_seconds integer not null default 0 check (progress_seconds >= 0),
        position_seconds integer not null default 0 check (position_seconds >= 0),
        total_duration_seconds integer not null check (total_duration_seconds > 0),
        watched_seconds integer not null default 0 check (watched_seconds >= 0),
        last_seq bigint not null default -1,
        heartbeats integer not null default 0,
        started_at timestamptz not null default now(),
        last_heartbeat_at timestamptz not null default now(),
        completed_at timestamptz,
        ended_at timestamptz,
        unique (client_id, id),
        foreign key (client_id, user_id) references users (client_id, id) on delete cascade,
        foreign key (client_id, class_id) references classes (client_id, id) on delete set null (class_id),
        constraint viewing_sessions_completed_has_time check ((status = 'completed') = (completed_at is not null))
      )`);
    this.addSql(
      `create index viewing_sessions_user_recent on viewing_sessions (client_id, user_id, last_heartbeat_at desc)`,
    );
    this.addSql(`create index viewing_sessions_class on viewing_sessions (client_id, class_id)`);
    // The stale-session job scans only the sessions still running.
    this.addSql(
      `create index viewing_sessions_active on viewing_sessions (client_id, last_heartbeat_at) where status = 'active'`,
    );
  }

  override down(): void {
    this.addSql('drop table if exists viewing_sessions cascade');
  }
}
