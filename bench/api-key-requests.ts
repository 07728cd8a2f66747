/**
 * Requests per second on a keyed route (`GET /api/v1/app/config`): measures the per-request cost of API-key
 * resolution. `node bench/api-key-requests.ts [postgres-url] [seconds] [concurrency]` — starts one node on a fresh
 * database on that server (default the local one) with rate limits lifted, then hammers it from this process.
 */
import pg from 'pg';
import { loadConfig } from '../server/config.ts';
import { createLogger } from '../server/logger.ts';
import { startNode } from '../server/node.ts';
import { createClient } from '../domain/tenancy/create-client.ts';
import { platformEm } from '../server/db/orm.ts';

const server = process.argv[2] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const seconds = Number(process.argv[3] ?? 5);
const concurrency = Number(process.argv[4] ?? 20);
const db = `stvos_bench_keys_${process.pid}`;
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
});
const node = await startNode(config, createLogger(config));
try {
  const { key } = await createClient(platformEm(node.services.orm), { slug: 'bench', name: 'Bench' });
  const target = `${node.url}/api/v1/app/config`;
  const headers = { 'X-API-Key': key.key };
  for (let i = 0; i < 200; i++) await fetch(target, { headers }).then((r) => r.arrayBuffer()); // warm-up
  let done = 0;
  const latencies: number[] = [];
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        const t = performance.now();
        const r = await fetch(target, { headers });
        await r.arrayBuffer();
        if (r.status !== 200) throw new Error(`status ${r.status}`);
        latencies.push(performance.now() - t);
        done++;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.floor(latencies.length * p)]!.toFixed(1);
  console.log(
    `GET /app/config, ${concurrency} concurrent, ${seconds}s: ${Math.round(done / seconds)} req/s, p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms`,
  );
} finally {
  await node.stop();
  await admin.query(`drop database if exists ${db} with (force)`);
  await admin.end();
}
