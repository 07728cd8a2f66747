import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode } from './support/node.ts';
import { client, type Api } from './support/http.ts';
import { createTenant, uniqueEmail, type TestTenant } from './support/tenant.ts';
import { createInvite, createPartner, createStaff, createTrainer, createUniversalKey } from './support/identities.ts';
import { platformEm } from '../server/db/orm.ts';
import type { RunningNode } from '../server/node.ts';

let node: RunningNode;
let api: Api;
let a: TestTenant;
let b: TestTenant;
const password = 'correct-horse-42';

beforeAll(async () => {
  node = await startTestNode();
  api = client(node.url);
  a = await createTenant(node, { branding: { name: 'Studio A' } });
  b = await createTenant(node);
});
afterAll(() => node.stop('test end'));

describe('trainer invites', () => {
  it('checks an invite, registers the trainer with it, and the invite is used up', async () => {
    const trainer = await createTrainer(node, a, { name: 'Coach Rivera' });
    const invite = await createInvite(node, a, trainer.id);
    const check = await api.post('/invite/check', { code: invite.code });
    expect(check.status).toBe(200);
    expect(check.body.data).toMatchObject({
      valid: true,
      trainer: { id: trainer.id, name: 'Coach Rivera' },
      client: { id: a.id, branding: { name: 'Studio A' } },
    });

    const email = uniqueEmail('trainer');
    const reg = await api.post(
      '/trainer-auth/register',
      { inviteCode: invite.code, email, password },
      { apiKey: a.apiKey },
    );
    expect(reg.status).toBe(201);
    expect(reg.body.data).toMatchObject({
      user: { email, role: 'trainer', name: 'Coach Rivera' },
      client: { id: a.id },
    });
    const [row] = await platformEm(node.services.orm).execute(`select user_id from trainers where id = ?`, [
      trainer.id,
    ]);
    expect(row!.user_id).toBe(reg.body.data.user.id);

    const login = await api.post('/auth/login', { email, password }, { apiKey: a.apiKey });
    expect(login.body.data.user.role).toBe('trainer');
    expect((await api.post('/invite/check', { code: invite.code })).body.data).toEqual({
      valid: false,
      trainer: null,
      client: null,
    });
    const again = await api.post(
      '/trainer-auth/register',
      { inviteCode: invite.code, email: uniqueEmail(), password },
      { apiKey: a.apiKey },
    );
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('INVALID_INVITE');
  });

  it("refuses another client's invite, and leaves it usable", async () => {
    const invite = await createInvite(node, a, (await createTrainer(node, a)).id);
    const r = await api.post(
      '/trainer-auth/register',
      { inviteCode: invite.code, email: uniqueEmail(), password },
      { apiKey: b.apiKey },
    );
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('INVALID_INVITE');
    expect((await api.post('/invite/check', { code: invite.code })).body.data.valid).toBe(true);
  });

  it('treats expired, revoked and unknown invites as not valid', async () => {
    const trainer = await createTrainer(node, a);
    const expired = await createInvite(node, a, trainer.id, { expiresAt: new Date(Date.now() - 1000) });
    const revoked = await createInvite(node, a, trainer.id, { status: 'revoked' });
    for (const code of [expired.code, revoked.code, 'NO-SUCH-INVITE']) {
      expect((await api.post('/invite/check', { code })).body.data).toEqual({
        valid: false,
        trainer: null,
        client: null,
      });
      const r = await api.post(
        '/trainer-auth/register',
        { inviteCode: code, email: uniqueEmail(), password },
        { apiKey: a.apiKey },
      );
      expect(r.body.code).toBe('INVALID_INVITE');
    }
  });

  it("needs a client key: the invite must belong to the key's client", async () => {
    const invite = await createInvite(node, a, (await createTrainer(node, a)).id);
    const r = await api.post(
      '/trainer-auth/register',
      { inviteCode: invite.code, email: uniqueEmail(), password },
      { apiKey: await createUniversalKey(node) },
    );
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('CLIENT_KEY_REQUIRED');
  });

  it('keeps the invite usable when the e-mail is taken (one transaction)', async () => {
    const email = uniqueEmail();
    await api.post('/auth/register', { email, password }, { apiKey: a.apiKey });
    const invite = await createInvite(node, a, (await createTrainer(node, a)).id);
    const r = await api.post(
      '/trainer-auth/register',
      { inviteCode: invite.code, email, password },
      { apiKey: a.apiKey },
    );
    expect(r.body.code).toBe('USER_EXISTS');
    expect((await api.post('/invite/check', { code: invite.code })).body.data.valid).toBe(true);
  });
});

describe('partner staff auth', () => {
  it('signs in without a key, refreshes with rotation, and reads /partner-auth/me', async () => {
    const partner = await createPartner(node, a, 'Initech');
    const email = uniqueEmail('staff');
    const staff = await createStaff(node, a, partner.id, { email, password });
    const login = await api.post('/partner-auth/login', { email: email.toUpperCase(), password });
    expect(login.status).toBe(200);
    expect(login.body.data).toMatchObject({
      staff: { id: staff.id, email, role: 'owner' },
      partner: { id: partner.id, name: 'Initech' },
      client: { id: a.id, slug: a.slug },
      expiresIn: 900,
    });
    const me = await api.get('/partner-auth/me', { token: login.body.data.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.data).toMatchObject({ staff: { id: staff.id }, partner: { id: partner.id }, client: { id: a.id } });

    const r1 = await api.post('/partner-auth/refresh', { refreshToken: login.body.data.refreshToken });
    expect(r1.status).toBe(200);
    expect((await api.get('/partner-auth/me', { token: r1.body.data.accessToken })).status).toBe(200);
    const replay = await api.post('/partner-auth/refresh', { refreshToken: login.body.data.refreshToken });
    expect(replay.body.code).toBe('REFRESH_TOKEN_REUSED');
    expect((await api.post('/partner-auth/refresh', { refreshToken: r1.body.data.refreshToken })).status).toBe(401);
  });

  it('keeps user and partner tokens apart', async () => {
    const partner = await createPartner(node, a);
    const email = uniqueEmail('staff');
    await createStaff(node, a, partner.id, { email, password });
    const staff = (await api.post('/partner-auth/login', { email, password })).body.data;
    const user = (await api.post('/auth/register', { email: uniqueEmail(), password }, { apiKey: a.apiKey })).body.data;
    expect((await api.get('/partner-auth/me', { token: user.accessToken })).body.code).toBe('INVALID_TOKEN');
    expect((await api.get('/auth/me', { apiKey: a.apiKey, token: staff.accessToken })).body.code).toBe('INVALID_TOKEN');
    expect((await api.post('/partner-auth/refresh', { refreshToken: user.refreshToken })).body.code).toBe(
      'INVALID_REFRESH_TOKEN',
    );
    expect(
      (await api.post('/auth/refresh', { refreshToken: staff.refreshToken }, { apiKey: a.apiKey })).body.code,
    ).toBe('INVALID_REFRESH_TOKEN');
  });

  it('answers INVALID_CREDENTIALS for a wrong password or unknown staff', async () => {
    expect((await api.post('/partner-auth/login', { email: uniqueEmail(), password })).body.code).toBe(
      'INVALID_CREDENTIALS',
    );
    expect((await api.get('/partner-auth/me')).status).toBe(401);
  });
});
