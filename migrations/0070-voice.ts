import { Migration } from '@mikro-orm/migrations';

/**
 * The voice coach.
 * - `voice_configs`: the Hume EVI config a client uses (trainer_id null) and per trainer (a user whose coach
 *   has one talks to that coach's voice).
 * - `voice_sessions`: one row per voice room handed out; bound to a user or to an onboarding session, never
 *   both. A session is live while `ended_at` is null and `expires_at` is ahead; the agent's tool calls are
 *   only accepted then. `duration_seconds` is what usage (voice minutes) reads.
 * - `voice_tool_calls`: the audit of every tool call on a session, and its idempotency store: the primary
 *   key (session, call id) makes a retried call find the first answer instead of running twice.
 * - `hume_webhook_deliveries`: signatures already accepted, so a replayed delivery is refused.
 */
export class Migration0070Voice extends Migration {
  override name = '0070-voice';

  override up(): void {
    this.addSql(`
      create table voice_configs (
        id integer generated always as identity primary key,
        client_id integer not null references clients (id) on delete cascade,
        trainer_id integer,
        evi_config_id text not null check (length(evi_config_id) between 1 and 100),
        evi_config_version integer check (evi_config_version >= 0),
        updated_at timestamptz not null default now(),
        unique (client_id, id),
        foreign key (client_id, trainer_id) references trainers (client_id, id) on delete cascade
      )`);
    this.addSql(`create unique index voice_configs_client on voice_configs (client_id) where trainer_id is null`);
    this.addSql(
      `create unique index voice_configs_trainer on voice_configs (client_id, trainer_id) where trainer_id is not null`,
    );

    this.addSql(`
      create table voice_sessions (
        id uuid primary key,
        client_id integer not null references clients (id) on delete cascade,
        user_id integer,
        onboarding_session_id text check (length(onboarding_session_id) between 1 and 128),
        room_name text not null unique,
        room_label text not null,
        agent_name text not null,
        context text not null,
        evi_config_id text,
        hume_chat_id text,
        started_at timestamptz not null,
        expires_at timestamptz not null,
        ended_at timestamptz,
        duration_seconds integer check (duration_seconds >= 0),
        end_reason text,
        unique (client_id, id),
        check ((user_id is null) <> (onboarding_session_id is null)),
        check (ended_at is null or ended_at >= started_at),
        foreign key (client_id, user_id) references users (client_id, id) on delete cascade
      )`);
    this.addSql(`create index voice_sessions_live on voice_sessions (client_id, started_at) where ended_at is null`);
    this.addSql(`create index voice_sessions_ended on voice_sessions (client_id, ended_at) where ended_at is not null`);
    this.addSql(`create index voice_sessions_chat on voice_sessions (hume_chat_id) where hume_chat_id is not null`);

    this.addSql(`
      create table voice_tool_calls (
        client_id integer not null,
        voice_session_id uuid not null,
        call_id text not null check (length(call_id) between 1 and 200),
        tool text not null,
        arguments jsonb not null,
        outcome text not null check (outcome in ('ok', 'error')),
        result_code text not null,
        answer jsonb not null,
        latency_ms integer not null check (latency_ms >= 0),
        created_at timestamptz not null default now(),
        primary key (client_id, voice_session_id, call_id),
        foreign key (client_id, voice_session_id) references voice_sessions (client_id, id) on delete cascade
      )`);

    this.addSql(`
      create table hume_webhook_deliveries (
        signature text primary key,
        received_at timestamptz not null default now()
      )`);
    this.addSql(`create index hume_webhook_deliveries_age on hume_webhook_deliveries (received_at)`);
  }

  override down(): void {
    for (const table of ['hume_webhook_deliveries', 'voice_tool_calls', 'voice_sessions', 'voice_configs'])
      this.addSql(`drop table if exists ${table} cascade`);
  }
}
