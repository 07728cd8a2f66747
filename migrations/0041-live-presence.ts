import { Migration } from '@mikro-orm/migrations';

/**
 * Live classes: who is in a class (one row per user, reconciled from the socket and from LiveKit's webhooks),
 * which webhooks were already applied (LiveKit retries, so the same event id may arrive twice) and who attended.
 *
 * A user is present while `socket_count > 0` (sockets that sent `live:join`) or `media_present` (LiveKit says the
 * user is in the room). `media_event_at` is the LiveKit time of the last applied participant event: an older
 * event arriving late is ignored. `admitted_at` marks a seat taken through the join route (capacity counts those).
 */
export class Migration0041LivePresence extends Migration {
  override name = '0041-live-presence';

  override up(): void {
    this.addSql(`
      create table live_participants (
        client_id integer not null references clients (id) on delete cascade,
        class_id integer not null,
        user_id integer not null,
        display_name text not null default '',
        admitted_at timestamptz,
        socket_count integer not null default 0 check (socket_count >= 0),
        media_present boolean not null default false,
        media_event_at bigint not null default 0,
        first_joined_at timestamptz,
        last_left_at timestamptz,
        updated_at timestamptz not null default now(),
        primary key (client_id, class_id, user_id),
        foreign key (client_id, class_id) references classes (client_id, id) on delete cascade,
        foreign key (client_id, user_id) references users (client_id, id) on delete cascade
      )`);
    this.addSql(
      `create index live_participants_present on live_participants (client_id, class_id) where socket_count > 0 or media_present`,
    );

    this.addSql(`
      create table livekit_webhook_events (
        id text primary key,
        client_id integer references clients (id) on delete cascade,
        event text not null,
        received_at timestamptz not null default now()
      )`);

    this.addSql(`
      create table live_attendance (
        client_id integer not null references clients (id) on delete cascade,
        class_id integer not null,
        user_id integer not null,
        first_joined_at timestamptz not null,
        last_left_at timestamptz,
        recorded_at timestamptz not null default now(),
        primary key (client_id, class_id, user_id),
        foreign key (client_id, class_id) references classes (client_id, id) on delete cascade,
        foreign key (client_id, user_id) references users (client_id, id) on delete cascade
      )`);
  }

  override down(): void {
    for (const table of ['live_attendance', 'livekit_webhook_events', 'live_participants'])
      this.addSql(`drop table if exists ${table} cascade`);
  }
}
