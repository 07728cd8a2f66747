import { Migration } from '@mikro-orm/migrations';

/**
 * Personalisation (issue 5): saved plans, progress logs and onboarding sessions before registration.
 *
 * Every user-owned row cascades from its user (account erasure is one `delete from users`), and points
 * at its user through the composite `(client_id, user_id)` key, so a row cannot cross tenants. Each
 * progress row carries the user's local calendar date, fixed when it was logged, so daily totals are a
 * plain `group by local_date` whatever the user's time zone later becomes.
 */
export class Migration0030Personalisation extends Migration {
  override name = '0030-personalisation';

  override up(): void {
    this.addSql(`
      create table user_plans (
        id integer generated always as identity primary key,
        client_id integer not null references clients (id) on delete cascade,
        user_id integer not null,
        kind text not null check (kind in ('workout', 'nutrition', 'class')),
        plan jsonb not null,
        seed text not null,
        provider text not null check (length(provider) between 1 and 60),
        active boolean not null default true,
        created_at timestamptz not null default now(),
        unique (client_id, id),
        foreign key (client_id, user_id) references users (client_id, id) on delete cascade
      )`);
    // One active plan per user and kind: replacing one is deactivate + insert in one transaction, and two
    // concurrent replacements cannot both leave an active plan behind.
    this.addSql(`create unique index user_plans_one_active on user_plans (client_id, user_id, kind) where active`);
    this.addSql(`create index user_plans_user on user_plans (client_id, user_id, kind, created_at desc)`);

    this.addSql(`
      create table progress_workouts (
        id integer generated always as identity primary key,
        client_id integer not null references clients (id) on delete cascade,
        user_id integer not null,
        local_date date not null,
        plan_id integer,
        name text not null check (length(name) between 1 and 120),
        duration_minutes integer not null check (duration_minutes between 1 and 600),
        calories_burned integer check (calories_burned between 0 and 10000),
        exercises jsonb not null default '[]'::jsonb,
        notes text not null default '' check (length(notes) <= 1000),
        logged_at timestamptz not null default now(),
        unique (client_id, id),
        foreign key (client_id, user_id) references users (client_id, id) on delete cascade,
        foreign key (client_id, plan_id) references user_plans (client_id, id) on delete set null (plan_id)
      )`);
    this.addSql(`create index progress_workouts_day on progress_workouts (client_id, user_id, local_date)`);

    // Either a library food and its grams (nutrients computed by us at log time) or free macros.
    this.addSql(`
      create table progress_nutrition (
        id integer generated always as identity primary key,
        client_id integer not null references clients (id) on delete cascade,
        user_id integer not null,
        local_date date not null,
        meal_type text check (meal_type in ('breakfast', 'lunch', 'dinner', 'snack')),
        food_id text check (length(food_id) <= 80),
        grams numeric(8, 2) check (grams > 0 and grams <= 5000),
        name text not null check (length(name) between 1 and 120),
        calories numeric(8, 2) not null check (calories between 0 and 20000),
        protein numeric(8, 2) not null check (protein between 0 and 2000),
        carbs numeric(8, 2) not null check (carbs between 0 and 2000),
        fat numeric(8, 2) not null check (fat between 0 and 2000),
        logged_at timestamptz not null default now(),
        unique (client_id, id),
        foreign key (client_id, user_id) references users (client_id, id) on delete cascade,
        constraint progress_nutrition_food_has_grams check ((food_id is null) = (grams is null))
      )`);
    this.addSql(`create index progress_nutrition_day on progress_nutrition (client_id, user_id, local_date)`);

    this.addSql(`
      create table progress_water (
        id integer generated always as identity primary key,
        client_id integer not null references clients (id) on delete cascade,
        user_id integer not null,
        local_date date not null,
        ml integer not null check (ml between 1 and 5000),
        logged_at timestamptz not null default now(),
        unique (client_id, id),
        foreign key (client_id, user_id) references users (client_id, id) on delete cascade
      )`);
    this.addSql(`create index progress_water_day on progress_water (client_id, user_id, local_date)`);

    // Onboarding before an account exists: keyed by the app's session id within one client. The row is
    // deleted when registration consumes it; expired ones are purged by jobs/purge-onboarding.job.ts.
    this.addSql(`
      create table onboarding_profiles (
        id integer generated always as identity primary key,
        client_id integer not null references clients (id) on delete cascade,
        session_id text not null check (length(session_id) between 1 and 128),
        name text check (length(name) <= 120),
        profile jsonb not null default '{}'::jsonb,
        coach_id integer,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        expires_at timestamptz not null,
        unique (client_id, id),
        unique (client_id, session_id),
        foreign key (client_id, coach_id) references trainers (client_id, id) on delete set null (coach_id)
      )`);
    this.addSql(`create index onboarding_profiles_expiry on onboarding_profiles (expires_at)`);
  }

  override down(): void {
    for (const table of [
      'onboarding_profiles',
      'progress_water',
      'progress_nutrition',
      'progress_workouts',
      'user_plans',
    ]) {
      this.addSql(`drop table if exists ${table} cascade`);
    }
  }
}
