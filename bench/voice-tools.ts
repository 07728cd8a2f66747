/**
 * A voice agent's tool-call latency against the REST call doing the same work, in the same run:
 * `node bench/voice-tools.ts [postgres-url] [seconds] [sessions]` — one node on a fresh database on that server,
 * `sessions` users each with a live voice session, then
 *   1. agent:tool `log_water` for every session at once, each session calling again as soon as it is answered,
 *      all over ONE agent socket (as the agent process does for a tenant);
 *   2. POST /progress/water from as many concurrent fetch loops, each with its user's bearer.
 * Both run `logWater`; the tool call also stores its answer (idempotency + audit) in the same transaction.
 */
import { loadavg } from 'node:os';
import pg from 'pg';
import { io } from 'socket.io-client';
import { loadConfig } from '../server/config.ts';
import { createLogger } from '../server/logger.ts';
import { startNode } from '../server/node.ts';
import { createClient } from '../domain/tenancy/create-client.ts';
import { issueAgentKey } from '../domain/tenancy/agent-keys.ts';
import { platformEm } from '../server/db/orm.ts';
import { signAccessToken } from '../domain/auth/tokens.ts';

const server = process.argv[2] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const seconds = Number(process.argv[3] ?? 5);
const sessions = Number(process.argv[4] ?? 200);
const db = `stvos_bench_voice_${process.pid}`;
const admin = new pg.Client({ connectionString: server });
await admin.connect();
await admin.query(`create database ${db}`);
const url = new URL(server);
url.pathname = `/${db}`;
const config = loadConfig({
  NODE_ENV: 'test',
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'silent',
  DATABASE_URL: url.toString(),
  SEED_DEMO: 'false',
  JOBS_ENABLED: 'false',
  JWT_ACCESS_SECRET: 'bench-secret-bench-secret-bench-secret-00',
  ADMIN_TOKEN: 'bench-admin-token-0000000000',
  RATE_LIMIT_PER_MINUTE: '100000000',
  RATE_LIMIT_BURST: '10000000',
  VOICE_TOOL_CALLS_PER_MINUTE: '1000000',
  AGENT_EVENTS_PER_SECOND: '1000000',
  DATABASE_POOL_MAX: '20',
  LIVEKIT_URL: 'https://livekit.invalid',
  LIVEKIT_API_KEY: 'bench',
  LIVEKIT_API_SECRET: 'bench-secret-bench-secret-bench-secret-00',
});
const node = await startNode(config, createLogger(config));

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(xs.length * p))]!.toFixed(1);
function report(label: string, latencies: number[]) {
  latencies.sort((a, b) => a - b);
  console.log(
    `${label}: ${latencies.length} calls in ${seconds}s (${Math.round(latencies.length / seconds)}/s), p50 ${pct(latencies, 0.5)} ms, p99 ${pct(latencies, 0.99)} ms, load avg ${loadavg()[0]!.toFixed(1)}`,
  );
}

try {
  const em = platformEm(node.services.orm);
  const { client, key } = await createClient(em, { slug: 'bench', name: 'Bench' });
  const agentKey = (await issueAgentKey(em, { clientId: client.id })).key;
  const users: Array<{ token: string; voiceSessionId: string }> = [];
  for (let i = 0; i < sessions; i++) {
    const [u] = await em.execute(
      `insert into users (client_id, email, password_hash, name, role, profile, settings) values (?, ?, 'x', 'b', 'user', '{}', '{}') returning id`,
      [client.id, `b${i}@bench.example`],
    );
    const token = await signAccessToken(node.services.tokens, {
      typ: 'user',
      sub: Number(u!.id),
      cid: client.id,
      role: 'user',
    });
    const room = await fetch(`${node.url}/api/v1/livekit/token`, {
      method: 'POST',
      headers: { 'X-API-Key': key.key, Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ roomName: 'b', agentName: 'stvos-coach' }),
    });
    const body = (await room.json()) as { data: { voiceSessionId: string } };
    users.push({ token, voiceSessionId: body.data.voiceSessionId });
  }

  const socket = io(`${node.url}/clients/bench`, { auth: { apiKey: key.key, agentKey }, transports: ['websocket'] });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  let call = 0;
  const tool = async (s: { voiceSessionId: string }) => {
    const ack = (await socket.timeout(30_000).emitWithAck('agent:tool', {
      voiceSessionId: s.voiceSessionId,
      callId: `c${call++}`,
      name: 'log_water',
      arguments: { ml: 250 },
    })) as { ok: boolean; code?: string };
    if (!ack.ok) throw new Error(`tool call refused: ${ack.code}`);
  };
  const rest = async (s: { token: string }) => {
    const r = await fetch(`${node.url}/api/v1/progress/water`, {
      method: 'POST',
      headers: { 'X-API-Key': key.key, Authorization: `Bearer ${s.token}`, 'Content-Type': 'application/json' },
      body: '{"ml":250}',
    });
    await r.arrayBuffer();
    if (r.status !== 201) throw new Error(`REST status ${r.status}`);
  };
  async function phase(fn: (s: (typeof users)[number]) => Promise<void>) {
    for (const s of users.slice(0, 20)) await fn(s); // warm-up
    const latencies: number[] = [];
    const end = Date.now() + seconds * 1000;
    await Promise.all(
      users.map(async (s) => {
        while (Date.now() < end) {
          const t = performance.now();
          await fn(s);
          latencies.push(performance.now() - t);
        }
      }),
    );
    return latencies;
  }
  report(`agent:tool log_water, ${sessions} voice sessions on one agent socket`, await phase(tool));
  report(`POST /progress/water, ${sessions} concurrent users`, await phase(rest));
  socket.close();
} finally {
  await node.stop();
  await admin.query(`drop database if exists ${db} with (force)`);
  await admin.end();
}
