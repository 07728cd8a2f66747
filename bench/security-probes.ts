/**
 * The issue-10 probes against one real node (server/main.ts in a child process, loopback only, PostgreSQL):
 *  1. memory: 36 requests of 13 MB JSON with no key to a path under /api/v1/food-scanner/scan-food
 *     (6 at a time), the node's RSS (from /proc) before, at its peak and 2 s after;
 *  2. flood: one anonymous caller sends 60 GET /app/config with a tenant's app key as fast as it can, while
 *     a signed-in user of the same tenant makes 10 requests; the defaults (100/min, burst 20) apply.
 * `node bench/security-probes.ts [postgres-url]`. Bounded: ~470 MB sent over loopback, a few seconds.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadNow, printTable } from './support/table.ts';
import { BENCH_ADMIN_TOKEN, LOCAL_POSTGRES, scratchDatabase } from './support/scratch-node.ts';

const db = await scratchDatabase(process.argv[2] ?? LOCAL_POSTGRES, 'security');

const port = await new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = (s.address() as { port: number }).port;
    s.close(() => resolve(p));
  });
});
const base = `http://127.0.0.1:${port}`;
const ADMIN_TOKEN = BENCH_ADMIN_TOKEN;
const child = spawn(process.execPath, ['server/main.ts'], {
  env: {
    PATH: process.env['PATH'],
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    DATABASE_URL: db.url,
    JOBS_ENABLED: 'false',
    JWT_ACCESS_SECRET: 'bench-secret-bench-secret-bench-secret-00',
    ADMIN_TOKEN,
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024;

try {
  for (let i = 0; ; i++) {
    if (i > 300) throw new Error('node did not start');
    const up = await fetch(`${base}/api/v1/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  // A little traffic first, so the baseline is a node that has served requests.
  for (let i = 0; i < 20; i++) await fetch(`${base}/api/v1/health`).then((r) => r.arrayBuffer());

  // 1. Memory.
  const before = rssMb();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 20);
  const body = Buffer.from(`{"image":"data:image/jpeg;base64,${'A'.repeat(13 * 1024 * 1024 - 40)}"}`);
  const statuses: Record<number, number> = {};
  const queue = Array.from({ length: 36 }, (_, i) => i);
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      while (queue.shift() !== undefined) {
        const r = await fetch(`${base}/api/v1/food-scanner/scan-food/probe`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        }).catch(() => null);
        if (r) await r.arrayBuffer();
        const s = r?.status ?? 0;
        statuses[s] = (statuses[s] ?? 0) + 1;
      }
    }),
  );
  clearInterval(sampler);
  await new Promise((r) => setTimeout(r, 2000));
  const after = rssMb();
  console.log(
    `memory: 36 x 13 MB, no key -> statuses ${JSON.stringify(statuses)}; RSS ${before.toFixed(0)} MB before, peak ${peak.toFixed(0)} MB, ${after.toFixed(0)} MB 2 s after`,
  );

  // 2. Flood.
  const created = (await fetch(`${base}/api/v1/admin/clients`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-admin-token': ADMIN_TOKEN },
    body: JSON.stringify({ slug: 'probe', name: 'Probe' }),
  }).then((r) => r.json())) as { data: { apiKey: { key: string } } };
  const key = created.data.apiKey.key;
  const reg = (await fetch(`${base}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: JSON.stringify({ email: 'probe@example.com', password: 'correct-horse-battery-9' }),
  }).then((r) => r.json())) as { data: { accessToken: string } };
  const userHeaders = { 'x-api-key': key, authorization: `Bearer ${reg.data.accessToken}` };
  // The sign-up came from the attacker's address too and spent one of its 20 tokens; at 100/min one comes back in
  // 0.6 s, so after a second the flood starts on a full bucket.
  await new Promise((r) => setTimeout(r, 1000));
  const started = performance.now();
  const attacker = await Promise.all(
    Array.from({ length: 60 }, () =>
      fetch(`${base}/api/v1/app/config`, { headers: { 'x-api-key': key } }).then((r) => r.status),
    ),
  );
  const elapsed = (performance.now() - started) / 1000;
  const user: number[] = [];
  for (let i = 0; i < 10; i++)
    user.push(await fetch(`${base}/api/v1/users/me`, { headers: userHeaders }).then((r) => r.status));
  const count = (xs: number[], s: number) => xs.filter((x) => x === s).length;
  console.log(
    `flood: anonymous caller 60 requests in ${elapsed.toFixed(2)} s -> ${count(attacker, 200)} x 200, ${count(attacker, 429)} x 429; the tenant's signed-in user meanwhile: ${count(user, 200)}/10 x 200`,
  );
  printTable([
    {
      bench: 'security-probes',
      what: '36 × 13 MB JSON bodies with no key (6 at a time): RSS growth at the peak',
      value: `+${(peak - before).toFixed(0)} MB (${before.toFixed(0)} → ${peak.toFixed(0)} MB, ${after.toFixed(0)} MB 2 s after)`,
      baseline: `${((36 * 13 * 1024 * 1024) / 1e6).toFixed(0)} MB sent`,
      goal: 'bodies refused unread',
      met: peak - before < 50,
      load: loadNow(),
    },
    {
      bench: 'security-probes',
      what: "flood: one anonymous caller, 60 × GET /app/config at once (burst 20); the tenant's signed-in user meanwhile",
      value: `${count(attacker, 200)} × 200, ${count(attacker, 429)} × 429; user ${count(user, 200)}/10 × 200`,
      goal: '20 × 200 then 429; user unaffected',
      met: count(attacker, 200) === 20 && count(user, 200) === 10,
      load: loadNow(),
    },
  ]);
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  await db.drop();
}
