/**
 * One server node for bench/partner-dashboard.ts, in its own process. The mode decides what runs after each
 * committed heartbeat batch:
 *   none   the heartbeat writer alone (no dashboard): the base the other two are measured against;
 *   feed   the node's real writer with the live dashboard feed (realtime/usage-updates.ts);
 *   naive  a naive dashboard: for every heartbeat, one query for its partner's counters and an immediate emit.
 * Prints `ready <port>`; stops gracefully on SIGTERM.
 */
import { loadConfig } from '../server/config.ts';
import { createLogger } from '../server/logger.ts';
import { startNode } from '../server/node.ts';
import { createHeartbeatWriter } from '../domain/viewing/heartbeat-writer.ts';
import { createSqlHeartbeatStore } from '../domain/viewing/heartbeat-store.ts';
import { withoutTenantScope } from '../domain/shared/scope.ts';

const mode = process.argv[2] ?? 'feed';
const config = loadConfig();
const node = await startNode(config, createLogger(config));
const { orm, publisher } = node.services;

/** The naive dashboard's query: every figure of `usage:update` for one partner, read from the database. */
const NAIVE_FIGURES = `
  with members as (select redeemed_by_user_id as user_id from vouchers where client_id = ? and partner_id = ? and status = 'redeemed'),
  day as (select date_trunc('day', now()) as start_at)
  select (select count(distinct user_id) from members) as members,
    (select count(*) from vouchers v, day where v.client_id = ? and v.partner_id = ? and v.status = 'redeemed' and v.redeemed_at >= day.start_at) as redemptions,
    (select count(*) from viewing_sessions s where s.client_id = ? and s.last_heartbeat_at > now() - interval '60 seconds' and s.user_id in (select user_id from members)) as viewers,
    (select coalesce(sum(s.watched_seconds), 0) from viewing_sessions s, day where s.client_id = ? and s.last_heartbeat_at >= day.start_at and s.user_id in (select user_id from members)) as watch`;

if (mode !== 'feed') {
  const sql = createSqlHeartbeatStore(orm.em);
  node.services.heartbeats = createHeartbeatWriter({
    store: {
      async apply(rows, at) {
        const stored = await sql.apply(rows, at);
        if (mode === 'naive') {
          const slugs = new Map(rows.map((r) => [r.clientId, r.tenantSlug]));
          const seqs = new Map(rows.map((r) => [`${r.clientId}:${r.sessionId}`, r.lastSeq]));
          await withoutTenantScope('bench: naive dashboard', orm.em, async (em) => {
            for (const s of stored) {
              const partnerId = s.usage?.partnerId;
              if (!partnerId) continue;
              const c = s.clientId;
              const [f]: Array<Record<string, string>> = await em.execute(NAIVE_FIGURES, [
                c,
                partnerId,
                c,
                partnerId,
                c,
                c,
              ]);
              publisher.publish(slugs.get(c) ?? '', [
                {
                  rooms: [`partner:${partnerId}`],
                  event: 'usage:update',
                  payload: {
                    partnerId,
                    at: new Date().toISOString(),
                    activeViewers: Number(f!['viewers']),
                    watchMinutesToday: Math.round(Number(f!['watch']) / 6) / 10,
                    redemptionsToday: Number(f!['redemptions']),
                    registrationsToday: 0,
                    totalMembers: Number(f!['members']),
                    // Bench only: which heartbeat this update answers, so the client can time it.
                    benchSession: s.sessionId,
                    benchSeq: seqs.get(`${c}:${s.sessionId}`),
                  },
                },
              ]);
            }
          });
        }
        return stored;
      },
    },
    publish: (slug, events) => publisher.publish(slug, events),
  });
}
process.stdout.write(`ready ${node.port}\n`);
process.once('SIGTERM', () => void node.stop('SIGTERM').then(() => process.exit(0)));
