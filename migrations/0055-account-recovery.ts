import { Migration } from '@mikro-orm/migrations';

/**
 * Account recovery and its mail.
 * - `password_resets`: single-use, expiring reset tokens, stored as a SHA-256 only; one subject per row (an
 *   app user, a partner staff member, or a platform admin, who has no client).
 * - `mail_outbox`: every mail the platform sends is a row first (tenant-scoped where the account is; null
 *   for platform admins). A sender claims due rows, sends them over SMTP and clears the body once sent (a
 *   reset mail carries a live token); without SMTP the row stays `pending` and is never reported as sent.
 * - `users.suspended_at`: a partner owner suspended this member's access (nothing is deleted; restore clears it).
 */
export class Migration0055AccountRecovery extends Migration {
  override name = '0055-account-recovery';

  override up(): void {
    this.addSql(`
      create table password_resets (
        id uuid primary key,
        client_id integer references clients (id) on delete cascade,
        user_id integer,
        partner_staff_id integer,
        platform_admin_id integer references platform_admins (id) on delete cascade,
        token_hash text not null unique,
        expires_at timestamptz not null,
        used_at timestamptz,
        created_at timestamptz not null default now(),
        unique (client_id, id),
        foreign key (client_id, user_id) references users (client_id, id) on delete cascade,
        foreign key (client_id, partner_staff_id) references partner_staff (client_id, id) on delete cascade,
        check (num_nonnulls(user_id, partner_staff_id, platform_admin_id) = 1),
        check ((platform_admin_id is null) = (client_id is not null))
      )`);
    this.addSql(`create index password_resets_user on password_resets (client_id, user_id) where user_id is not null`);
    this.addSql(
      `create index password_resets_staff on password_resets (client_id, partner_staff_id) where partner_staff_id is not null`,
    );
    this.addSql(`
      create table mail_outbox (
        id bigint generated always as identity primary key,
        client_id integer references clients (id) on delete cascade,
        kind text not null check (kind ~ '^[a-z_]{1,40}$'),
        to_address text not null check (length(to_address) <= 254),
        subject text not null,
        body text,
        status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
        attempts integer not null default 0,
        next_attempt_at timestamptz not null default now(),
        last_error text,
        created_at timestamptz not null default now(),
        sent_at timestamptz,
        unique (client_id, id)
      )`);
    this.addSql(`create index mail_outbox_due on mail_outbox (next_attempt_at) where status = 'pending'`);
    this.addSql(`alter table users add column suspended_at timestamptz`);
  }
}
