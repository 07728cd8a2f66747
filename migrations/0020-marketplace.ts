import { Migration } from '@mikro-orm/migrations';

/**
 * Trainer marketplace: services, availability rules, 1-on-1 bookings, group classes and their rosters,
 * the stored booking feed and booking idempotency. Tenancy as in 0001: `client_id` everywhere and
 * composite foreign keys; user-owned rows cascade from users so erasing an account removes them.
 */
export class Migration0020Marketplace extends Migration {
  override name = '0020-marketplace';

  override up(): void {
    this.addSql(`
      create table trainer_services (
        id integer generated always as identity primary key,
        client_id integer not null references clients (id) on delete cascade,
        trainer_id integer not null,
        name text not null check (length(name) between 1 and 120),
        description text not null default '',
        duration_minutes integer not null check (duration_minutes between 5 and 480),
        price_minor integer not null check (price_minor >= 0),
        currency text not null check (currency ~ '^[A-Z]{3}$'),
        is_active boolean not null default true,
        created_at timestamptz not null default now(),
        unique (client_id, id),
        foreign key (client_id, trainer_id) references trainers (client_id, id) on delete cascade
      )`);
    this.addSql(`create index trainer_services_trainer on trainer_services (client_id, trainer_id)`);

    // One row per trainer: the rules exactly as domain/marketplace/availability.schemas.ts parses them.
    this.addSql(`
      create table trainer_availability (
        client_id integer not null references clients (id) on delete cascade,
        trainer_id integer not null,
        rules jsonb not null,
        updated_at timestamptz not null default now(),
        primary key (client_id, trainer_id),
        foreign key (client_id, trainer_id) references trainers (client_id, id) on delete cascade
      )`);

    // blocked_range is the session widened by the trainer's buffers (blockedRange in slots.ts), so the
    // exclusion constraint enforces buffers the way the slot engine does: overlap is impossible, and a
    // lost race is a 23P01 that the booking use case answers as 409 SLOT_UNAVAILABLE.
    this.addSql(`
      create table bookings (
        id integer generated always as identity primary key,
        client_id integer not null references clients (id) on delete cascade,
        trainer_id integer not null,
        user_id integer not null,
        service_id integer not null,
        status text not null default 'confirmed'
          check (status in ('confirmed', 'in_progress', 'completed', 'cancelled', 'no_show')),
        starts_at timestamptz not null,
        ends_at timestamptz not null,
        blocked_range tstzrange not null,
        notes text not null default '',
        price_minor integer not null,
        currency text not null,
        cancelled_at timestamptz,
        cancelled_by text check (cancelled_by in ('user', 'trainer')),
        late_cancellation boolean not null default false,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (client_id, id),
        check (starts_at < ends_at),
        check (blocked_range @> tstzrange(starts_at, ends_at)),
        foreign key (client_id, trainer_id) references trainers (client_id, id) on delete cascade,
        foreign key (client_id, user_id) references users (client_id, id) on delete cascade,
        foreign key (client_id, service_id) references trainer_services (client_id, id) on delete restrict,
        constraint bookings_no_overlap exclude using gist (
          client_id with =, trainer_id with =, blocked_range with &&
        ) where (status in ('confirmed', 'in_progress', 'completed'))
      )`);
    this.addSql(`create index bookings_user on bookings (client_id, user_id, starts_at)`);
    this.addSql(`create index bookings_trainer on bookings (client_id, trainer_id, starts_at)`);

    // The first answer to a booking request per (client, user, Idempotency-Key), replayed on retries.
    this.addSql(`
      create table booking_idempotency (
        client_id integer not null references clients (id) on delete cascade,
        user_id integer not null,
        key text not null check (length(key) between 1 and 200),
        request_hash text not null,
        status_code integer not null,
        body jsonb not null,
        created_at timestamptz not null default now(),
        primary key (client_id, user_id, key),
        foreign key (client_id, user_id) references users (client_id, id) on delete cascade
      )`);

    // The stored booking feed, per recipient account. The stream row is locked by the transaction that
    // appends, so ids are gapless per recipient and commit in id order: "since N" never skips a late commit.
    this.addSql(`
      create table notification_streams (
        client_id integer not null references clients (id) on delete cascade,
        user_id integer not null,
        last_id bigint not null default 0,
        primary key (client_id, user_id),
        foreign key (client_id, user_id) references users (client_id, id) on delete cascade
      )`);
    this.addSql(`
      create table notifications (
        client_id integer not null references clients (id) on delete cascade,
        user_id integer not null,
        id bigint not null check (id > 0),
        room text not null,
        event text not null,
        payload jsonb not null,
        created_at timestamptz not null default now(),
        primary key (client_id, user_id, id),
        foreign key (client_id, user_id) references users (client_id, id) on delete cascade
      )`);

    this.addSql(`
      create table group_classes (
        id integer generated always as identity primary key,
        client_id integer not null references clients (id) on delete cascade,
        trainer_id integer not null,
        name text not null check (length(name) between 1 and 120),
        description text not null default '',
        starts_at timestamptz not null,
        duration_minutes integer not null check (duration_minutes between 5 and 480),
        capacity integer not null check (capacity between 1 and 1000),
        joined_count integer not null default 0,
        status text not null default 'scheduled' check (status in ('scheduled', 'cancelled', 'completed')),
        created_at timestamptz not null default now(),
        unique (client_id, id),
        -- the roster's last line of defence: a conditional increment can never oversell
        check (joined_count between 0 and capacity),
        foreign key (client_id, trainer_id) references trainers (client_id, id) on delete cascade
      )`);
    this.addSql(`create index group_classes_trainer on group_classes (client_id, trainer_id, starts_at)`);
    this.addSql(`
      create table group_class_members (
        id integer generated always as identity primary key,
        client_id integer not null references clients (id) on delete cascade,
        class_id integer not null,
        user_id integer not null,
        status text not null check (status in ('joined', 'waitlisted')),
        created_at timestamptz not null default now(),
        unique (client_id, class_id, user_id),
        foreign key (client_id, class_id) references group_classes (client_id, id) on delete cascade,
        foreign key (client_id, user_id) references users (client_id, id) on delete cascade
      )`);
    this.addSql(`create index group_class_members_user on group_class_members (client_id, user_id)`);

    // A programme's plan is its weeks: [{ sessionDays: [1, 3, 5] }, ...] (programme-state.ts).
    this.addSql(`
      create table programmes (
        id integer generated always as identity primary key,
        client_id integer not null references clients (id) on delete cascade,
        trainer_id integer not null,
        name text not null check (length(name) between 1 and 120),
        description text not null default '',
        weeks jsonb not null check (jsonb_typeof(weeks) = 'array' and jsonb_array_length(weeks) between 1 and 52),
        price_minor integer not null check (price_minor >= 0),
        currency text not null check (currency ~ '^[A-Z]{3}$'),
        is_active boolean not null default true,
        created_at timestamptz not null default now(),
        unique (client_id, id),
        foreign key (client_id, trainer_id) references trainers (client_id, id) on delete cascade
      )`);
    this.addSql(`
      create table programme_subscriptions (
        id integer generated always as identity primary key,
        client_id integer not null references clients (id) on delete cascade,
        programme_id integer not null,
        user_id integer not null,
        status text not null check (status in ('active', 'paused', 'cancelled', 'completed')),
        state jsonb not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (client_id, id),
        foreign key (client_id, programme_id) references programmes (client_id, id) on delete cascade,
        foreign key (client_id, user_id) references users (client_id, id) on delete cascade
      )`);
    // One live subscription per user and programme.
    this
      .addSql(`create unique index programme_subscriptions_live on programme_subscriptions (client_id, programme_id, user_id)
      where status in ('active', 'paused')`);
  }
}
