import { request } from 'node:http';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { AccessToken } from 'livekit-server-sdk';
import type { RunningNode } from '../server/node.ts';
import { startNode } from '../server/node.ts';
import { ConfigError, loadConfig } from '../server/config.ts';
import { ADMIN_TOKEN, JWT_SECRET, startTestNode, testEnv } from './support/node.ts';
import { client } from './support/http.ts';
import { createTenant, type TestTenant } from './support/tenant.ts';
import { createUser } from './support/realtime.ts';

/**
 * Sends the headers of a request announcing `declared` bytes of JSON, then only `sent` bytes, and waits for the
 * answer. A server that reads the body before deciding waits for bytes that never come (timeout); one that
 * decides first answers at once.
 */
function answerBeforeBody(
  url: string,
  path: string,
  headers: Record<string, string>,
  declared = 13 * 1024 * 1024,
  sent = 64 * 1024,
): Promise<number | 'waited for the body'> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}${path}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(declared), ...headers },
      },
      (res) => {
        res.resume();
        clearTimeout(timer);
        resolve(res.statusCode!);
        req.destroy();
      },
    );
    const timer = setTimeout(() => {
      resolve('waited for the body');
      req.destroy();
    }, 3000);
    req.on('error', (err) => (timer.hasRef() ? reject(err) : undefined));
    req.write(`{"image":"${'A'.repeat(sent)}`);
  });
}

