/**
 * A voice agent's tool-call latency against the REST call doing the same work, in the same run:
 * `node bench/voice-tools.ts [postgres-url] [seconds] [sessions]` — one node on a fresh database on that server,
 * `sessions` users each with a live voice session, then
 *   1. agent:tool `log_water` for every session at once, each session calling again as soon as it is answered,
 *      all over ONE agent socket (as the agent process does for a tenant);
 *   2. POST /progress/water from as many concurrent fetch loops, each with its user's bearer.
 * Both run `logWater`; the tool call also stores its answer (idempotency + audit) in the same transaction.
 */
import { io } from 'socket.io-client';
import { createClient } from '../domain/tenancy/create-client.ts';
import { issueAgentKey } from '../domain/tenancy/agent-keys.ts';
import { platformEm } from '../server/db/orm.ts';
import { signAccessToken } from '../domain/auth/tokens.ts';
import { LOCAL_POSTGRES, scratchNode } from './support/scratch-node.ts';
import { loadNow, printTable } from './support/table.ts';

const server = process.argv[2] ?? LOCAL_POSTGRES;
const seconds = Number(process.argv[3] ?? 5);
const sessions = Number(process.argv[4] ?? 200);
const { node, close } = await scratchNode('voice', server, {
  VOICE_TOOL_CALLS_PER_MINUTE: '1000000',
  AGENT_EVENTS_PER_SECOND: '1000000',
  DATABASE_POOL_MAX: '20',
  LIVEKIT_URL: 'https://livekit.invalid',
  LIVEKIT_API_KEY: 'bench',
  LIVEKIT_API_SECRET: 'bench-secret-bench-secret-bench-secret-00',
});

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(xs.length * p))]!.toFixed(1);
function report(label: string, latencies: number[]) {
  latencies.sort((a, b) => a - b);
  console.log(
    `${label}: ${latencies.length} calls in ${seconds}s (${Math.round(latencies.length / seconds)}/s), p50 ${pct(latencies, 0.5)} ms, p99 ${pct(latencies, 0.99)} ms, load avg ${loadNow()}`,
  );
  return { perSecond: Math.round(latencies.length / seconds), p99: pct(latencies, 0.99) };
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
  const tools = report(`agent:tool log_water, ${sessions} voice sessions on one agent socket`, await phase(tool));
  const rests = report(`POST /progress/water, ${sessions} concurrent users`, await phase(rest));
  socket.close();
  printTable([
    {
      bench: 'voice-tools',
      what: `agent:tool log_water over one agent socket, ${sessions} voice sessions (also stores its answer)`,
      value: `${tools.perSecond}/s, p99 ${tools.p99} ms`,
      baseline: `POST /progress/water, same work: ${rests.perSecond}/s, p99 ${rests.p99} ms`,
      ratio: tools.perSecond / rests.perSecond,
      load: loadNow(),
    },
  ]);
} finally {
  await close();
}
