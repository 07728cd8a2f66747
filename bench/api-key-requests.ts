/**
 * Requests per second on a keyed route (`GET /api/v1/app/config`) against the same node's keyless
 * `GET /api/v1/health` in the same run: what resolving the API key (and its client) costs per request.
 * `node bench/api-key-requests.ts [postgres-url] [seconds] [concurrency]` — one node on a scratch database on that
 * server (default the local one) with rate limits lifted, hammered from this process by fetch loops.
 */
import { fileURLToPath } from 'node:url';
import { createClient } from '../domain/tenancy/create-client.ts';
import { platformEm } from '../server/db/orm.ts';
import { LOCAL_POSTGRES, scratchNode } from './support/scratch-node.ts';
import { loadNow, printTable, type BenchRow } from './support/table.ts';

const server = process.argv[2] ?? LOCAL_POSTGRES;
const seconds = Number(process.argv[3] ?? 5);
const concurrency = Number(process.argv[4] ?? 20);

async function warm(target: string, headers: Record<string, string>) {
  for (let i = 0; i < 500; i++) await fetch(target, { headers }).then((r) => r.arrayBuffer());
}

async function hammer(target: string, headers: Record<string, string>) {
  const latencies: number[] = [];
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        const t = performance.now();
        const r = await fetch(target, { headers });
        await r.arrayBuffer();
        if (r.status !== 200) throw new Error(`${target}: status ${r.status}`);
        latencies.push(performance.now() - t);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.floor(latencies.length * p)]!.toFixed(1);
  return { rps: Math.round(latencies.length / seconds), p50: pct(0.5), p99: pct(0.99) };
}

export async function main(): Promise<BenchRow[]> {
  const { node, close } = await scratchNode('keys', server, { LOG_LEVEL: 'silent' });
  try {
    const { key } = await createClient(platformEm(node.services.orm), { slug: 'bench', name: 'Bench' });
    const health = { url: `${node.url}/api/v1/health`, headers: {} };
    const config = { url: `${node.url}/api/v1/app/config`, headers: { 'X-API-Key': key.key } };
    // Both warmed before either is measured (the first measured loop otherwise pays for the JIT).
    for (const t of [health, config]) await warm(t.url, t.headers);
    const bare = await hammer(health.url, health.headers);
    const keyed = await hammer(config.url, config.headers);
    console.log(
      `${concurrency} concurrent, ${seconds}s: GET /health ${bare.rps} req/s (p50 ${bare.p50} ms); GET /app/config ${keyed.rps} req/s, p50 ${keyed.p50} ms, p99 ${keyed.p99} ms`,
    );
    return [
      {
        bench: 'api-key-requests',
        what: `GET /app/config (API key → client from the node's cache), ${concurrency} fetch loops`,
        value: `${keyed.rps} req/s, p99 ${keyed.p99} ms`,
        baseline: `GET /health, no key: ${bare.rps} req/s`,
        ratio: keyed.rps / bare.rps,
        load: loadNow(),
      },
    ];
  } finally {
    await close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  printTable(await main());
  process.exit(0);
}