describe('no memory for strangers: bodies are read after key, token and limits, only by matched routes', () => {
  let node: RunningNode;
  let t: TestTenant;
  beforeAll(async () => {
    node = await startTestNode();
    t = await createTenant(node);
  });
  afterAll(() => node.stop());

  it('a 13 MB body to an unknown path under the scan route, or to the scan route without key or token, is answered unread', async () => {
    expect(await answerBeforeBody(node.url, '/api/v1/food-scanner/scan-food/anything', {})).toBe(404);
    expect(await answerBeforeBody(node.url, '/api/v1/food-scanner/scan-food', {})).toBe(401);
    expect(await answerBeforeBody(node.url, '/api/v1/food-scanner/scan-food', { 'x-api-key': t.apiKey })).toBe(401);
    expect(await answerBeforeBody(node.url, '/api/v1/no-such-route', { 'x-api-key': t.apiKey })).toBe(404);
  });

  it('a signed-in user’s scan body is read (the route takes it): the server waits for it', async () => {
    const user = await createUser(node, t);
    expect(
      await answerBeforeBody(node.url, '/api/v1/food-scanner/scan-food', {
        'x-api-key': t.apiKey,
        authorization: `Bearer ${user.token}`,
      }),
    ).toBe('waited for the body');
  });

  it('other routes keep the small default limit: 2 MB of JSON is 413', async () => {
    const r = await client(node.url, { apiKey: t.apiKey }).post('/onboarding/profile', {
      name: 'x'.repeat(2 * 1024 * 1024),
    });
    expect([r.status, r.body.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
  });

  it('JSON nested 5,000 deep is a 400, not a 500; 20 deep still reaches validation', async () => {
    const api = client(node.url, { apiKey: t.apiKey });
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const r = await api.post('/onboarding/profile', `{"name":${deep}}`);
    expect([r.status, r.body.code]).toEqual([400, 'INVALID_JSON']);
    const fine = await api.post('/onboarding/profile', `{"name":${'['.repeat(20)}${']'.repeat(20)}}`);
    expect([fine.status, fine.body.code]).toEqual([400, 'VALIDATION_ERROR']);
    // Brackets inside strings do not count.
    expect((await api.post('/onboarding/profile', { name: '['.repeat(100) })).status).toBe(200);
  });
});

describe('production defaults', () => {
  const prod = { NODE_ENV: 'production', JWT_ACCESS_SECRET: JWT_SECRET, ADMIN_TOKEN };

  it('no demo seed unless SEED_DEMO=true; no LiveKit development pair', () => {
    expect(loadConfig(prod).seedDemo).toBe(false);
    expect(loadConfig({ ...prod, SEED_DEMO: 'true' }).seedDemo).toBe(true);
    expect(loadConfig({}).seedDemo).toBe(true);
    expect(loadConfig(prod).livekit).toMatchObject({ apiKey: undefined, devServer: false });
    expect(() =>
      loadConfig({ ...prod, LIVEKIT_URL: 'wss://x.example', LIVEKIT_API_KEY: 'devkey', LIVEKIT_API_SECRET: 'secret' }),
    ).toThrow(/development pair/);
  });

  it('trusts no proxy by default; takes Express trust values; refuses nonsense', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::/8' }).trustProxy).toBe(
      'loopback, 10.0.0.0/8, fd00::/8',
    );
    expect(() => loadConfig({ TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY/);
  });

  it('a configuration error names the variable and never prints a secret value', () => {
    for (const [name, value] of [
      ['JWT_ACCESS_SECRET', 'too-short-secret'],
      ['ADMIN_TOKEN', 'short-admin'],
      ['METRICS_TOKEN', 'short-metrics'],
      ['DATABASE_URL', 'mysql://root:hunter2@db/x'],
    ] as Array<[string, string]>) {
      let error: unknown;
      try {
        loadConfig({ [name]: value });
      } catch (e) {
        error = e;
      }
      expect(error, name).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain(name);
      expect((error as Error).message).not.toContain(value);
    }
  });

  it('LiveKit webhooks are refused while only the development pair would verify them', async () => {
    const node = await startTestNode({ NODE_ENV: 'development' });
    try {
      expect(node.services.config.livekit.devServer).toBe(true);
      const body = JSON.stringify({ event: 'participant_joined', room: 'c1-live-1' });
      const at = new AccessToken('devkey', 'secret');
      const { createHash } = await import('node:crypto');
      at.sha256 = createHash('sha256').update(body).digest('base64');
      const r = await fetch(`${node.url}/api/v1/livekit/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/webhook+json', authorization: await at.toJwt() },
        body,
      });
      expect(r.status).toBe(503);
      expect(((await r.json()) as { code: string }).code).toBe('LIVEKIT_NOT_CONFIGURED');
    } finally {
      await node.stop();
    }
  });
});

describe('/metrics and /health/detailed', () => {
  const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
  let prod: RunningNode;
  let dev: RunningNode;
  beforeAll(async () => {
    [prod, dev] = await Promise.all([startTestNode({ NODE_ENV: 'production', METRICS_TOKEN }), startTestNode()]);
  });
  afterAll(async () => {
    await Promise.all([prod.stop(), dev.stop()]);
  });

  it('need the metrics (or admin) token in production', async () => {
    for (const path of ['/metrics', '/api/v1/health/detailed']) {
      expect((await fetch(`${prod.url}${path}`)).status, path).toBe(401);
      expect(
        (await fetch(`${prod.url}${path}`, { headers: { authorization: 'Bearer wrong-token-0123456789abcdef' } }))
          .status,
        path,
      ).toBe(401);
      expect(
        (await fetch(`${prod.url}${path}`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status,
        path,
      ).toBe(200);
      expect((await fetch(`${prod.url}${path}`, { headers: { 'x-admin-token': ADMIN_TOKEN } })).status, path).toBe(200);
    }
    expect((await fetch(`${prod.url}/api/v1/health`)).status).toBe(200);
  });

  it('stay open in development and test', async () => {
    expect((await fetch(`${dev.url}/metrics`)).status).toBe(200);
    expect((await fetch(`${dev.url}/api/v1/health/detailed`)).status).toBe(200);
  });
});

describe('secrets stay out of logs', () => {
  it('a calendar-feed token in a request URL is logged as [redacted]', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const config = loadConfig(testEnv({ LOG_LEVEL: 'info' }));
    const node = await startNode(config, pino({ level: 'info' }, sink));
    try {
      const feedToken = 'feedtoken0123456789abcdefSECRET';
      await fetch(`${node.url}/api/v1/calendar/${feedToken}.ics`);
      await fetch(`${node.url}/api/v1/app/join/JOINCODESECRET42`);
      await new Promise((r) => setTimeout(r, 100));
      const log = lines.join('');
      expect(log).toContain('/api/v1/calendar/[redacted]');
      expect(log).not.toContain(feedToken);
      expect(log).not.toContain('JOINCODESECRET42');
    } finally {
      await node.stop();
    }
  });
});
