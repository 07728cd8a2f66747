import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningNode } from '../server/node.ts';
import { runJobOnce } from '../jobs/run-job.ts';
import { ADMIN_TOKEN, startTestNode } from './support/node.ts';
import { client, type Api } from './support/http.ts';
import { createTenant, type TestTenant } from './support/tenant.ts';
import { usageFixtures } from './support/partner-usage.ts';

type Staff = { partnerId: number; token: string };
let tickSeq = 0;
/** A tick of its own per run (the job claims (job, tick) once). */
const freshTick = () => new Date(Date.UTC(2030, 0, 1) + ++tickSeq * 1000 + Math.floor(Math.random() * 1e9) * 1000);

describe('monthly partner billing', () => {
  let one: RunningNode;
  let two: RunningNode;
  let api: Api;
  let tenant: TestTenant;
  let other: TestTenant;
  let fx: ReturnType<typeof usageFixtures>;
  let a: Staff;
  let b: Staff;
  let broken: Staff;
  let foreign: Staff;
  let idle: { id: number };
  let classId: number;
  const admin = { adminToken: ADMIN_TOKEN };
  const setPlan = (t: TestTenant, partnerId: number, body: object) =>
    api.put(`/admin/clients/${t.id}/partners/${partnerId}/billing-plan`, body, admin);
  const run = (node: RunningNode, month: string, tick = freshTick()) =>
    runJobOnce(node.services, 'billing', tick, { month });
  const reports = async (partnerId: number, month: string) =>
    fx.sql(
      `select revision, total_minor::int as total from partner_billing_reports where partner_id = ? and month = ?::date order by revision`,
      [partnerId, `${month}-01`],
    );

  beforeAll(async () => {
    [one, two] = await Promise.all([startTestNode(), startTestNode()]);
    api = client(one.url);
    fx = usageFixtures(one);
    [tenant, other] = await Promise.all([createTenant(one), createTenant(one)]);
    [a, b, broken, foreign] = await Promise.all([
      fx.partner(tenant),
      fx.partner(tenant),
      fx.partner(tenant),
      fx.partner(other),
    ]);
    classId = (await fx.classOf(tenant)).id;
    const joined = new Date('2025-01-15T10:00:00Z');
    const active = await fx.member(tenant, a.partnerId, joined);
    idle = await fx.member(tenant, a.partnerId, joined);
    await fx.usage(tenant, active.id, { classId, at: new Date('2025-03-10T08:00:00Z'), seconds: 1800 });
    await fx.usage(tenant, active.id, { classId, at: new Date('2025-04-10T08:00:00Z'), seconds: 600 });
    // Partner b bills per redeemed voucher: one member joined in March, one before.
    await fx.member(tenant, b.partnerId, new Date('2025-03-05T00:00:00Z'));
    await fx.member(tenant, b.partnerId, joined);
    await fx.member(tenant, broken.partnerId, joined);
    const f = await fx.member(other, foreign.partnerId, joined);
    await fx.usage(other, f.id, { at: new Date('2025-03-10T08:00:00Z'), seconds: 60 });
    expect(
      (await setPlan(tenant, a.partnerId, { basis: 'active_member', priceMinor: 450, currency: 'EUR' })).status,
    ).toBe(200);
    expect(
      (
        await setPlan(tenant, b.partnerId, {
          basis: 'redeemed_voucher',
          priceMinor: 1000,
          currency: 'EUR',
          timeZone: 'Europe/Berlin',
        })
      ).status,
    ).toBe(200);
    expect(
      (await setPlan(tenant, broken.partnerId, { basis: 'active_member', priceMinor: 1, currency: 'EUR' })).status,
    ).toBe(200);
    expect(
      (await setPlan(other, foreign.partnerId, { basis: 'active_member', priceMinor: 700, currency: 'GBP' })).status,
    ).toBe(200);
    // A time zone PostgreSQL does not know, stored behind the API's back: this partner's report fails.
    await fx.sql(`update partners set time_zone = 'Mars/Olympus_Mons' where id = ?`, [broken.partnerId]);
  });
  afterAll(async () => {
    await Promise.all([one.stop(), two.stop()]);
  });

  it('bills every partner with a plan; one partner failing does not stop the others', async () => {
    expect(await run(one, '2025-03')).toMatchObject({ status: 'ran' });
    expect(await reports(a.partnerId, '2025-03')).toEqual([{ revision: 1, total: 450 }]);
    expect(await reports(b.partnerId, '2025-03')).toEqual([{ revision: 1, total: 1000 }]);
    expect(await reports(broken.partnerId, '2025-03')).toEqual([]);
    expect(
      await fx.sql(`select total_minor::int as total, currency from partner_billing_reports where partner_id = ?`, [
        foreign.partnerId,
      ]),
    ).toEqual([{ total: 700, currency: 'GBP' }]);
  });

  it('is idempotent: running the month again issues nothing new', async () => {
    await run(one, '2025-03');
    await run(two, '2025-03');
    expect(await reports(a.partnerId, '2025-03')).toEqual([{ revision: 1, total: 450 }]);
  });

  it('runs on exactly one node when two nodes take the same tick', async () => {
    const tick = freshTick();
    const results = await Promise.all([run(one, '2025-04', tick), run(two, '2025-04', tick)]);
    expect(results.map((r) => r.status).sort()).toEqual(['ran', 'skipped']);
    expect(await reports(a.partnerId, '2025-04')).toEqual([{ revision: 1, total: 450 }]);
  });

  it('an issued report is immutable; a correction is a new revision', async () => {
    await expect(
      fx.sql(`update partner_billing_reports set total_minor = 0 where partner_id = ?`, [a.partnerId]),
    ).rejects.toThrow(/immutable/);
    await expect(
      fx.sql(`update partner_billing_lines set amount_minor = 0 where client_id = ?`, [tenant.id]),
    ).rejects.toThrow(/immutable/);
    // Late usage for March: a rerun issues revision 2 and leaves revision 1 as it was.
    await fx.usage(tenant, idle.id, { classId, at: new Date('2025-03-20T08:00:00Z'), seconds: 300 });
    await run(one, '2025-03');
    expect(await reports(a.partnerId, '2025-03')).toEqual([
      { revision: 1, total: 450 },
      { revision: 2, total: 900 },
    ]);
    const first = await api.get('/partner/billing/2025-03?revision=1', { token: a.token });
    expect(first.body.data).toMatchObject({ revision: 1, totalMinor: 450, billableUnits: 1 });
  });

  it('lists reports and shows a month with a line per member and no health data', async () => {
    const list = await api.get('/partner/billing', { token: a.token });
    expect(list.status).toBe(200);
    expect(
      list.body.data.items.map((r: { month: string; revision: number; revisions: number }) => [
        r.month,
        r.revision,
        r.revisions,
      ]),
    ).toEqual([
      ['2025-04', 1, 1],
      ['2025-03', 2, 2],
    ]);
    const month = await api.get('/partner/billing/2025-03', { token: a.token });
    expect(month.status).toBe(200);
    expect(month.body.data).toMatchObject({
      month: '2025-03',
      revision: 2,
      basis: 'active_member',
      priceMinor: 450,
      currency: 'EUR',
      members: 2,
      billableUnits: 2,
      totalMinor: 900,
      watchMinutes: 35,
    });
    expect(month.body.data.lines).toHaveLength(2);
    expect(Object.keys(month.body.data.lines[0]).sort()).toEqual([
      'active',
      'amountMinor',
      'billable',
      'email',
      'joinedAt',
      'liveMinutes',
      'memberId',
      'name',
      'voiceMinutes',
      'voucherCode',
      'watchMinutes',
    ]);
    const march = await api.get('/partner/billing/2025-03', { token: b.token });
    expect(march.body.data).toMatchObject({
      basis: 'redeemed_voucher',
      timeZone: 'Europe/Berlin',
      members: 2,
      billableUnits: 1,
      totalMinor: 1000,
    });
  });

  it('exports a month as CSV', async () => {
    const res = await fetch(`${one.url}/api/v1/partner/billing/2025-03/export`, {
      headers: { Authorization: `Bearer ${a.token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/billing-2025-03-r2\.csv/);
    const rows = (await res.text()).trim().split('\n');
    expect(rows[0]).toBe(
      'member_id,name,email,joined_at,voucher_code,active,billable,watch_minutes,live_minutes,voice_minutes,amount_minor,currency',
    );
    expect(rows).toHaveLength(3);
    expect(rows.slice(1).every((r) => r.endsWith(',450,EUR'))).toBe(true);
  });

  it("another partner's or tenant's month answers 404; bad months 400", async () => {
    const none = await fx.partner(tenant);
    expect((await api.get('/partner/billing/2025-03', { token: none.token })).status).toBe(404);
    expect((await api.get('/partner/billing/2025-03/export', { token: none.token })).status).toBe(404);
    expect((await api.get('/partner/billing', { token: none.token })).body.data.items).toEqual([]);
    // a's March has a revision 2; the other tenant's partner (billed the same months) has only revision 1.
    expect((await api.get('/partner/billing/2025-03?revision=2', { token: a.token })).status).toBe(200);
    expect((await api.get('/partner/billing/2025-03?revision=2', { token: foreign.token })).status).toBe(404);
    expect((await api.get('/partner/billing/2025-03', { token: foreign.token })).body.data).toMatchObject({
      totalMinor: 700,
      currency: 'GBP',
      members: 1,
    });
    expect((await api.get('/partner/billing/2025-13', { token: a.token })).status).toBe(400);
    expect((await api.get('/partner/billing/2025-03?revision=0', { token: a.token })).status).toBe(400);
    expect((await api.get('/partner/billing')).status).toBe(401);
  });

  it('admin API: plans are validated and per client; a month reruns through the job-run route', async () => {
    expect((await setPlan(tenant, a.partnerId, { basis: 'per_seat', priceMinor: 1, currency: 'EUR' })).status).toBe(
      400,
    );
    expect(
      (await setPlan(tenant, a.partnerId, { basis: 'active_member', priceMinor: -1, currency: 'eur' })).status,
    ).toBe(400);
    expect(
      (
        await setPlan(tenant, a.partnerId, {
          basis: 'active_member',
          priceMinor: 1,
          currency: 'EUR',
          timeZone: 'Nowhere/Land',
        })
      ).status,
    ).toBe(400);
    expect(
      (await setPlan(tenant, foreign.partnerId, { basis: 'active_member', priceMinor: 1, currency: 'EUR' })).status,
    ).toBe(404);
    expect((await api.get(`/admin/clients/${other.id}/partners/${a.partnerId}/billing-plan`, admin)).status).toBe(404);
    expect((await api.post('/admin/jobs/billing/run', { input: { month: '2025-3' } }, admin)).status).toBe(400);
    const rerun = await api.post('/admin/jobs/billing/run', { input: { month: '2025-04' } }, admin);
    expect(rerun.status).toBe(200);
    expect(await reports(a.partnerId, '2025-04')).toHaveLength(1);
  });
});
