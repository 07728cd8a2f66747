import { Migration } from '@mikro-orm/migrations';

/**
 * The room's broadcast slot moves from Redis into the class's presence counter: `sent_at` is when the last
 * presence broadcast of the class was taken (the database's clock). Taking the changes since `sent_version` is
 * allowed only when `sent_at` is at least the interval (100 ms) old, in the same statement that reads and marks
 * them, so the slot costs no round trip of its own, holds across nodes on one clock, and a join can take it in its
 * own transaction (domain/live/live-presence.ts, `takePresenceChanges`). Null: never sent.
 */
export class Migration0145LivePresenceSlot extends Migration {
  override name = '0145-live-presence-slot';

  override up(): void {
    this.addSql(`alter table live_presence_versions add column sent_at timestamptz`);
  }

  override down(): void {
    this.addSql(`alter table live_presence_versions drop column if exists sent_at`);
  }
}
