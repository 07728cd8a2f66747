import { Migration } from '@mikro-orm/migrations';

/**
 * Platform core: tenants, keys, identities, vouchers.
 *
 * Every tenant-owned table carries `client_id` and a `unique (client_id, id)` so that rows pointing at
 * each other do so through composite foreign keys: a row can never reference another tenant's row,
 * whatever the application code does.
 */
export class Migration0001PlatformCore extends Migration {
  override name = '0001-platform-core';

  override up(): void {
    this.addSql(`
      create table clients (
        id integer generated always as identity primary key,
        slug text not null unique check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$'),
        name text not null check (length(name) between 1 and 120),
        branding jsonb not null default '{}'::jsonb,
        enabled_features text[] not null default '{}',
        requires_voucher boolean not null default false,
        is_default boolean not null default false,
        settings jsonb not null default '{}'::jsonb,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint clients_features_known check (enabled_features <@ array['classes','live_classes','workout_builder','nutrition','coach_connect','ai_coach']::text[])
      )`);
    // At most one client receives universal-key registrations that carry no voucher.
    this.addSql(`create unique index clients_one_default on clients (is_default) where is_default`);

    this.addSql(`
      create table api_keys (
        id integer generated always as identity primary key,
        client_id integer references clients (id) on delete cascade,
        kind text not null check (kind in ('client', 'universal')),
        name text not null default 'default',
        prefix text not null unique,
        key_hash text not null unique,
        created_at timestamptz not null default now(),
        last_used_at timestamptz,
        revoked_at timestamptz,
        rotated_from_id integer references api_keys (id) on delete set null,
        constraint api_keys_universal_has_no_client check ((kind = 'universal') = (client_id is null))
      )`);
    this.addSql(`create index api_keys_client on api_keys (client_id)`);

    this.addSql(`
      create table users (
        id integer generated always as identity primary key,
        client_id integer not null references clients (id) on delete cascade,
        email text not null check (email = lower(email) and length(email) <= 254),
        password_hash text not null,
        name text,
        role text not null default 'user' check (role in ('user', 'trainer')),
        profile jsonb not null default '{}'::jsonb,
        settings jsonb not null default '{}'::jsonb,
        coach_id integer,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (client_id, email),
        unique (client_id, id)
      )`);

    this.addSql(`
      create table trainers (
        id integer generated always as identity primary key,
        client_id integer not null references clients (id) on delete cascade,
        user_id integer,
        name text not null check (length(name) between 1 and 120),
        email text check (email = lower(email)),
        bio text not null default '',
        image_url text,
        specialisations text[] not null default '{}',
        is_active boolean not null default true,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (client_id, id),
        unique (client_id, user_id),
        foreign key (client_id, user_id) references users (client_id, id) on delete set null (user_id)
      )`);
    this.addSql(`alter table users add constraint users_coach_fk foreign key (client_id, coach_id)
      references trainers (client_id, id) on delete set null (coach_id)`);

    this.addSql(`
      create table trainer_invites (
        id integer generated always as identity primary key,
        client_id integer not null references clients (id) on delete cascade,
        trainer_id integer not null,
        code text not null unique,
        status text not null default 'active' check (status in ('active', 'used', 'revoked', 'expired')),
        expires_at timestamptz,
        used_at timestamptz,
        created_at timestamptz not null default now(),
        unique (client_id, id),
        foreign key (client_id, trainer_id) references trainers (client_id, id) on delete cascade
      )`);

    this.addSql(`
      create table partners (
        id integer generated always as identity primary key,
        client_id integer not null references clients (id) on delete cascade,
        name text not null check (length(name) between 1 and 120),
        created_at timestamptz not null default now(),
        unique (client_id, id)
      )`);

    // Partner staff sign in without an API key, so their e-mail is unique across the platform.
    this.addSql(`
      create table partner_staff (
        id integer generated always as identity primary key,
        client_id integer not null references clients (id) on delete cascade,
        partner_id integer not null,
        email text not null unique check (email = lower(email)),
        name text,
        password_hash text not null,
        role text not null default 'staff' check (role in ('owner', 'staff')),
        created_at timestamptz not null default now(),
        unique (client_id, id),
        foreign key (client_id, partner_id) references partners (client_id, id) on delete cascade
      )`);

    // Codes are unique platform-wide: a universal key resolves the tenant from the code alone.
    this.addSql(`
      create table vouchers (
        id integer generated always as identity primary key,
        client_id integer not null references clients (id) on delete cascade,
        partner_id integer,
        code text not null unique check (code ~ '^[A-Z0-9-]{4,40}$'),
        status text not null default 'active' check (status in ('active', 'redeemed', 'expired', 'revoked')),
        expires_at timestamptz,
        redeemed_at timestamptz,
        redeemed_by_user_id integer,
        revoked_at timestamptz,
        created_at timestamptz not null default now(),
        unique (client_id, id),
        foreign key (client_id, partner_id) references partners (client_id, id) on delete set null (partner_id),
        foreign key (client_id, redeemed_by_user_id) references users (client_id, id) on delete set null (redeemed_by_user_id),
        constraint vouchers_redeemed_has_time check ((status = 'redeemed') = (redeemed_at is not null))
      )`);
    this.addSql(`create index vouchers_client_status on vouchers (client_id, status)`);
    this.addSql(
      `create index vouchers_expiring on vouchers (expires_at) where status = 'active' and expires_at is not null`,
    );

    // One row per refresh token; tokens rotated from one login share a family, so reuse of a rotated
    // token can revoke all of its descendants at once.
    this.addSql(`
      create table refresh_tokens (
        id uuid primary key,
        client_id integer not null references clients (id) on delete cascade,
        user_id integer,
        partner_staff_id integer,
        family_id uuid not null,
        token_hash text not null unique,
        expires_at timestamptz not null,
        created_at timestamptz not null default now(),
        rotated_at timestamptz,
        revoked_at timestamptz,
        constraint refresh_tokens_one_subject check ((user_id is null) <> (partner_staff_id is null)),
        foreign key (client_id, user_id) references users (client_id, id) on delete cascade,
        foreign key (client_id, partner_staff_id) references partner_staff (client_id, id) on delete cascade
      )`);
    this.addSql(`create index refresh_tokens_family on refresh_tokens (family_id)`);

    this.addSql(`
      create table platform_admins (
        id integer generated always as identity primary key,
        email text not null unique check (email = lower(email)),
        name text,
        password_hash text not null,
        created_at timestamptz not null default now()
      )`);

    // Which node ran which job tick, and which tenants failed in it (jobs isolate tenant failures).
    this.addSql(`
      create table job_runs (
        id bigint generated always as identity primary key,
        job text not null,
        started_at timestamptz not null default now(),
        finished_at timestamptz,
        tenants_ok integer not null default 0,
        tenants_failed integer not null default 0,
        failures jsonb not null default '[]'::jsonb,
        node text not null
      )`);
    this.addSql(`create index job_runs_job_started on job_runs (job, started_at desc)`);
  }

  override down(): void {
    for (const table of [
      'job_runs',
      'platform_admins',
      'refresh_tokens',
      'vouchers',
      'partner_staff',
      'partners',
      'trainer_invites',
      'users',
      'trainers',
      'api_keys',
      'clients',
    ]) {
      this.addSql(`drop table if exists ${table} cascade`);
    }
  }
}
