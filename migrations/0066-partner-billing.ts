import { Migration } from '@mikro-orm/migrations';

/**
 * Monthly partner billing. A plan per partner (set by a platform admin); a report per partner and month, made by
 * the billing job in SQL, with one line per member. An issued report never changes (a trigger refuses updates):
 * a correction is a new revision of the same month, so what was sent stays what was sent. Lines copy what they
 * show (member name, e-mail, minutes) at issue time, so a later change or erasure of the user does not rewrite
 * history; they hold no health data.
 */
export class Migration0066PartnerBilling extends Migration {
  override name = '0066-partner-billing';

  override up(): void {
    this.addSql(`
      create table partner_billing_plans (
        id integer generated always as identity primary key,
        client_id integer not null references clients (id) on delete cascade,
        partner_id integer not null,
        basis text not null check (basis in ('active_member', 'redeemed_voucher')),
        price_minor integer not null check (price_minor >= 0),
        currency text not null check (currency ~ '^[A-Z]{3}$'),
        updated_at timestamptz not null default now(),
        unique (client_id, id),
        unique (client_id, partner_id),
        foreign key (client_id, partner_id) references partners (client_id, id) on delete cascade
      )`);

    this.addSql(`
      create table partner_billing_reports (
        id integer generated always as identity primary key,
        client_id integer not null references clients (id) on delete cascade,
        partner_id integer not null,
        month date not null check (extract(day from month) = 1),
        revision integer not null check (revision >= 1),
        time_zone text not null,
        basis text not null check (basis in ('active_member', 'redeemed_voucher')),
        price_minor integer not null,
        currency text not null,
        members integer not null,
        billable_units integer not null,
        total_minor bigint not null,
        watch_seconds bigint not null,
        content_hash text not null,
        issued_at timestamptz not null default now(),
        unique (client_id, id),
        unique (client_id, partner_id, month, revision),
        foreign key (client_id, partner_id) references partners (client_id, id) on delete cascade
      )`);

    this.addSql(`
      create table partner_billing_lines (
        client_id integer not null references clients (id) on delete cascade,
        report_id integer not null,
        user_id integer not null,
        member_name text,
        member_email text not null,
        joined_at timestamptz not null,
        voucher_code text not null,
        active boolean not null,
        billable boolean not null,
        watch_seconds bigint not null,
        live_seconds bigint not null,
        voice_seconds bigint not null,
        amount_minor bigint not null,
        primary key (client_id, report_id, user_id),
        foreign key (client_id, report_id) references partner_billing_reports (client_id, id) on delete cascade
      )`);

    this.addSql(`
      create function partner_billing_immutable() returns trigger language plpgsql as $$
      begin
        raise exception 'issued billing reports are immutable; issue a new revision' using errcode = '55000';
      end $$`);
    this.addSql(`create trigger partner_billing_reports_immutable before update on partner_billing_reports
      for each row execute function partner_billing_immutable()`);
    this.addSql(`create trigger partner_billing_lines_immutable before update on partner_billing_lines
      for each row execute function partner_billing_immutable()`);
  }

  override down(): void {
    for (const table of ['partner_billing_lines', 'partner_billing_reports', 'partner_billing_plans'])
      this.addSql(`drop table if exists ${table} cascade`);
    this.addSql('drop function if exists partner_billing_immutable()');
  }
}
