import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { startTestNode } from './support/node.ts';
import { createTenant } from './support/tenant.ts';
import { platformEm } from '../server/db/orm.ts';
import type { RunningNode } from '../server/node.ts';
import { defineJob } from '../jobs/job.ts';
import { runJobOnce } from '../jobs/run-job.ts';
import { startScheduler } from '../jobs/scheduler.ts';
import { createPartner } from '../domain/identity/partners.ts';
import type { DomainEvent } from '../domain/shared/events.ts';

let node: RunningNode;
const sql = (q: string, params: unknown[] = []): Promise<any[]> => platformEm(node.services.orm).execute(q, params);
const jobName = (tag: string) => `test-${tag}-${randomBytes(4).toString('hex')}`;
/** A tick of its own for each run, a little in the past, so runs in this file never share one. */
const pastTick = () => new Date(Date.now() - 1000 * (60 + Math.floor(Math.random() * 3600)));

beforeAll(async () => {
  node = await startTestNode();
});
afterAll(async () => {
  await node.stop('test end');
});

describe('jobs: one run per tick', () => {
  it('records exactly one run when two nodes run the same job and tick at once', async () => {
    const seen: number[] = [];
    const job = defineJob({
      name: jobName('once'),
      schedule: '* * * * *',
      payload: z.object({}),
      async runForTenant(ctx) {
        seen.push(ctx.tenant.id);
      },
    });
    const tick = pastTick();
    const results = await Promise.all([
      runJobOnce(node.services, job, tick),
      runJobOnce(node.services, job, tick),
      runJobOnce(node.services, job, tick),
    ]);
    expect(results.filter((r) => r.status === 'ran')).toHaveLength(1);
    const rows = await sql(`select count(*)::int as n from job_runs where job = ?`, [job.name]);
    expect(rows[0].n).toBe(1);
    expect(new Set(seen).size).toBe(seen.length);
    // The same tick later (a restarted node, a late timer) is skipped too.
    expect(await runJobOnce(node.services, job, tick)).toMatchObject({ status: 'skipped', reason: 'already_ran' });
  });

  it('two schedulers on the same node count run each tick once, and stop() waits for a running tick', async () => {
    const tenant = await createTenant(node);
    const ticks: string[] = [];
    let finished = 0;
    const job = defineJob({
      name: jobName('sched'),
      schedule: '* * * * * *',
      payload: z.object({}),
      async runForTenant(ctx) {
        if (ctx.tenant.id !== tenant.id) return;
        ticks.push(ctx.clock().toISOString());
        await new Promise((r) => setTimeout(r, 300));
        finished++;
      },
    });
    const s1 = startScheduler(node.services, [job]);
    const s2 = startScheduler(node.services, [job]);
    await new Promise((r) => setTimeout(r, 2600));
    while (ticks.length === finished) await new Promise((r) => setTimeout(r, 20)); // stop while one is running
    await Promise.all([s1.stop(), s2.stop()]);
    expect(finished).toBe(ticks.length);
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(new Set(ticks).size).toBe(ticks.length);
    const rows = await sql(`select count(*)::int as n, count(distinct tick)::int as d from job_runs where job = ?`, [
      job.name,
    ]);
    expect(rows[0].n).toBe(rows[0].d);
  });
});

