import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode } from './support/node.ts';
import { client, type Api } from './support/http.ts';
import { createTenant, uniqueEmail, type TestTenant } from './support/tenant.ts';
import { partnerWithStaff } from './support/partners.ts';
import type { RunningNode } from '../server/node.ts';

let node: RunningNode;
let api: Api;
let a: TestTenant;
let b: TestTenant;

beforeAll(async () => {
  node = await startTestNode();
  api = client(node.url);
  a = await createTenant(node);
  b = await createTenant(node);
});
afterAll(() => node.stop('test end'));

const mat = {
  name: 'Yoga mat',
  description: 'Non-slip, 6 mm',
  url: 'https://shop.example.com/mat',
  imageUrl: 'https://shop.example.com/mat.jpg',
  priceLabel: '€29',
};

describe('partner products', () => {
  it("an owner creates, reads, changes and deletes a product; the app lists its client's products", async () => {
    const { partner, owner, viewer } = await partnerWithStaff(node, a, 'Shop Co');
    const created = await api.post('/partner/products', mat, { token: owner.token });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject(mat);
    const id = created.body.data.id as number;
    expect((await api.get(`/partner/products/${id}`, { token: viewer.token })).body.data).toMatchObject(mat);
    const changed = await api.put(
      `/partner/products/${id}`,
      { priceLabel: '€25', imageUrl: null },
      { token: owner.token },
    );
    expect(changed.status).toBe(200);
    expect(changed.body.data).toMatchObject({ ...mat, priceLabel: '€25', imageUrl: null });
    const list = await api.get('/partner/products', { token: viewer.token });
    expect(list.body.data).toMatchObject({ items: [{ id, name: 'Yoga mat' }], pagination: { total: 1 } });

    // The app (key, with or without a user token) sees the client's products with the partner's name.
    const user = (
      await api.post('/auth/register', { email: uniqueEmail(), password: 'member-pass-42' }, { apiKey: a.apiKey })
    ).body.data;
    for (const creds of [{ apiKey: a.apiKey }, { apiKey: a.apiKey, token: user.accessToken }]) {
      const app = await api.get('/products', creds);
      expect(app.status).toBe(200);
      expect(app.body.data.items.find((p: { id: number }) => p.id === id)).toMatchObject({
        name: 'Yoga mat',
        priceLabel: '€25',
        partner: { id: partner.id, name: 'Shop Co' },
      });
    }
    expect(
      (await api.get('/products', { apiKey: b.apiKey })).body.data.items.find((p: { id: number }) => p.id === id),
    ).toBeUndefined();
    expect((await api.get('/products')).status).toBe(401);

    expect((await api.delete(`/partner/products/${id}`, { token: owner.token })).status).toBe(200);
    expect((await api.get(`/partner/products/${id}`, { token: owner.token })).status).toBe(404);
    expect((await api.delete(`/partner/products/${id}`, { token: owner.token })).status).toBe(404);
  });

  it('validates products: an http(s) URL, bounded text', async () => {
    const { owner } = await partnerWithStaff(node, a);
    for (const body of [
      { name: 'x' },
      { ...mat, url: 'javascript:alert(1)' },
      { ...mat, name: '' },
      { ...mat, priceLabel: 'x'.repeat(41) },
      { ...mat, extra: 1 },
    ]) {
      const r = await api.post('/partner/products', body, { token: owner.token });
      expect(r.status, JSON.stringify(body)).toBe(400);
    }
    expect((await api.put('/partner/products/1', {}, { token: owner.token })).status).toBe(400);
  });

  it("answers 404 for another partner's or another tenant's product, and changes nothing", async () => {
    const mine = await partnerWithStaff(node, a, 'Mine');
    const sibling = await partnerWithStaff(node, a, 'Sibling');
    const foreign = await partnerWithStaff(node, b, 'Foreign');
    const id = (await api.post('/partner/products', mat, { token: mine.owner.token })).body.data.id as number;
    for (const intruder of [sibling.owner, foreign.owner]) {
      expect((await api.get(`/partner/products/${id}`, { token: intruder.token })).status).toBe(404);
      expect((await api.put(`/partner/products/${id}`, { name: 'Hijacked' }, { token: intruder.token })).status).toBe(
        404,
      );
      expect((await api.delete(`/partner/products/${id}`, { token: intruder.token })).status).toBe(404);
      expect((await api.get('/partner/products', { token: intruder.token })).body.data.pagination.total).toBe(0);
    }
    expect((await api.get(`/partner/products/${id}`, { token: mine.owner.token })).body.data.name).toBe('Yoga mat');
  });
});
