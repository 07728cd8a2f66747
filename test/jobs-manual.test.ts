import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ADMIN_TOKEN, startTestNode } from './support/node.ts';
import { client } from './support/http.ts';
import type { RunningNode } from '../server/node.ts';
import { runJobOnce } from '../jobs/run-job.ts';
import { tickOf } from '../jobs/job.ts';

/** An operator's run never moves the job's clock nor uses up the scheduled tick; job options exist on API and CLI. */
let node: RunningNode;
beforeAll(async () => {
  node = await startTestNode();
});
afterAll(() => node.stop());

const admin = () => client(node.url, { adminToken: ADMIN_TOKEN });

describe('manual job runs', () => {
  it('refuse a caller-chosen clock', async () => {
    const r = await admin().post('/admin/jobs/expire-vouchers/run', { tick: '2099-01-01T00:00:00Z' });
    expect([r.status, r.body.code]).toEqual([400, 'VALIDATION_ERROR']);
    expect(r.body.error).toContain('tick');
  });

  it('run on the real clock, are recorded as manual, and leave the scheduled tick to the scheduler', async () => {
    const before = Date.now();
    const r = await admin().post('/admin/jobs/expire-vouchers/run', {});
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ status: 'ran', trigger: 'manual' });
    const tick = new Date(r.body.data.tick);
    expect(tick.getTime()).toBeGreaterThanOrEqual(tickOf(new Date(before)).getTime());
    expect(tick.getTime()).toBeLessThanOrEqual(Date.now());
    // The cron slot of that very second still runs when the scheduler reaches it, once.
    expect(await runJobOnce(node.services, 'expire-vouchers', tick)).toMatchObject({
      status: 'ran',
      trigger: 'schedule',
    });
    expect(await runJobOnce(node.services, 'expire-vouchers', tick)).toMatchObject({
      status: 'skipped',
      reason: 'already_ran',
    });
    // A second manual run in the same second is recorded too.
    expect((await admin().post('/admin/jobs/expire-vouchers/run', {})).body.data).toMatchObject({
      status: 'ran',
      trigger: 'manual',
    });
  });

  it("take the job's documented options (stale-sessions staleAfterMinutes) on the API, checked by the job", async () => {
    expect(
      (await admin().post('/admin/jobs/stale-sessions/run', { input: { staleAfterMinutes: 60 } })).body.data,
    ).toMatchObject({ status: 'ran' });
    const bad = await admin().post('/admin/jobs/stale-sessions/run', { input: { staleAfterMinutes: 'soon' } });
    expect([bad.status, bad.body.details[0].field]).toEqual([400, 'staleAfterMinutes']);
    const unknown = await admin().post('/admin/jobs/stale-sessions/run', { input: { staleAfterMinutez: 60 } });
    expect(unknown.status).toBe(400);
  });

  it('take them on the CLI too (--stale-after-minutes), as a manual run', async () => {
    const out = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        ['server/cli/admin.ts', 'job:run', 'stale-sessions', '--stale-after-minutes', '45'],
        {
          env: {
            PATH: process.env['PATH'] ?? '',
            NODE_ENV: 'test',
            LOG_LEVEL: 'silent',
            DATABASE_URL: inject('dbUrl'),
            EMBEDDED_DB_DIR: `${inject('dataDir')}/cli-unused/pglite`,
            ADMIN_TOKEN,
          },
          timeout: 30_000,
        },
        (err, stdout, stderr) =>
          resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      ),
    );
    expect(out.code, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ status: 'ran', trigger: 'manual' });
  });
});
