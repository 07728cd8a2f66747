import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningNode } from '../server/node.ts';
import { startTestNode } from './support/node.ts';
import { client } from './support/http.ts';
import { createTenant } from './support/tenant.ts';
import { createTrainer } from './support/identities.ts';
import { PROFILE, registerUser, rowsOfUser, sql } from './personalisation-fixtures.ts';

let node: RunningNode;
beforeAll(async () => {
  node = await startTestNode();
});
afterAll(async () => {
  await node.stop('test end');
});

describe('/users/me', () => {
  it('shows profile, settings and coach; PUT merges and null removes a key', async () => {
    const tenant = await createTenant(node);
    const coach = await createTrainer(node, tenant, { name: 'Coach Kim' });
    const user = await registerUser(node, tenant, {
      name: 'Ana',
      coachId: coach.id,
      profile: PROFILE,
      settings: { notifications: true },
    });

    const me = await user.api.get('/users/me');
    expect(me.status).toBe(200);
    expect(me.body.data).toMatchObject({
      id: user.id,
      name: 'Ana',
      profile: PROFILE,
      settings: { notifications: true },
      coach: { id: coach.id, name: 'Coach Kim' },
    });

    const put = await user.api.put('/users/me', {
      profile: { weight: 62, timezone: 'Europe/London', injuries: ['knee'] },
      settings: { units: 'metric' },
    });
    expect(put.status).toBe(200);
    expect(put.body.data.profile).toEqual({ ...PROFILE, weight: 62, timezone: 'Europe/London', injuries: ['knee'] });
    expect(put.body.data.settings).toEqual({ notifications: true, units: 'metric' });

    const cleared = await user.api.put('/users/me', { profile: { injuries: null }, name: null });
    expect(cleared.body.data.profile.injuries).toBeUndefined();
    expect(cleared.body.data.name).toBeNull();
    expect((await user.api.get('/users/me')).body.data.profile.weight).toBe(62);
  });

  it('refuses bad input with field details', async () => {
    const tenant = await createTenant(node);
    const user = await registerUser(node, tenant);
    for (const body of [
      { profile: { timezone: 'Mars/Olympus' } },
      { profile: { age: 3 } },
      { profile: { shoeSize: 9 } },
      { role: 'trainer' },
      { settings: { notifications: 'yes' } },
    ]) {
      const res = await user.api.put('/users/me', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe('VALIDATION_ERROR');
    }
  });

  it('needs a user token of the key’s client', async () => {
    const a = await createTenant(node);
    const b = await createTenant(node);
    const user = await registerUser(node, a);
    expect((await client(node.url, { apiKey: a.apiKey }).get('/users/me')).status).toBe(401);
    expect((await client(node.url, { apiKey: b.apiKey, token: user.token }).get('/users/me')).status).toBe(401);
    expect((await client(node.url, { apiKey: b.apiKey, token: user.token }).delete('/users/me')).status).toBe(401);
    expect((await user.api.get('/users/me')).status).toBe(200);
  });

  it('exports the user’s data and erases every row of it', async () => {
    const tenant = await createTenant(node);
    const user = await registerUser(node, tenant, { profile: PROFILE });
    const other = await registerUser(node, tenant, { profile: PROFILE });

    // A row of another area (the booking feed), found through the catalogue rather than named in the export.
    await sql(
      node,
      `insert into notifications (client_id, user_id, id, room, event, payload) values (?, ?, 1, ?, 'booking:created', '{"bookingId": 7}')`,
      [tenant.id, user.id, `user:${user.id}`],
    );
    const exported = await user.api.get('/users/me/export');
    expect(exported.status).toBe(200);
    expect(exported.body.data.user).toMatchObject({ id: user.id, profile: PROFILE });
    expect(exported.body.data.sessions.length).toBeGreaterThan(0);
    expect(JSON.stringify(exported.body.data)).not.toMatch(/password|token_?hash/i);
    expect(exported.body.data.other.notifications).toEqual([
      expect.objectContaining({ event: 'booking:created', payload: { bookingId: 7 } }),
    ]);
    expect(Object.keys(exported.body.data.other)).not.toContain('refresh_tokens');

    const erased = await user.api.delete('/users/me');
    expect(erased.status).toBe(200);
    const left = await rowsOfUser(node, user.id);
    expect(
      Object.values(left).every((n) => n === 0),
      JSON.stringify(left),
    ).toBe(true);
    expect((await user.api.get('/users/me')).status).toBe(401);
    expect((await other.api.get('/users/me')).status).toBe(200);
  });
});