describe('jobs: tenant isolation', () => {
  it("one tenant's failure is recorded and rolled back; the others still run", async () => {
    const before = await createTenant(node);
    const bad = await createTenant(node);
    const after = await createTenant(node);
    const ran: number[] = [];
    const job = defineJob({
      name: jobName('iso'),
      schedule: '* * * * *',
      payload: z.object({}),
      async runForTenant(ctx) {
        if (ctx.tenant.id === bad.id) {
          await createPartner(ctx, { name: 'must be rolled back' });
          throw new Error('boom for this tenant');
        }
        if (ctx.tenant.id === before.id || ctx.tenant.id === after.id) ran.push(ctx.tenant.id);
      },
    });
    const result = await runJobOnce(node.services, job, pastTick());
    expect(result.status).toBe('ran');
    expect(ran).toEqual([before.id, after.id]);
    if (result.status !== 'ran') return;
    expect(result.failures).toEqual([{ clientId: bad.id, slug: bad.slug, error: 'boom for this tenant' }]);
    const [row] = await sql(`select tenants_failed, failures, finished_at from job_runs where id = ?`, [result.runId]);
    expect(row.tenants_failed).toBe(1);
    expect(row.finished_at).toBeTruthy();
    expect(JSON.stringify(row.failures)).toContain(String(bad.id));
    const partners = await sql(`select count(*)::int as n from partners where client_id = ?`, [bad.id]);
    expect(partners[0].n).toBe(0);
  });
});

describe('jobs: expire-vouchers', () => {
  it('expires only past-due active vouchers, in every tenant, and publishes after commit', async () => {
    const t1 = await createTenant(node);
    const t2 = await createTenant(node);
    const [partner] = await sql(`insert into partners (client_id, name) values (?, 'Exp Partner') returning id`, [
      t1.id,
    ]);
    const insert = async (
      clientId: number,
      code: string,
      status: string,
      expires: string | null,
      partnerId: number | null = null,
    ) => {
      const [v] = await sql(
        `insert into vouchers (client_id, partner_id, code, status, expires_at, redeemed_at) values (?, ?, ?, ?, ?::timestamptz, ${status === 'redeemed' ? 'now()' : 'null'}) returning id`,
        [clientId, partnerId, code, status, expires],
      );
      return v.id as number;
    };
    const tag = randomBytes(4).toString('hex').toUpperCase();
    const day = 86_400_000;
    const ago = new Date(Date.now() - day).toISOString();
    const ids = {
      pastActive: await insert(t1.id, `EXP-${tag}-A`, 'active', ago, partner.id),
      pastRedeemed: await insert(t1.id, `EXP-${tag}-B`, 'redeemed', ago),
      pastRevoked: await insert(t1.id, `EXP-${tag}-C`, 'revoked', ago),
      futureActive: await insert(t1.id, `EXP-${tag}-D`, 'active', new Date(Date.now() + day).toISOString()),
      noExpiry: await insert(t1.id, `EXP-${tag}-E`, 'active', null),
      otherTenantPast: await insert(t2.id, `EXP-${tag}-F`, 'active', ago),
    };
    const published: Array<{ slug: string; events: readonly DomainEvent[] }> = [];
    const original = node.services.publisher.publish;
    node.services.publisher.publish = (slug, events) => published.push({ slug, events });
    try {
      const result = await runJobOnce(node.services, 'expire-vouchers', new Date());
      expect(result.status).toBe('ran');
    } finally {
      node.services.publisher.publish = original;
    }
    const rows = await sql(`select id, status from vouchers where code like ?`, [`EXP-${tag}-%`]);
    const status = Object.fromEntries(rows.map((r: { id: number; status: string }) => [r.id, r.status]));
    expect(status[ids.pastActive]).toBe('expired');
    expect(status[ids.otherTenantPast]).toBe('expired');
    expect(status[ids.pastRedeemed]).toBe('redeemed');
    expect(status[ids.pastRevoked]).toBe('revoked');
    expect(status[ids.futureActive]).toBe('active');
    expect(status[ids.noExpiry]).toBe('active');
    expect(published.find((p) => p.slug === t1.slug)?.events).toEqual([
      { rooms: [`partner:${partner.id}`], event: 'vouchers:expired', payload: { count: 1 } },
    ]);
  });

  it('refuses an unknown job name', async () => {
    await expect(runJobOnce(node.services, 'no-such-job')).rejects.toMatchObject({ code: 'JOB_NOT_FOUND' });
  });
});
