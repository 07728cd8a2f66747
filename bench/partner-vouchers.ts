/**
 * 500 vouchers in one request: `POST /api/v1/partner/vouchers` (one set-based INSERT ... RETURNING) against a
 * naive loop of one INSERT per code, in the same run, on the real PostgreSQL.
 * `node bench/partner-vouchers.ts [postgres-url] [rounds]` — creates a scratch database on that server (default
 * the local one), starts one node with rate limits lifted, and times:
 *   - the HTTP request end to end (auth, validation, transaction, JSON of 500 vouchers);
 *   - the domain call alone (insertVoucherBatch) and the naive loop (500 statements in one transaction).
 * Rounds run one after another (no concurrency), so the figures are latencies, not throughput.
 */
import { buildContext } from '../domain/shared/use-case.ts';
import { platformEm } from '../server/db/orm.ts';
import { createClient } from '../domain/tenancy/create-client.ts';
import { createPartner, createPartnerStaff } from '../domain/identity/partners.ts';
import { insertVoucherBatch } from '../domain/identity/vouchers.ts';
import { prefixedCode } from '../domain/identity/codes.ts';
import { tenantOf } from '../domain/shared/scope.ts';
import type { Ctx } from '../domain/shared/context.ts';
import { LOCAL_POSTGRES, scratchNode } from './support/scratch-node.ts';
import { loadNow, printTable } from './support/table.ts';

const server = process.argv[2] ?? LOCAL_POSTGRES;
const rounds = Math.min(Number(process.argv[3] ?? 30), 200);
const QUANTITY = 500;
const { node, db, close } = await scratchNode('vouchers', server);
const admin = db.admin;

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const line = (name: string, xs: number[]) =>
  `${name.padEnd(44)} p50 ${pct(xs, 0.5).toFixed(1).padStart(7)} ms   p95 ${pct(xs, 0.95).toFixed(1).padStart(7)} ms   max ${Math.max(
    ...xs,
  )
    .toFixed(1)
    .padStart(7)} ms`;

/** The naive writer: one INSERT per code, each its own round trip, in one transaction. */
async function naiveIssue(ctx: Ctx, partnerId: number): Promise<number> {
  return ctx.em.transactional(async (em) => {
    let n = 0;
    for (let i = 0; i < QUANTITY; i++) {
      const rows: unknown[] = await em.execute(
        `insert into vouchers (client_id, partner_id, code, expires_at, batch) values (?, ?, ?, null, 'naive')
         on conflict (code) do nothing returning id, code, status, expires_at`,
        [ctx.tenant.id, partnerId, prefixedCode('NAIVE', 3)],
      );
      n += rows.length;
    }
    return n;
  });
}

try {
  const { client, key } = await createClient(platformEm(node.services.orm), { slug: 'bench', name: 'Bench' });
  const ctx = buildContext(node.services.orm.em, { tenant: tenantOf(client), actor: { kind: 'system', job: 'bench' } });
  const partner = await createPartner(ctx, { name: 'Bench partner' });
  await createPartnerStaff(ctx, partner.id, {
    email: 'owner@bench.example.com',
    password: 'bench-password-42',
    role: 'owner',
  });
  const login = await fetch(`${node.url}/api/v1/partner-auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'owner@bench.example.com', password: 'bench-password-42' }),
  }).then((r) => r.json() as Promise<{ data: { accessToken: string } }>);
  const headers = {
    'Content-Type': 'application/json',
    Authorization: `Bearer ${login.data.accessToken}`,
    'X-API-Key': key.key,
  };
  const body = JSON.stringify({ quantity: QUANTITY, prefix: 'BENCH', batch: 'bench' });

  const http: number[] = [];
  const setBased: number[] = [];
  const naive: number[] = [];
  const load = loadNow();
  for (let round = -3; round < rounds; round++) {
    // three warm-up rounds, not counted
    let t = performance.now();
    const r = await fetch(`${node.url}/api/v1/partner/vouchers`, { method: 'POST', headers, body });
    const answer = (await r.json()) as { data: { vouchers: unknown[] } };
    if (r.status !== 201 || answer.data.vouchers.length !== QUANTITY) throw new Error(`status ${r.status}`);
    if (round >= 0) http.push(performance.now() - t);

    t = performance.now();
    const issued = await ctx.em.transactional((em) =>
      insertVoucherBatch({ ...ctx, em: em as Ctx['em'] }, { quantity: QUANTITY, prefix: 'SET', partnerId: partner.id }),
    );
    if (issued.length !== QUANTITY) throw new Error('set-based issued too few');
    if (round >= 0) setBased.push(performance.now() - t);

    t = performance.now();
    if ((await naiveIssue(ctx, partner.id)) !== QUANTITY) throw new Error('naive issued too few');
    if (round >= 0) naive.push(performance.now() - t);
  }
  const [count] = await ctx.em.execute<Array<{ n: string }>>(`select count(*) as n from vouchers where client_id = ?`, [
    client.id,
  ]);
  console.log(
    `${QUANTITY} vouchers per call, ${rounds} rounds each, PostgreSQL ${(await admin.query('show server_version')).rows[0].server_version}, load average ${load} at start, ${loadNow()} at end`,
  );
  console.log(line('POST /partner/vouchers (HTTP, set-based)', http));
  console.log(line('insertVoucherBatch (one INSERT ... RETURNING)', setBased));
  console.log(line('naive loop (500 INSERTs, one transaction)', naive));
  console.log(
    `naive / set-based at p95: ${(pct(naive, 0.95) / pct(setBased, 0.95)).toFixed(1)}x; ${count!.n} vouchers written, all unique by constraint`,
  );
  printTable([
    {
      bench: 'partner-vouchers',
      what: `${QUANTITY} vouchers, one INSERT … RETURNING (naive ÷ set-based at p95), ${rounds} rounds`,
      value: `p95 ${pct(setBased, 0.95).toFixed(1)} ms (HTTP end to end p95 ${pct(http, 0.95).toFixed(1)} ms)`,
      baseline: `naive loop of ${QUANTITY} INSERTs: p95 ${pct(naive, 0.95).toFixed(1)} ms`,
      ratio: pct(naive, 0.95) / pct(setBased, 0.95),
      load: loadNow(),
    },
  ]);
} finally {
  await close();
}
