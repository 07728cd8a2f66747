import { Migration } from '@mikro-orm/migrations';

/**
 * Content: a platform-wide category catalogue, the categories each client shows, and each client's classes
 * (on-demand and live).
 *
 * A class points at its trainer and at its client's category assignment through composite foreign keys, so a
 * class can only name a trainer of its own client and a category that client has been given.
 *
 * Search: `search_vector` is a stored generated column (name A, trainer and category names B, description C),
 * built with an immutable wrapper around `unaccent` (the extension function itself is only STABLE, so it cannot
 * appear in a generated column). Trainer and category names live in `search_names`, kept current by triggers on
 * classes, trainers and categories. A trigram index on the name backs the typo-tolerant fallback.
 */
export class Migration0010Content extends Migration {
  override name = '0010-content';

  override up(): void {
    this.addSql(`
      create or replace function content_unaccent(text) returns text
        language sql immutable parallel safe strict
        as $$ select public.unaccent('public.unaccent'::regdictionary, $1) $$`);

    this.addSql(`
      create table categories (
        id integer generated always as identity primary key,
        name text not null unique check (length(name) between 1 and 80),
        slug text not null unique check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$'),
        image_url text,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);

    this.addSql(`
      create table client_categories (
        id integer generated always as identity primary key,
        client_id integer not null references clients (id) on delete cascade,
        category_id integer not null references categories (id) on delete cascade,
        position integer not null default 0,
        created_at timestamptz not null default now(),
        unique (client_id, id),
        unique (client_id, category_id)
      )`);

    this.addSql(`
      create table classes (
        id integer generated always as identity primary key,
        client_id integer not null references clients (id) on delete cascade,
        name text not null check (length(name) between 1 and 160),
        description text not null default '' check (length(description) <= 5000),
        thumbnail_url text,
        duration_seconds integer not null check (duration_seconds between 1 and 86400),
        intensity text not null check (intensity in ('low', 'medium', 'high')),
        is_premium boolean not null default false,
        trainer_id integer,
        category_id integer,
        kind text not null default 'on_demand' check (kind in ('on_demand', 'live')),
        video_provider text,
        video_asset_id text,
        is_featured boolean not null default false,
        published_at timestamptz,
        scheduled_at timestamptz,
        status text check (status in ('scheduled', 'live', 'ended')),
        capacity integer check (capacity > 0),
        started_at timestamptz,
        ended_at timestamptz,
        search_names text not null default '',
        search_vector tsvector generated always as (
          setweight(to_tsvector('simple', content_unaccent(name)), 'A') ||
          setweight(to_tsvector('simple', content_unaccent(search_names)), 'B') ||
          setweight(to_tsvector('simple', content_unaccent(description)), 'C')
        ) stored,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (client_id, id),
        foreign key (client_id, trainer_id) references trainers (client_id, id) on delete set null (trainer_id),
        foreign key (client_id, category_id) references client_categories (client_id, category_id) on delete set null (category_id),
        constraint classes_live_is_scheduled check ((kind = 'live') = (scheduled_at is not null and status is not null)),
        constraint classes_video_source_whole check ((video_provider is null) = (video_asset_id is null))
      )`);
    this.addSql(`create index classes_search on classes using gin (search_vector)`);
    this.addSql(`create index classes_name_trgm on classes using gin (name gin_trgm_ops)`);
    this.addSql(`create index classes_client_published on classes (client_id, published_at desc)`);
    this.addSql(`create index classes_client_category on classes (client_id, category_id)`);
    this.addSql(`create index classes_client_trainer on classes (client_id, trainer_id)`);
    this.addSql(`create index classes_live_upcoming on classes (client_id, scheduled_at) where kind = 'live'`);

    // The trainer's and category's names as searchable text, refreshed when either side changes.
    this.addSql(`
      create or replace function classes_search_names(p_client integer, p_trainer integer, p_category integer) returns text
        language sql stable
        as $$ select concat_ws(' ',
          (select t.name from trainers t where t.client_id = p_client and t.id = p_trainer),
          (select c.name from categories c where c.id = p_category)) $$`);
    this.addSql(`
      create or replace function classes_set_search_names() returns trigger language plpgsql as $$
      begin
        new.search_names := coalesce(classes_search_names(new.client_id, new.trainer_id, new.category_id), '');
        return new;
      end $$`);
    this.addSql(`
      create trigger classes_search_names before insert or update of trainer_id, category_id on classes
        for each row execute function classes_set_search_names()`);
    this.addSql(`
      create or replace function classes_refresh_search_names() returns trigger language plpgsql as $$
      begin
        if tg_table_name = 'trainers' then
          update classes set search_names = coalesce(classes_search_names(client_id, trainer_id, category_id), '')
            where client_id = new.client_id and trainer_id = new.id;
        else
          update classes set search_names = coalesce(classes_search_names(client_id, trainer_id, category_id), '')
            where category_id = new.id;
        end if;
        return null;
      end $$`);
    this.addSql(`
      create trigger trainers_refresh_class_search after update of name on trainers
        for each row when (old.name is distinct from new.name) execute function classes_refresh_search_names()`);
    this.addSql(`
      create trigger categories_refresh_class_search after update of name on categories
        for each row when (old.name is distinct from new.name) execute function classes_refresh_search_names()`);
  }

  override down(): void {
    this.addSql('drop trigger if exists trainers_refresh_class_search on trainers');
    this.addSql('drop trigger if exists categories_refresh_class_search on categories');
    for (const table of ['classes', 'client_categories', 'categories'])
      this.addSql(`drop table if exists ${table} cascade`);
    this.addSql(
      'drop function if exists classes_refresh_search_names(), classes_set_search_names(), classes_search_names(integer, integer, integer), content_unaccent(text)',
    );
  }
}
