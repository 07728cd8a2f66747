import { Migration } from '@mikro-orm/migrations';

/**
 * Presence sent as changes (`live:presence:delta`): every visible change to a class's participant list gets the
 * next number of that class's counter, in the same transaction, by trigger, so no writer can forget it.
 *
 * - `live_presence_versions.version`: the class's last change number. The counter row is locked by the change
 *   until it commits, so changes of one class commit in version order: a snapshot that sees version N sees every
 *   change up to N, and `live_participants.version > since` is exactly what changed after `since`.
 * - `sent_version`: what the last broadcast covered; the next delta is "since sent_version".
 * - `reset_version`: a row was deleted (a user erased while in the class): a delta cannot say that, so a delta
 *   never starts before it, and a client older than it sees a gap and takes a snapshot.
 * - `full_sockets`: sockets that joined without asking for changes (clients written before deltas): while any is
 *   in the class, the whole list (`live:presence`) is still sent to them.
 * An update that changes nothing visible (a second device of a user already present, a seat taken) gets no number.
 */
export class Migration0120LivePresenceVersions extends Migration {
  override name = '0120-live-presence-versions';

  override up(): void {
    this.addSql(`
      create table live_presence_versions (
        client_id integer not null,
        class_id integer not null,
        version bigint not null default 0,
        sent_version bigint not null default 0,
        reset_version bigint not null default 0,
        full_sockets integer not null default 0 check (full_sockets >= 0),
        primary key (client_id, class_id),
        foreign key (client_id, class_id) references classes (client_id, id) on delete cascade
      )`);
    this.addSql(`alter table live_participants add column version bigint not null default 0`);
    this.addSql(`create index live_participants_version on live_participants (client_id, class_id, version)`);
    this.addSql(`
      create function live_participants_versioned() returns trigger language plpgsql as $$
      declare
        was boolean := false;
        is_now boolean := false;
        v bigint;
      begin
        if tg_op <> 'INSERT' then was := old.socket_count > 0 or old.media_present; end if;
        if tg_op <> 'DELETE' then is_now := new.socket_count > 0 or new.media_present; end if;
        if tg_op = 'DELETE' then
          -- Only an update: the class (and its counter) may be going away in the same statement.
          if was then
            update live_presence_versions set version = version + 1, reset_version = version + 1
            where client_id = old.client_id and class_id = old.class_id;
          end if;
          return old;
        end if;
        if not was and not is_now then return new; end if;
        if tg_op = 'UPDATE' and was and is_now
           and (old.socket_count > 0, old.media_present, old.display_name, old.first_joined_at)
               is not distinct from (new.socket_count > 0, new.media_present, new.display_name, new.first_joined_at) then
          return new;
        end if;
        insert into live_presence_versions as p (client_id, class_id, version) values (new.client_id, new.class_id, 1)
        on conflict (client_id, class_id) do update set version = p.version + 1
        returning p.version into v;
        new.version := v;
        return new;
      end $$`);
    this.addSql(
      `create trigger live_participants_versioned before insert or update or delete on live_participants for each row execute function live_participants_versioned()`,
    );
  }

  override down(): void {
    this.addSql(`drop trigger if exists live_participants_versioned on live_participants`);
    this.addSql(`drop function if exists live_participants_versioned()`);
    this.addSql(`drop index if exists live_participants_version`);
    this.addSql(`alter table live_participants drop column if exists version`);
    this.addSql(`drop table if exists live_presence_versions`);
  }
}
