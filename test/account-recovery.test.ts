import { platformEm } from '../server/db/orm.ts';
import { createHash, randomInt } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestNode } from './support/node.ts';
import { client, type Api, type Creds } from './support/http.ts';
import { createTenant, uniqueEmail, type TestTenant } from './support/tenant.ts';
import { createPartner, createStaff } from './support/identities.ts';
import { closeSockets, connectSocket } from './support/realtime.ts';
import { resetCodeOf, startSmtpFake } from './support/smtp-fake.ts';
import type { RunningNode } from '../server/node.ts';

/** Issue 10 item 4: forgot / reset / change password for users, trainers, partner staff and admins, mail through the outbox. */
const password = 'correct-horse-42';
const newPassword = 'battery-staple-77';
const run = `${randomInt(1, 250)}.${randomInt(1, 250)}`;
let host = 1;
const from = (): Creds => ({ headers: { 'X-Forwarded-For': `10.${run}.${host++}` } });

let smtp: Awaited<ReturnType<typeof startSmtpFake>>;
let node: RunningNode;
let api: Api;
let t: TestTenant;

const sql = <T = any>(text: string, params: unknown[] = []): Promise<T[]> =>
  platformEm(node.services.orm).execute(text, params);

beforeAll(async () => {
  smtp = await startSmtpFake();
  node = await startTestNode({
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Studio <no-reply@example.com>',
    TRUST_PROXY: 'loopback',
  });
  api = client(node.url);
  t = await createTenant(node);
});
afterEach(() => closeSockets());
afterAll(async () => {
  await node.stop();
  await smtp.close();
});

async function register(tenant = t) {
  const email = uniqueEmail();
  const reg = await api.post('/auth/register', { email, password }, { apiKey: tenant.apiKey });
  expect(reg.status).toBe(201);
  return { email, id: reg.body.data.user.id as number, ...reg.body.data };
}

