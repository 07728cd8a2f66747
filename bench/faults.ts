/**
 * Three nodes behind HAProxy under load, with faults: `npm run bench:faults` (or `npx node bench/faults.ts [users=600] [heartbeats/s=2000]`).
 *
 * Starts everything itself on loopback and removes it at the end (also on failure): a private PostgreSQL (port 5441,
 * initdb into a temp dir), a private Redis (6391), three sTvOS nodes (jobs on, streams adapter) and HAProxy
 * (websocket transport, health-checked on /health/ready, the rules of deploy/haproxy.cfg). Load, all through the balancer:
 * `users` sockets sending `session:heartbeat` at the given total rate (absolute progress, increasing seq), a trainer's
 * socket on the booking feed (`auth.lastEventId` on every reconnect, gaps filled from GET /notifications), one booking
 * a second by REST, and REST probes. Faults, one after the other:
 *   a) kill -9 of one node, restarted 15 s later;  b) Redis stopped for 20 s;  c) PostgreSQL stopped for 5 s, restarted.
 * At the end the database is compared with what the clients were told: acked heartbeats, completions, booking events,
 * cron ticks. The table printed is the one in the README ("Operating it: faults").
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { io as connect, type Socket } from 'socket.io-client';
import { availabilityRules } from '../domain/marketplace/bookings/availability.schemas.ts';
import {
  runBench,
  freePort,
  sleep,
  startHaproxy,
  startNode,
  startPostgres,
  startRedis,
  type AppNode,
} from './support/cluster.ts';
import { pct, seedTenant, sql } from './support/seed.ts';

const [USERS = 600, RATE = 2000] = [600, 2000].map((d, i) => Number(process.argv[2 + i] ?? d));
const TOTAL = 1200; // seconds of each class: 90 % is 1080
const log = (msg: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
const t0 = performance.now();
const rss = (n: AppNode) => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${n.child.pid}/status`, 'utf8'))![1]) * 1024;
  } catch {
    return 0;
  }
};

interface Watcher {
  socket: Socket;
  sessionId: number;
  seq: number;
  progress: number;
  ackedProgress: number;
  completions: number;
  downAt: number | null;
  reconnects: number[];
}

async function main() {
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}; load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const pg = startPostgres(5441);
  const redis = await startRedis(6391);
  const env = {
    DATABASE_URL: pg.url,
    REDIS_URL: redis.url,
    JOBS_ENABLED: 'true',
    DATABASE_POOL_MAX: '10',
    SHUTDOWN_TIMEOUT_MS: '5000',
  };
  const ports = await Promise.all([freePort(), freePort(), freePort()]);
  const nodes: AppNode[] = [];
  for (const [i, port] of ports.entries()) nodes.push(await startNode(`node${i + 1}`, env, port));
  const lb = await startHaproxy(
    await freePort(),
    nodes.map((n) => ({ name: n.name, port: n.port })),
    await freePort(),
  );
  log(`PostgreSQL :5441, Redis :6391, nodes :${ports.join(' :')}, HAProxy ${lb.url}`);

  // Tenant, users with one viewing session each, a bookable trainer.
  const t = await seedTenant(pg.url, USERS + 1);
  const trainerUser = t.users[USERS]!;
  await sql(pg.url, `update users set role = 'trainer' where id = ?`, [trainerUser.id]);
  const { token: trainerToken } = await seedTrainerToken(t.id, trainerUser.id);
  const [trainer] = await sql<{ id: number }>(
    pg.url,
    `insert into trainers (client_id, user_id, name) values (?, ?, 'Coach') returning id`,
    [t.id, trainerUser.id],
  );
  const [service] = await sql<{ id: number }>(
    pg.url,
    `insert into trainer_services (client_id, trainer_id, name, description, duration_minutes, price_minor, currency) values (?, ?, 'PT', '', 60, 5000, 'GBP') returning id`,
    [t.id, trainer!.id],
  );
  const day = [{ start: '00:00', end: '24:00' }];
  const rules = availabilityRules.parse({
    timeZone: 'UTC',
    weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
    slotStepMinutes: 60,
  });
  await sql(pg.url, `insert into trainer_availability (client_id, trainer_id, rules) values (?, ?, ?::jsonb)`, [
    t.id,
    trainer!.id,
    JSON.stringify(rules),
  ]);
  const [cls] = await sql<{ id: number }>(
    pg.url,
    `insert into classes (client_id, name, duration_seconds, intensity, published_at) values (?, 'Faults', ?, 'low', now()) returning id`,
    [t.id, TOTAL],
  );
  const sessions = await sql<{ id: number; user_id: number }>(
    pg.url,
    `insert into viewing_sessions (client_id, user_id, class_id, device_type, total_duration_seconds) select ?, u, ?, 'bench', ? from unnest(?::int[]) u returning id, user_id`,
    [
      t.id,
      cls!.id,
      TOTAL,
      `{${t.users
        .slice(0, USERS)
        .map((u) => u.id)
        .join(',')}}`,
    ],
  );
  const nsp = `/clients/${t.slug}`;
  let phase = 'steady';
  const slow = new Map<string, number>();
  const api = async (base: string, method: string, path: string, token: string, body?: unknown) => {
    const started = performance.now();
    try {
      const res = await fetch(`${base}/api/v1${path}`, {
        method,
        headers: {
          'X-API-Key': t.apiKey,
          Authorization: `Bearer ${token}`,
          ...(body ? { 'Content-Type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(5000),
      });
      return { status: res.status, body: (await res.json().catch(() => null)) as any };
    } catch {
      return { status: 0, body: null };
    } finally {
      if (performance.now() - started > 1000)
        slow.set(`${phase}:${path.split('/')[1]}`, (slow.get(`${phase}:${path.split('/')[1]}`) ?? 0) + 1);
    }
  };

  // --- Sockets through the balancer.
  const sockOpts = {
    transports: ['websocket'],
    forceNew: true,
    reconnectionDelay: 200,
    reconnectionDelayMax: 1000,
    randomizationFactor: 0.5,
    timeout: 4000,
  };
  const watchers: Watcher[] = [];
  const connectErrors = new Map<string, number>();
  const byUser = new Map(sessions.map((s) => [s.user_id, s.id]));
  for (let i = 0; i < USERS; i += 100) {
    await Promise.all(
      t.users.slice(i, Math.min(USERS, i + 100)).map(async (u) => {
        const w: Watcher = {
          socket: connect(`${lb.url}${nsp}`, { ...sockOpts, auth: { apiKey: t.apiKey, token: u.token } }),
          sessionId: byUser.get(u.id)!,
          seq: 0,
          progress: 300 + Math.floor(Math.random() * 780),
          ackedProgress: 0,
          completions: 0,
          downAt: null,
          reconnects: [],
        };
        w.socket.on('disconnect', () => (w.downAt = performance.now()));
        w.socket.on('connect_error', (e: Error & { data?: { code?: string } }) => {
          if (w.downAt !== null)
            connectErrors.set(
              `${phase}:${e.data?.code ?? e.message}`,
              (connectErrors.get(`${phase}:${e.data?.code ?? e.message}`) ?? 0) + 1,
            );
        });
        w.socket.on('connect', () => {
          if (w.downAt !== null) w.reconnects.push(performance.now() - w.downAt);
          w.downAt = null;
        });
        w.socket.on('session:completed', (p: { sessionId: number }) => {
          if (p.sessionId === w.sessionId) w.completions++;
        });
        await new Promise<void>((resolve) => w.socket.once('connect', () => resolve())); // a timed-out attempt is retried
        watchers.push(w);
      }),
    );
  }
  log(`${watchers.length} sockets connected through HAProxy`);

  // --- Trainer's booking feed: replay by lastEventId on reconnect, gaps filled by REST.
  const feed = { received: new Set<number>(), contiguous: 0, viaRest: 0, live: 0 };
  const fill = async () => {
    const r = await api(lb.url, 'GET', `/notifications?since=${feed.contiguous}&limit=500`, trainerToken);
    for (const item of (r.body?.data?.items ?? []) as Array<{ id: number }>) {
      if (feed.received.has(item.id)) continue;
      feed.received.add(item.id);
      feed.viaRest++;
    }
    while (feed.received.has(feed.contiguous + 1)) feed.contiguous++;
  };
  const trainerSocket = connect(`${lb.url}${nsp}`, {
    ...sockOpts,
    auth: (cb: (a: object) => void) => cb({ apiKey: t.apiKey, token: trainerToken, lastEventId: feed.contiguous }),
  });
  for (const ev of ['booking:created', 'booking:updated', 'booking:cancelled']) {
    trainerSocket.on(ev, (p: { eventId: number | null }) => {
      if (p.eventId === null) return;
      if (!feed.received.has(p.eventId)) {
        feed.received.add(p.eventId);
        feed.live++;
      }
      while (feed.received.has(feed.contiguous + 1)) feed.contiguous++;
      if (p.eventId > feed.contiguous + 1) void fill(); // a gap: an event this socket missed (Redis was down)
    });
  }
  await new Promise<void>((resolve) => trainerSocket.once('connect', () => resolve()));

  // --- Load: heartbeats at RATE/s, one booking a second, REST probes.
  const stats = {
    sent: 0,
    acked: 0,
    ackErrors: new Map<string, number>(),
    probes: new Map<string, Map<string, number>>(),
  };
  const probe = (k: string, r: { status: number; body: any }) => {
    const m = stats.probes.get(`${phase}:${k}`) ?? new Map<string, number>();
    const key = r.status >= 400 ? `${r.status} ${String(r.body?.code ?? 'no envelope')}` : String(r.status);
    stats.probes.set(`${phase}:${k}`, m.set(key, (m.get(key) ?? 0) + 1));
  };
  let running = true;
  const loadStart = performance.now();
  let next = 0;
  const heartbeatLoop = setInterval(() => {
    const due = Math.floor(((performance.now() - loadStart) / 1000) * RATE) - stats.sent;
    for (let k = 0; k < due; k++) {
      stats.sent++;
      const w = watchers[next++ % watchers.length]!;
      if (!w.socket.connected) continue; // the app resends its latest heartbeat once connected; ours are absolute anyway
      w.progress = Math.min(TOTAL, w.progress + 2);
      const beat = { sessionId: w.sessionId, progressSeconds: w.progress, totalDurationSeconds: TOTAL, seq: ++w.seq };
      w.socket.emit('session:heartbeat', beat, (ack: { ok: boolean; code?: string }) => {
        if (ack.ok) {
          stats.acked++;
          w.ackedProgress = Math.max(w.ackedProgress, beat.progressSeconds);
        } else stats.ackErrors.set(ack.code ?? '?', (stats.ackErrors.get(ack.code ?? '?') ?? 0) + 1);
      });
    }
  }, 10);
  const slots = ((
    await api(lb.url, 'GET', `/trainers/${trainer!.id}/availability?serviceId=${service!.id}`, t.users[0]!.token)
  ).body?.data?.slots ?? []) as Array<{ id: string }>;
  const bookingLoop = (async () => {
    for (let i = 0; running && i < slots.length; i++) {
      const u = t.users[i % 50]!;
      probe(
        'booking',
        await api(lb.url, 'POST', `/trainers/${trainer!.id}/book`, u.token, {
          serviceId: service!.id,
          slotId: slots[i]!.id,
        }),
      );
      await sleep(1000);
    }
  })();
  const probeLoop = (async () => {
    while (running) {
      const u = t.users[Math.floor(Math.random() * USERS)]!;
      probe('lb', await api(lb.url, 'GET', `/sessions/${byUser.get(u.id)}`, u.token));
      for (const n of nodes)
        if (n.child.exitCode === null)
          probe('direct', await api(n.url, 'GET', `/sessions/${byUser.get(u.id)}`, u.token));
      await sleep(200);
    }
  })();
  const memory: Record<string, number[]> = {};
  const memLoop = setInterval(() => {
    for (const n of nodes) (memory[`${phase}:${n.name}`] ??= []).push(rss(n));
  }, 1000);

  await sleep(10_000);
  const results: Record<string, string | number> = {};

  // --- (a) kill -9 one node.
  phase = 'kill';
  const victim = nodes[1]!;
  const killedAt = performance.now();
  victim.child.kill('SIGKILL');
  log(`(a) kill -9 ${victim.name}`);
  await sleep(12_000);
  const hit = watchers.filter((w) => w.reconnects.length || w.downAt !== null);
  const times = hit.flatMap((w) => (w.downAt !== null ? [performance.now() - w.downAt] : w.reconnects.slice(-1)));
  results['a: sockets on the killed node'] = hit.length;
  results['a: still disconnected after 12 s'] = watchers.filter((w) => !w.socket.connected).length;
  results['a: reconnect p50 / p99 / max (ms)'] =
    `${Math.round(pct(times, 50))} / ${Math.round(pct(times, 99))} / ${Math.round(Math.max(0, ...times))}`;
  const victimSockets = hit;
  nodes[1] = await startNode(victim.name, env, victim.port);
  log(`${victim.name} restarted ${Math.round((performance.now() - killedAt) / 1000)} s after the kill`);
  await sleep(5000);

  // --- (b) Redis down for 20 s.
  phase = 'redis';
  const ackedBefore = stats.acked;
  await redis.stop();
  const redisDownAt = performance.now();
  log('(b) Redis stopped');
  await sleep(3000);
  const ready = await Promise.all(
    nodes.map(
      async (n) =>
        await fetch(`${n.url}/api/v1/health/ready`)
          .then(async (r) => `${r.status} ${((await r.json()) as any)?.data?.status ?? ''}`)
          .catch(() => 'no answer'),
    ),
  );
  // Cross-node while Redis is down: a booking made on node 1 for a user whose socket is on node 3.
  const witnessUser = t.users[USERS - 1]!;
  const witness = connect(`${nodes[2]!.url}${nsp}`, {
    ...sockOpts,
    auth: { apiKey: t.apiKey, token: witnessUser.token },
  });
  await new Promise<void>((resolve) => witness.once('connect', () => resolve()));
  let crossNode = 0;
  witness.on('booking:created', () => crossNode++);
  await sleep(Math.max(0, 20_000 - (performance.now() - redisDownAt))); // down 20 s in all (longer when the steps above were slow)
  results['b: /health/ready during the outage (3 nodes)'] = ready.join(', ');
  results['b: heartbeats acked during the outage'] = stats.acked - ackedBefore;
  await redis.start();
  const redisUpAt = performance.now();
  log(`(b) Redis back after ${Math.round((redisUpAt - redisDownAt) / 1000)} s`);
  let resumeMs = -1;
  for (let i = 0; i < 60 && resumeMs < 0; i++) {
    const before = crossNode;
    await api(nodes[0]!.url, 'POST', `/trainers/${trainer!.id}/book`, witnessUser.token, {
      serviceId: service!.id,
      slotId: slots[slots.length - 1 - i]!.id,
    });
    await sleep(250);
    if (crossNode > before) resumeMs = Math.round(performance.now() - redisUpAt);
  }
  results['b: cross-node events resumed after Redis came back (ms)'] = resumeMs;
  witness.close();
  await sleep(5000);

  // --- (c) PostgreSQL stopped for 5 s, then started.
  phase = 'postgres';
  const pgDownAt = performance.now();
  pg.stop();
  log('(c) PostgreSQL stopped');
  await sleep(5000);
  pg.start();
  const pgUpAt = performance.now();
  log(`(c) PostgreSQL started after ${Math.round((pgUpAt - pgDownAt) / 1000)} s`);
  let firstOk = -1;
  for (let i = 0; i < 100 && firstOk < 0; i++) {
    const u = t.users[0]!;
    const st = await Promise.all(
      nodes.map((n) => api(n.url, 'GET', `/sessions/${byUser.get(u.id)}`, u.token).then((r) => r.status)),
    );
    if (st.every((s) => s === 200)) firstOk = Math.round(performance.now() - pgUpAt);
    else await sleep(100);
  }
  results['c: every node answers 200 again after PostgreSQL started (ms)'] = firstOk;
  await sleep(8000);
  phase = 'end';

  // --- Stop the load, let the last batches commit, compare with the database.
  running = false;
  clearInterval(heartbeatLoop);
  clearInterval(memLoop);
  await Promise.all([bookingLoop, probeLoop]);
  await sleep(2000);
  await fill();
  const stored = await sql<{ id: number; progress_seconds: number; status: string }>(
    pg.url,
    `select id, progress_seconds, status from viewing_sessions where client_id = ?`,
    [t.id],
  );
  const storedById = new Map(stored.map((s) => [Number(s.id), s]));
  const lost = watchers.filter((w) => (storedById.get(w.sessionId)?.progress_seconds ?? 0) < w.ackedProgress);
  const completedInDb = stored.filter((s) => s.status === 'completed').length;
  const notifications = await sql<{ id: number }>(
    pg.url,
    `select id from notifications where client_id = ? and user_id = ?`,
    [t.id, trainerUser.id],
  );
  const lostEvents = notifications.filter((n) => !feed.received.has(Number(n.id))).length;
  const cron = await sql<{ job: string; ticks: number; runs: number }>(
    pg.url,
    `select job, count(distinct tick)::int as ticks, count(*)::int as runs from job_runs group by job order by job`,
  );
  const server500 = [...stats.probes.values()].reduce(
    (n, m) => n + [...m].filter(([k]) => k.startsWith('500')).reduce((x, [, v]) => x + v, 0),
    0,
  );

  results['a: every socket of the killed node back after (ms)'] = Math.round(
    Math.max(0, ...victimSockets.map((w) => w.reconnects[0] ?? Infinity)),
  );
  results['reconnect errors (phase:reason)'] = JSON.stringify(Object.fromEntries(connectErrors));
  results['heartbeats sent / acked'] = `${stats.sent} / ${stats.acked}`;
  results['heartbeat error acks'] = JSON.stringify(Object.fromEntries(stats.ackErrors));
  results['lost acked heartbeats (sessions behind their last ack)'] = lost.length;
  results['sessions completed (DB) / completion events / duplicates'] =
    `${completedInDb} / ${watchers.reduce((n, w) => n + w.completions, 0)} / ${watchers.filter((w) => w.completions > 1).length}`;
  results['requests slower than 1 s (phase:route)'] = JSON.stringify(Object.fromEntries(slow));
  results['booking events stored / received (live+replay, REST gap-fill) / lost'] =
    `${notifications.length} / ${feed.live}, ${feed.viaRest} / ${lostEvents}`;
  results['cron: ticks / runs per job; duplicate runs'] =
    `${cron.map((c) => `${c.job} ${c.ticks}/${c.runs}`).join(', ')}; ${cron.reduce((n, c) => n + c.runs - c.ticks, 0)}`;
  results['REST probes and bookings answering 500'] = server500;
  for (const [k, m] of stats.probes) results[`probes ${k}`] = JSON.stringify(Object.fromEntries(m));
  for (const [k, xs] of Object.entries(memory))
    if (xs.length)
      results[`RSS MB ${k} (min-max)`] = `${Math.round(Math.min(...xs) / 1e6)}-${Math.round(Math.max(...xs) / 1e6)}`;
  results['nodes crashed (other than the kill)'] = nodes.filter((n) => n.child.exitCode !== null).length;
  for (const n of nodes)
    if (n.child.exitCode !== null)
      console.log(`${n.name} exited ${n.child.exitCode}; its last output:\n${n.output().slice(-4000)}`);
  console.table(Object.entries(results).map(([what, value]) => ({ what, value })));
  console.log(
    `load average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  for (const w of watchers) w.socket.close();
  trainerSocket.close();
  for (const n of nodes) if (n.child.exitCode === null) n.child.kill('SIGTERM');
  await Promise.all(nodes.map((n) => Promise.race([n.exited, sleep(6000)])));
}

async function seedTrainerToken(clientId: number, userId: number) {
  const { signAccessToken } = await import('../domain/auth/tokens.ts');
  const { tokenSettings } = await import('./support/seed.ts');
  return {
    token: await signAccessToken(tokenSettings as never, { typ: 'user', sub: userId, cid: clientId, role: 'trainer' }),
  };
}

runBench(main);
