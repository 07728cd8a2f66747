import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import type { RunningNode } from '../server/node.ts';
import { runJobOnce } from '../jobs/run-job.ts';
import { ADMIN_TOKEN, startTestNode } from './support/node.ts';
import { client, type Api } from './support/http.ts';
import { createTenant, uniqueEmail, type TestTenant } from './support/tenant.ts';
import { usageFixtures } from './support/partner-usage.ts';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
// CI installs Debian's chromium (.ci/run); a laptop without it skips this file rather than failing `npm test`.
const runs = existsSync(CHROMIUM) || Boolean(process.env['CI']);

/** The /partner page in a real browser: sign in, watch a counter move, issue vouchers, download the CSV. */
describe.runIf(runs)('partner portal page (chromium)', () => {
  let node: RunningNode;
  let api: Api;
  let tenant: TestTenant;
  let fx: ReturnType<typeof usageFixtures>;
  let browser: BrowserContext;
  let profile: string;
  const login = { email: uniqueEmail('owner'), password: 'Portal-Pass-1234' };

  beforeAll(async () => {
    node = await startTestNode();
    api = client(node.url, { adminToken: ADMIN_TOKEN });
    fx = usageFixtures(node);
    tenant = await createTenant(node);
    profile = mkdtempSync(join(tmpdir(), 'stvos-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      acceptDownloads: true,
      viewport: { width: 1200, height: 1400 },
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(profile, { recursive: true, force: true });
    await node.stop();
  });

  it('signs in, shows live counters moving with heartbeats, issues vouchers and downloads them as CSV', async () => {
    const partner = (await api.post(`/admin/clients/${tenant.id}/partners`, { name: 'Acme Wellness' })).body.data;
    expect(
      (
        await api.post(`/admin/clients/${tenant.id}/partners/${partner.id}/staff`, {
          ...login,
          role: 'owner',
          name: 'Olivia Owner',
        })
      ).status,
    ).toBe(201);
    await api.put(`/admin/clients/${tenant.id}/partners/${partner.id}/billing-plan`, {
      basis: 'active_member',
      priceMinor: 450,
      currency: 'EUR',
    });
    const member = await fx.member(tenant, partner.id);
    const cls = await fx.classOf(tenant, 'Sunrise Yoga');
    const lastMonth = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 12));
    await fx.usage(tenant, member.id, { classId: cls.id, at: lastMonth, seconds: 2400 });
    await runJobOnce(node.services, 'billing', new Date(Date.now() - Math.floor(Math.random() * 1e9)));

    const page = await browser.newPage();
    await page.goto(`${node.url}/partner`);
    await page.fill('input[name=email]', login.email);
    await page.fill('input[name=password]', login.password);
    await page.fill('input[name=apiKey]', tenant.apiKey);
    await page.click('#login button[type=submit]');
    await page.waitForSelector('#app-view:not([hidden])');
    await page.waitForFunction(() =>
      (globalThis as any).document.querySelector('#live-status')?.textContent?.startsWith('live'),
    );
    expect(await page.textContent('#c-viewers')).toBe('0');

    // A member watches: heartbeats until the page shows a viewer and minutes.
    const creds = { apiKey: tenant.apiKey, token: member.token };
    const session = (await client(node.url).post('/sessions/start', { classId: cls.id, deviceType: 'web' }, creds)).body
      .data;
    let seq = 0;
    const watching = setInterval(() => {
      seq++;
      void client(node.url).post(
        `/sessions/${session.id}/progress`,
        { seq, progressSeconds: seq * 30, totalDurationSeconds: 1000 },
        creds,
      );
    }, 200);
    try {
      await page.waitForFunction(
        () => (globalThis as any).document.querySelector('#c-viewers')?.textContent === '1',
        undefined,
        { timeout: 15_000 },
      );
      await page.waitForFunction(
        () => Number((globalThis as any).document.querySelector('#c-minutes')?.textContent) >= 1,
        undefined,
        { timeout: 15_000 },
      );
    } finally {
      clearInterval(watching);
    }

    // Issue 500 vouchers, then download them.
    await page.fill('#issue input[name=quantity]', '500');
    await page.fill('#issue input[name=prefix]', 'ACME');
    await page.click('#issue button[type=submit]');
    await page.waitForFunction(
      () => (globalThis as any).document.querySelector('#issue-result')?.textContent?.startsWith('Issued 500'),
      undefined,
      { timeout: 15_000 },
    );
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#vouchers-csv')]);
    const csv = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\n');
    // The 500 new codes, plus the voucher the member joined with.
    expect(csv.length).toBe(502);
    expect(csv.filter((line) => line.includes('ACME-')).length).toBe(500);

    // Members and last month's bill are there.
    await page.click('#billing button.link');
    await page.waitForSelector('#bill h3');
    expect(await page.textContent('#bill h3')).toContain('4.50 EUR');
    await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('#members tbody tr').length === 1);
    const shot = process.env['PORTAL_SCREENSHOT'];
    if (shot) await page.screenshot({ path: shot, fullPage: true });
  }, 90_000);
});
