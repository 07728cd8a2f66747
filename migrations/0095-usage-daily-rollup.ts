import { Migration } from '@mikro-orm/migrations';

/**
 * A per-member, per-kind, per-UTC-day rollup of the usage record, kept by statement-level triggers on
 * `usage_records`, so the monthly billing reads about one row per member and day instead of every quarter hour
 * (10 M record rows become ~0.5 M rollup rows plus the raw rows of the month's two partial UTC days; see
 * domain/partner-usage/billing-report.ts). Every writer of the record (the usage-watch job's add, voice minutes'
 * add, live attendance's set, seeds, erasure) goes through the triggers, so the rollup cannot drift from it:
 * inserts add, updates add new minus old, deletes subtract. The triggers run once per statement over its
 * transition tables, so a usage-watch tick costs one more grouped upsert, not one per row.
 */
export class Migration0095UsageDailyRollup extends Migration {
  override name = '0095-usage-daily-rollup';

  override up(): void {
    this.addSql(`
      create table usage_daily (
        client_id integer not null references clients (id) on delete cascade,
        user_id integer not null,
        kind text not null check (kind in ('watch', 'live', 'voice')),
        day date not null,
        seconds bigint not null default 0,
        primary key (client_id, day, user_id, kind),
        foreign key (client_id, user_id) references users (client_id, id) on delete cascade
      )`);
    // Sorted upserts, so two writers that touch the same members take their row locks in the same order.
    this.addSql(`
      create function usage_daily_apply() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' then
          insert into usage_daily as d (client_id, user_id, kind, day, seconds)
          select client_id, user_id, kind, (bucket at time zone 'UTC')::date, sum(seconds) from new_rows
          group by 1, 2, 3, 4 order by 1, 4, 2, 3
          on conflict (client_id, day, user_id, kind) do update set seconds = d.seconds + excluded.seconds;
        elsif tg_op = 'UPDATE' then
          insert into usage_daily as d (client_id, user_id, kind, day, seconds)
          select client_id, user_id, kind, day, sum(seconds) from (
            select client_id, user_id, kind, (bucket at time zone 'UTC')::date as day, seconds from new_rows
            union all
            select client_id, user_id, kind, (bucket at time zone 'UTC')::date, -seconds from old_rows) x
          group by 1, 2, 3, 4 having sum(seconds) <> 0 order by 1, 4, 2, 3
          on conflict (client_id, day, user_id, kind) do update set seconds = d.seconds + excluded.seconds;
        else
          -- An update, not an upsert: when the user is being erased their rollup rows go by cascade, and an
          -- insert would point at a user that no longer exists.
          update usage_daily d set seconds = d.seconds - x.seconds
          from (select client_id, user_id, kind, (bucket at time zone 'UTC')::date as day, sum(seconds) as seconds
                from old_rows group by 1, 2, 3, 4) x
          where d.client_id = x.client_id and d.day = x.day and d.user_id = x.user_id and d.kind = x.kind;
        end if;
        return null;
      end $$`);
    // Transition tables allow one event per trigger.
    this.addSql(`create trigger usage_daily_insert after insert on usage_records referencing new table as new_rows
      for each statement execute function usage_daily_apply()`);
    this
      .addSql(`create trigger usage_daily_update after update on usage_records referencing old table as old_rows new table as new_rows
      for each statement execute function usage_daily_apply()`);
    this.addSql(`create trigger usage_daily_delete after delete on usage_records referencing old table as old_rows
      for each statement execute function usage_daily_apply()`);
    this.addSql(`
      insert into usage_daily (client_id, user_id, kind, day, seconds)
      select client_id, user_id, kind, (bucket at time zone 'UTC')::date, sum(seconds) from usage_records group by 1, 2, 3, 4`);
  }

  override down(): void {
    for (const t of ['insert', 'update', 'delete'])
      this.addSql(`drop trigger if exists usage_daily_${t} on usage_records`);
    this.addSql('drop function if exists usage_daily_apply()');
    this.addSql('drop table if exists usage_daily cascade');
  }
}
