import { Migration } from '@mikro-orm/migrations';

/**
 * A place held on a group class is released whenever its roster row goes, however it goes: a user
 * leaving, or an account erased (the row cascades from users, where application code never runs).
 * Taking a place stays a conditional increment in the use case (group-classes.ts).
 */
export class Migration0022ClassRosterCount extends Migration {
  override name = '0022-class-roster-count';

  override up(): void {
    this.addSql(`
      create function group_class_member_released() returns trigger language plpgsql as $$
      begin
        if old.status = 'joined' then
          update group_classes set joined_count = joined_count - 1 where client_id = old.client_id and id = old.class_id;
        end if;
        return old;
      end $$`);
    this.addSql(`
      create trigger group_class_member_released after delete on group_class_members
      for each row execute function group_class_member_released()`);
  }
}
