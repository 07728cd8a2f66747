import { Migration } from '@mikro-orm/migrations';

/**
 * The partner portal: staff roles become `owner` / `viewer` (viewers read only) and staff can be deactivated
 * (kept for the record, never deleted); vouchers carry an optional batch label; partners list affiliate
 * products for their members' apps.
 */
export class Migration0060PartnerPortal extends Migration {
  override name = '0060-partner-portal';

  override up(): void {
    this.addSql(`alter table partner_staff drop constraint partner_staff_role_check`);
    this.addSql(`update partner_staff set role = 'viewer' where role = 'staff'`);
    this.addSql(`alter table partner_staff alter column role set default 'viewer'`);
    this.addSql(
      `alter table partner_staff add constraint partner_staff_role_check check (role in ('owner', 'viewer'))`,
    );
    this.addSql(`alter table partner_staff add column deactivated_at timestamptz`);
    this.addSql(`create index partner_staff_partner on partner_staff (client_id, partner_id)`);

    this.addSql(`alter table vouchers add column batch text check (batch is null or length(batch) between 1 and 80)`);
    // The portal reads one partner's vouchers (by status, by batch, and its members through redemptions).
    this.addSql(
      `create index vouchers_partner on vouchers (client_id, partner_id, status) where partner_id is not null`,
    );

    this.addSql(`
      create table partner_products (
        id integer generated always as identity primary key,
        client_id integer not null references clients (id) on delete cascade,
        partner_id integer not null,
        name text not null check (length(name) between 1 and 120),
        description text not null default '' check (length(description) <= 2000),
        url text not null check (length(url) between 1 and 2000),
        image_url text check (length(image_url) <= 2000),
        price_label text check (length(price_label) <= 40),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (client_id, id),
        foreign key (client_id, partner_id) references partners (client_id, id) on delete cascade
      )`);
    this.addSql(`create index partner_products_partner on partner_products (client_id, partner_id, id)`);
  }

  override down(): void {
    this.addSql(`drop table if exists partner_products cascade`);
    this.addSql(`drop index if exists vouchers_partner`);
    this.addSql(`alter table vouchers drop column if exists batch`);
    this.addSql(`drop index if exists partner_staff_partner`);
    this.addSql(`alter table partner_staff drop column if exists deactivated_at`);
    this.addSql(`alter table partner_staff drop constraint partner_staff_role_check`);
    this.addSql(`update partner_staff set role = 'staff' where role = 'viewer'`);
    this.addSql(`alter table partner_staff alter column role set default 'staff'`);
    this.addSql(`alter table partner_staff add constraint partner_staff_role_check check (role in ('owner', 'staff'))`);
  }
}
