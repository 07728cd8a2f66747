import type { EntityManager } from '@mikro-orm/postgresql';
import { withoutTenantScope } from '../shared/scope.ts';
import { COMPLETION_RATIO, WATCH_STEP_CAP_SECONDS } from './heartbeat-merge.ts';
import type { BatchRow, HeartbeatStore, StoredSession } from './heartbeat-writer.ts';
import { PARTNER_OF_MEMBER } from '../partner-usage/usage-record.sql.ts';

interface Row {
  client_id: number;
  id: number;
  user_id: number;
  class_id: number | null;
  status: StoredSession['status'];
  progress_seconds: number;
  total_duration_seconds: number;
  watched_seconds: number;
  completed_at: Date | string | null;
  watch_increment?: number;
  partner_id?: number | null;
  partner_time_zone?: string | null;
  xid?: string;
}

const CAP = WATCH_STEP_CAP_SECONDS;
const newer = `(v.first_seq is null or v.first_seq > s.last_seq)`;
const anyNewer = `(v.last_seq is null or v.last_seq > s.last_seq)`;

/**
 * The batch arrives as eleven array parameters (one per column, Postgres array literals), unpacked side by side by
 * `unnest`: one statement per batch however many sessions it holds. (It was one JSON document through
 * `jsonb_to_recordset`; the arrays are a third of its length, carry no key per row, and cost less to build, to inline
 * and escape (MikroORM sends parameters inside the SQL text) and for PostgreSQL to unpack: see the README's heartbeat
 * section.) The SET mirrors `applyMerged` (heartbeat-merge.ts); right-hand `s.*` are the old values.
 * It keeps what it added in `watch_increment` (the usage-watch job moves watched seconds into the usage record)
 * and names the member's partner and the batch's transaction id, for the live partner dashboard: no statement of its own.
 */
const INCREMENT = `case
      when ${newer} then v.steps + least(greatest(v.first_position - s.position_seconds, 0), ${CAP})
      when ${anyNewer} then least(greatest(v.last_position - s.position_seconds, 0), ${CAP})
      else 0 end`;
const APPLY = `
  with v as (
    select * from unnest(?::int[], ?::int[], ?::int[], ?::int[], ?::int[], ?::bigint[], ?::bigint[], ?::int[], ?::int[],
      ?::int[], ?::int[]) as v(client_id, id, user_id, max_progress, total, first_seq, last_seq, first_position,
      last_position, steps, count)),
  u as (
  update viewing_sessions s set
    progress_seconds = greatest(s.progress_seconds, least(v.max_progress, v.total)),
    total_duration_seconds = v.total,
    watched_seconds = s.watched_seconds + ${INCREMENT},
    watch_increment = ${INCREMENT},
    position_seconds = case when ${anyNewer} then v.last_position else s.position_seconds end,
    last_seq = greatest(s.last_seq, coalesce(v.last_seq, s.last_seq)),
    heartbeats = s.heartbeats + v.count,
    status = case when s.status = 'abandoned' then 'active' else s.status end,
    ended_at = case when s.status = 'abandoned' then null else s.ended_at end,
    last_heartbeat_at = ?::timestamptz
  from v
  where s.client_id = v.client_id and s.id = v.id and s.user_id = v.user_id
  returning s.client_id, s.id, s.user_id, s.class_id, s.status, s.progress_seconds, s.total_duration_seconds, s.watched_seconds, s.completed_at,
    s.watch_increment)
  select u.*, m.partner_id, m.partner_time_zone, pg_current_xact_id()::text as xid from u ${PARTNER_OF_MEMBER}`;

/**
 * What may complete a session: `threshold` (a heartbeat batch: only once progress reached the completion ratio),
 * `owner` (the user's `POST /sessions/:id/complete`: any progress, but only their own session), `staleBefore` (the
 * stale-sessions job: an active session silent since that time, past the ratio; it ends at its last heartbeat).
 */
export interface CompletionTarget {
  clientId: number;
  sessionId: number;
  userId?: number;
  threshold?: boolean;
  staleBefore?: Date;
}

/**
 * The one statement that makes a session completed, for heartbeat batches, manual completion and the stale-sessions job
 * alike: concurrent callers race on the row lock and only one sees `status <> 'completed'`, so `session:completed` is
 * published once per session. Answers the rows it completed.
 */