describe('users: forgot and reset password', () => {
  it('mails a single-use code over SMTP; reset signs out every session and the code is stored hashed', async () => {
    const a = await register();
    const socket = await connectSocket(node.url, t.slug, { apiKey: t.apiKey, token: a.accessToken });
    const gone = new Promise((resolve) => socket.once('disconnect', resolve));

    const forgot = await api.post('/auth/forgot-password', { email: a.email }, { apiKey: t.apiKey, ...from() });
    expect(forgot.status).toBe(202);
    const mail = await smtp.mailTo(a.email);
    expect(mail.from).toBe('no-reply@example.com');
    expect(mail.raw).toContain('Subject: Reset your password');
    const code = resetCodeOf(mail.raw);

    const stored = await sql<{ token_hash: string; used_at: Date | null }>(
      `select token_hash, used_at from password_resets where user_id = ?`,
      [a.id],
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).toBe(createHash('sha256').update(code).digest('hex'));
    // The outbox row was sent and no longer holds the body (it carried a live code).
    await expect
      .poll(async () => (await sql(`select status, body from mail_outbox where to_address = ?`, [a.email]))[0])
      .toEqual({ status: 'sent', body: null });

    const done = await api.post('/auth/reset-password', { token: code, password: newPassword }, { apiKey: t.apiKey });
    expect(done.status).toBe(200);
    expect((await api.get('/auth/me', { apiKey: t.apiKey, token: a.accessToken })).body.code).toBe('TOKEN_REVOKED');
    await gone;
    expect((await api.post('/auth/refresh', { refreshToken: a.refreshToken }, { apiKey: t.apiKey })).status).toBe(401);
    expect((await api.post('/auth/login', { email: a.email, password }, { apiKey: t.apiKey, ...from() })).status).toBe(
      401,
    );
    expect(
      (await api.post('/auth/login', { email: a.email, password: newPassword }, { apiKey: t.apiKey, ...from() }))
        .status,
    ).toBe(200);

    const again = await api.post(
      '/auth/reset-password',
      { token: code, password: 'another-pass-99' },
      { apiKey: t.apiKey },
    );
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('INVALID_RESET_TOKEN');
  });

  it('answers identically whether or not the e-mail has an account, and takes about as long', async () => {
    const a = await register();
    const time = async (email: string) => {
      const started = performance.now();
      const r = await api.post('/auth/forgot-password', { email }, { apiKey: t.apiKey, ...from() });
      return { status: r.status, body: { ...r.body, data: r.body.data }, ms: performance.now() - started };
    };
    const known = await time(a.email);
    const unknown = await time(uniqueEmail('nobody'));
    expect(unknown.status).toBe(known.status);
    expect(unknown.body).toEqual(known.body);
    // Both wait out the same floor (300 ms); the work itself takes a few ms either way.
    expect(known.ms).toBeGreaterThanOrEqual(295);
    expect(unknown.ms).toBeGreaterThanOrEqual(295);
    expect(Math.abs(known.ms - unknown.ms)).toBeLessThan(200);
  });

  it("refuses an expired code, and a code of another client under that client's key", async () => {
    const a = await register();
    await api.post('/auth/forgot-password', { email: a.email }, { apiKey: t.apiKey, ...from() });
    const code = resetCodeOf((await smtp.mailTo(a.email)).raw);
    const other = await createTenant(node);
    const cross = await api.post(
      '/auth/reset-password',
      { token: code, password: newPassword },
      { apiKey: other.apiKey },
    );
    expect(cross.body.code).toBe('INVALID_RESET_TOKEN');
    await sql(`update password_resets set expires_at = now() - interval '1 second' where user_id = ?`, [a.id]);
    const expired = await api.post(
      '/auth/reset-password',
      { token: code, password: newPassword },
      { apiKey: t.apiKey },
    );
    expect(expired.status).toBe(400);
    expect(expired.body.code).toBe('INVALID_RESET_TOKEN');
  });

  it('a newer code replaces an older one', async () => {
    const a = await register();
    await api.post('/auth/forgot-password', { email: a.email }, { apiKey: t.apiKey, ...from() });
    const first = resetCodeOf((await smtp.mailTo(a.email)).raw);
    smtp.received.splice(0);
    await api.post('/auth/forgot-password', { email: a.email }, { apiKey: t.apiKey, ...from() });
    const second = resetCodeOf((await smtp.mailTo(a.email)).raw);
    expect(
      (await api.post('/auth/reset-password', { token: first, password: newPassword }, { apiKey: t.apiKey })).body.code,
    ).toBe('INVALID_RESET_TOKEN');
    expect(
      (await api.post('/auth/reset-password', { token: second, password: newPassword }, { apiKey: t.apiKey })).status,
    ).toBe(200);
  });
});

describe('change password', () => {
  it('users and trainers: the current password is required; other sessions end, this device gets fresh tokens', async () => {
    for (const role of ['user', 'trainer'] as const) {
      const a = await register();
      if (role === 'trainer') await sql(`update users set role = 'trainer' where id = ?`, [a.id]);
      const login = (await api.post('/auth/login', { email: a.email, password }, { apiKey: t.apiKey, ...from() })).body
        .data;
      const other = (await api.post('/auth/login', { email: a.email, password }, { apiKey: t.apiKey, ...from() })).body
        .data;

      const wrong = await api.post(
        '/auth/change-password',
        { currentPassword: 'not-my-pass-1', newPassword },
        { apiKey: t.apiKey, token: login.accessToken, ...from() },
      );
      expect(wrong.status).toBe(403);
      expect(wrong.body.code).toBe('CURRENT_PASSWORD_WRONG');

      const changed = await api.post(
        '/auth/change-password',
        { currentPassword: password, newPassword },
        { apiKey: t.apiKey, token: login.accessToken },
      );
      expect(changed.status).toBe(200);
      const fresh = changed.body.data;
      expect((await api.get('/auth/me', { apiKey: t.apiKey, token: fresh.accessToken })).body.data.user.role).toBe(
        role,
      );
      for (const old of [login.accessToken, other.accessToken]) {
        expect((await api.get('/auth/me', { apiKey: t.apiKey, token: old })).body.code).toBe('TOKEN_REVOKED');
      }
      expect((await api.post('/auth/refresh', { refreshToken: other.refreshToken }, { apiKey: t.apiKey })).status).toBe(
        401,
      );
      expect((await api.post('/auth/refresh', { refreshToken: fresh.refreshToken }, { apiKey: t.apiKey })).status).toBe(
        200,
      );
      expect(
        (await api.post('/auth/login', { email: a.email, password: newPassword }, { apiKey: t.apiKey, ...from() }))
          .status,
      ).toBe(200);
    }
  });
});

