import { Migration } from '@mikro-orm/migrations';

/**
 * What calendar clients need to follow changes (issue 13): every booking, group class and class place
 * carries a `revision` that grows on each change a calendar shows (time, status, name) and an
 * `updated_at` that moves with it; the ICS feed answers them as SEQUENCE and LAST-MODIFIED. A user
 * leaving a class keeps a `left` row (instead of losing it), so their feed shows the class cancelled.
 * Leaving releases the place through the same trigger path as a deleted row.
 */
export class Migration0105MarketplaceRevisions extends Migration {
  override name = '0105-marketplace-revisions';

  override up(): void {
    this.addSql(`alter table bookings add column revision integer not null default 0`);
    this.addSql(
      `alter table group_classes add column revision integer not null default 0, add column updated_at timestamptz not null default now()`,
    );
    this.addSql(
      `alter table group_class_members add column revision integer not null default 0, add column updated_at timestamptz not null default now()`,
    );
    this.addSql(`alter table group_class_members drop constraint if exists group_class_members_status_check`);
    this.addSql(
      `alter table group_class_members add constraint group_class_members_status_check check (status in ('joined', 'waitlisted', 'left'))`,
    );

    this.addSql(`
      create function marketplace_bump_revision() returns trigger language plpgsql as $$
      begin
        new.revision := old.revision + 1;
        new.updated_at := now();
        return new;
      end $$`);
    this.addSql(`
      create trigger bookings_revision before update on bookings for each row
      when ((old.starts_at, old.ends_at, old.status) is distinct from (new.starts_at, new.ends_at, new.status))
      execute function marketplace_bump_revision()`);
    this.addSql(`
      create trigger group_classes_revision before update on group_classes for each row
      when ((old.starts_at, old.duration_minutes, old.status, old.name, old.description)
        is distinct from (new.starts_at, new.duration_minutes, new.status, new.name, new.description))
      execute function marketplace_bump_revision()`);
    this.addSql(`
      create trigger group_class_members_revision before update on group_class_members for each row
      when (old.status is distinct from new.status)
      execute function marketplace_bump_revision()`);

    // A held place is released when its row goes (0022) and now also when it stops being 'joined'.
    this.addSql(`
      create function group_class_member_left() returns trigger language plpgsql as $$
      begin
        update group_classes set joined_count = joined_count - 1 where client_id = old.client_id and id = old.class_id;
        return new;
      end $$`);
    this.addSql(`
      create trigger group_class_member_left after update of status on group_class_members for each row
      when (old.status = 'joined' and new.status <> 'joined')
      execute function group_class_member_left()`);
  }

  override down(): void {
    this.addSql(`drop trigger if exists group_class_member_left on group_class_members`);
    this.addSql(`drop function if exists group_class_member_left()`);
    this.addSql(`drop trigger if exists group_class_members_revision on group_class_members`);
    this.addSql(`drop trigger if exists group_classes_revision on group_classes`);
    this.addSql(`drop trigger if exists bookings_revision on bookings`);
    this.addSql(`drop function if exists marketplace_bump_revision()`);
    this.addSql(`delete from group_class_members where status = 'left'`);
    this.addSql(`alter table group_class_members drop constraint if exists group_class_members_status_check`);
    this.addSql(
      `alter table group_class_members add constraint group_class_members_status_check check (status in ('joined', 'waitlisted'))`,
    );
    this.addSql(`alter table group_class_members drop column revision, drop column updated_at`);
    this.addSql(`alter table group_classes drop column revision, drop column updated_at`);
    this.addSql(`alter table bookings drop column revision`);
  }
}