const COMPLETE = `
  update viewing_sessions s set status = 'completed', completed_at = ?::timestamptz,
    ended_at = coalesce(s.ended_at, case when c.stale_before is null then ?::timestamptz else s.last_heartbeat_at end)
  from jsonb_to_recordset(?::jsonb) as c(client_id int, id int, user_id int, threshold boolean, stale_before timestamptz)
  where s.client_id = c.client_id and s.id = c.id and s.status <> 'completed'
    and (c.user_id is null or s.user_id = c.user_id)
    and (not coalesce(c.threshold, false) or s.progress_seconds >= ${COMPLETION_RATIO} * s.total_duration_seconds)
    and (c.stale_before is null or (s.status = 'active' and s.last_heartbeat_at < c.stale_before))
  returning s.client_id, s.id, s.user_id, s.class_id, s.status, s.progress_seconds, s.total_duration_seconds, s.watched_seconds, s.completed_at`;

export async function completeSessions(
  em: EntityManager,
  targets: readonly CompletionTarget[],
  at: Date,
): Promise<StoredSession[]> {
  if (!targets.length) return [];
  const json = JSON.stringify(
    targets.map((t) => ({
      client_id: t.clientId,
      id: t.sessionId,
      user_id: t.userId ?? null,
      threshold: t.threshold ?? false,
      stale_before: t.staleBefore?.toISOString() ?? null,
    })),
  );
  const rows: Row[] = await em.execute(COMPLETE, [at, at, json]);
  return rows.map((r) => toStored(r, true));
}

export function toStored(r: Row, completedNow: boolean): StoredSession {
  // Built in one literal (no spread): the heartbeat batch maps every row it updated through here.
  const stored: StoredSession = {
    clientId: r.client_id,
    sessionId: r.id,
    userId: r.user_id,
    classId: r.class_id,
    status: r.status,
    progressSeconds: r.progress_seconds,
    totalDurationSeconds: r.total_duration_seconds,
    watchedSeconds: r.watched_seconds,
    completedAt: r.completed_at ? new Date(r.completed_at) : null,
    completedNow,
  };
  if (r.watch_increment !== undefined)
    stored.usage = {
      watchIncrement: Number(r.watch_increment),
      partnerId: r.partner_id == null ? null : Number(r.partner_id),
      timeZone: r.partner_time_zone ?? 'UTC',
      xid: r.xid ?? '0',
    };
  return stored;
}

/** `{1,2,NULL}`: a Postgres array literal of integers (MikroORM would expand a JS array into a list). */
const arrayLiteral = (values: Array<number | 'NULL'>) => `{${values.join(',')}}`;

/** The batch as the statement's eleven columns, in its `unnest` order. */
function batchColumns(rows: readonly BatchRow[]): string[] {
  const n = rows.length;
  const cols = Array.from({ length: 11 }, () => new Array<number | 'NULL'>(n));
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    cols[0]![i] = r.clientId;
    cols[1]![i] = r.sessionId;
    cols[2]![i] = r.userId;
    cols[3]![i] = Math.round(r.maxProgress);
    cols[4]![i] = Math.round(r.total);
    cols[5]![i] = r.firstSeq ?? 'NULL';
    cols[6]![i] = r.lastSeq ?? 'NULL';
    cols[7]![i] = Math.round(r.firstPosition);
    cols[8]![i] = Math.round(r.lastPosition);
    cols[9]![i] = Math.round(r.steps);
    cols[10]![i] = r.count;
  }
  return cols.map(arrayLiteral);
}

/** The PostgreSQL heartbeat store: per batch one transaction, one UPDATE for progress, one conditional UPDATE for completion. */
export function createSqlHeartbeatStore(root: EntityManager): HeartbeatStore {
  return {
    apply(rows: readonly BatchRow[], at: Date) {
      const columns = batchColumns(rows);
      return withoutTenantScope(
        'a heartbeat batch spans tenants; every row is matched on (client_id, id, user_id)',
        root,
        (em) =>
          em.transactional(async (tx) => {
            const updated: Row[] = await tx.execute(APPLY, [...columns, at]);
            const reaching = updated.filter(
              (r) => r.status !== 'completed' && r.progress_seconds >= COMPLETION_RATIO * r.total_duration_seconds,
            );
            const completed = new Map<string, Date | null>();
            const done = await completeSessions(
              tx as EntityManager,
              reaching.map((r) => ({ clientId: r.client_id, sessionId: r.id, threshold: true })),
              at,
            );
            for (const d of done) completed.set(`${d.clientId}:${d.sessionId}`, d.completedAt);
            if (!completed.size) return updated.map((r) => toStored(r, false)); // the usual batch: no key per row
            return updated.map((r) => {
              const key = `${r.client_id}:${r.id}`;
              return completed.has(key)
                ? toStored({ ...r, status: 'completed', completed_at: completed.get(key) ?? at }, true)
                : toStored(r, false);
            });
          }),
      );
    },
  };
}