describe('partner staff', () => {
  it('forgot, reset, change and logout', async () => {
    const partner = await createPartner(node, t);
    const email = uniqueEmail('staff');
    await createStaff(node, t, partner.id, { email, password });
    const login = (await api.post('/partner-auth/login', { email, password }, from())).body.data;

    expect((await api.post('/partner-auth/forgot-password', { email: uniqueEmail('nobody') }, from())).status).toBe(
      202,
    );
    expect((await api.post('/partner-auth/forgot-password', { email }, from())).status).toBe(202);
    const code = resetCodeOf((await smtp.mailTo(email)).raw);
    expect((await api.post('/partner-auth/reset-password', { token: code, password: newPassword })).status).toBe(200);
    expect((await api.get('/partner-auth/me', { token: login.accessToken })).body.code).toBe('TOKEN_REVOKED');

    const again = (await api.post('/partner-auth/login', { email, password: newPassword }, from())).body.data;
    const changed = await api.post(
      '/partner-auth/change-password',
      { currentPassword: newPassword, newPassword: password },
      { token: again.accessToken },
    );
    expect(changed.status).toBe(200);
    expect((await api.get('/partner-auth/me', { token: again.accessToken })).body.code).toBe('TOKEN_REVOKED');
    expect((await api.get('/partner-auth/me', { token: changed.body.data.accessToken })).status).toBe(200);
    // A user's reset code is not a partner's.
    expect((await api.post('/auth/reset-password', { token: code, password }, { apiKey: t.apiKey })).body.code).toBe(
      'INVALID_RESET_TOKEN',
    );
  });
});

describe('platform admins', () => {
  it('forgot, reset and change; the configured ADMIN_TOKEN has no password to change', async () => {
    const email = uniqueEmail('ops');
    await api.post('/admin/admins', { email, password }, { adminToken: ADMIN_TOKEN });
    const first = (await api.post('/admin/auth/login', { email, password }, from())).body.data.accessToken;

    expect((await api.post('/admin/auth/forgot-password', { email }, from())).status).toBe(202);
    const mail = await smtp.mailTo(email);
    const [row] = await sql(`select client_id from mail_outbox where to_address = ?`, [email]);
    expect(row.client_id).toBeNull();
    const code = resetCodeOf(mail.raw);
    expect((await api.post('/admin/auth/reset-password', { token: code, password: newPassword })).status).toBe(200);
    expect((await api.get('/admin/clients', { token: first })).status).toBe(401);

    const second = (await api.post('/admin/auth/login', { email, password: newPassword }, from())).body.data
      .accessToken;
    const changed = await api.post(
      '/admin/auth/change-password',
      { currentPassword: newPassword, newPassword: password },
      { token: second },
    );
    expect(changed.status).toBe(200);
    expect((await api.get('/admin/clients', { token: second })).status).toBe(401);
    expect((await api.get('/admin/clients', { token: changed.body.data.accessToken })).status).toBe(200);

    const bootstrap = await api.post(
      '/admin/auth/change-password',
      { currentPassword: 'x', newPassword },
      { adminToken: ADMIN_TOKEN },
    );
    expect(bootstrap.status).toBe(403);
    expect(bootstrap.body.code).toBe('NAMED_ADMIN_REQUIRED');
  });
});

describe('without SMTP_URL', () => {
  let bare: RunningNode;
  beforeAll(async () => {
    bare = await startTestNode();
  });
  afterAll(() => bare.stop());

  it('keeps the mail pending in the outbox, never marks it sent', async () => {
    const tenant = await createTenant(bare);
    const email = uniqueEmail();
    await client(bare.url).post('/auth/register', { email, password }, { apiKey: tenant.apiKey });
    const r = await client(bare.url).post('/auth/forgot-password', { email }, { apiKey: tenant.apiKey });
    expect(r.status).toBe(202);
    const rows = await sql(
      `select client_id, status, sent_at, body is not null as has_body from mail_outbox where to_address = ?`,
      [email],
    );
    expect(rows).toEqual([{ client_id: tenant.id, status: 'pending', sent_at: null, has_body: true }]);
  });
});
