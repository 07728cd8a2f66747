import { Migration } from '@mikro-orm/migrations';

/**
 * The room's broadcast slot judges the bound itself: `sent_window` keeps the times (the database's clock) of the
 * class's last 10 presence broadcasts, and a take is allowed when the 10th last is at least 10 intervals (1 s) old,
 * besides `sent_at` (the last) being at least 0.9 interval old (no burst credit). "≤ 10 in any second" then holds
 * exactly while the nodes keep their broadcasts on a fixed 100 ms grid: a slot a few ms late (a timer, a round
 * trip) no longer pushes every later slot back (domain/live/live-presence.ts, `takePresenceChanges`).
 */
export class Migration0155LivePresenceWindow extends Migration {
  override name = '0155-live-presence-window';

  override up(): void {
    this.addSql(`alter table live_presence_versions add column sent_window timestamptz[] not null default '{}'`);
  }

  override down(): void {
    this.addSql(`alter table live_presence_versions drop column if exists sent_window`);
  }
}
