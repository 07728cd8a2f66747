import { createServer } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import type { AddressInfo } from 'node:net';

export const FAKE_HUME_KEY = 'hume-fake-api-key';
export const FAKE_HUME_SECRET = 'hume-fake-secret-key';

let certificate: { cert: string; key: string; certFile: string } | null = null;

/**
 * The SDK's `fetchAccessToken` always speaks https, so the fake is an https server with a throwaway
 * self-signed certificate for 127.0.0.1 (made with openssl at test time, never committed), trusted by this
 * test process only through `tls.setDefaultCACertificates`.
 */
function loopbackCertificate(): { cert: string; key: string; certFile: string } {
  if (certificate) return certificate;
  const dir = mkdtempSync(join(tmpdir(), 'hume-fake-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  certificate = {
    cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    key: readFileSync(join(dir, 'key.pem'), 'utf8'),
    certFile: join(dir, 'cert.pem'),
  };
  setDefaultCACertificates([...getCACertificates('default'), certificate.cert]);
  return certificate;
}

interface FakeTool {
  id: string;
  version: number;
  name: string;
  description: string;
  parameters: string;
  created_on: number;
  modified_on: number;
}
interface FakeConfigVersion {
  id: string;
  version: number;
  name: string;
  evi_version: string;
  tools: Array<{ id: string; version: number }>;
  prompt?: unknown;
  [k: string]: unknown;
}

/**
 * A loopback Hume: the OAuth client-credentials endpoint (`POST /oauth2-cc/token`, Basic key:secret, form body
 * `grant_type=client_credentials`) and the EVI tools/configs REST API the sync command uses, with Hume's
 * snake_case JSON and its `X-Hume-Api-Key` header check, so the real SDK code runs against it.
 */
export async function startHumeFake() {
  const { cert, key, certFile } = loopbackCertificate();
  const tokens: string[] = [];
  const calls: Array<{ method: string; path: string; body: unknown }> = [];
  const tools = new Map<string, FakeTool[]>(); // id -> versions
  const configs = new Map<string, FakeConfigVersion[]>();
  let failTokens = false;

  const json = (res: ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const latestTools = () => [...tools.values()].map((v) => v.at(-1)!);

  function handle(req: IncomingMessage, res: ServerResponse, raw: string) {
    const url = new URL(req.url ?? '/', 'https://fake');
    calls.push({ method: req.method ?? '', path: url.pathname, body: raw });
    if (req.method === 'POST' && url.pathname === '/oauth2-cc/token') {
      const expected = `Basic ${Buffer.from(`${FAKE_HUME_KEY}:${FAKE_HUME_SECRET}`).toString('base64')}`;
      if (failTokens) return json(res, 503, { error: 'unavailable' });
      if (
        req.headers.authorization !== expected ||
        new URLSearchParams(raw).get('grant_type') !== 'client_credentials'
      ) {
        return json(res, 401, { error: 'invalid_client' });
      }
      const token = `hume_at_${randomBytes(12).toString('hex')}`;
      tokens.push(token);
      return json(res, 200, { access_token: token, token_type: 'Bearer', expires_in: 1800, issued_at: Date.now() });
    }
    if (req.headers['x-hume-api-key'] !== FAKE_HUME_KEY) return json(res, 401, { message: 'Invalid ApiKey' });
    const body = raw ? (JSON.parse(raw) as Record<string, any>) : {};
    const now = Date.now();
    if (url.pathname === '/v0/evi/tools' && req.method === 'GET') {
      const name = url.searchParams.get('name');
      const list = latestTools().filter((t) => !name || t.name === name);
      return json(res, 200, { page_number: 0, page_size: list.length, total_pages: 1, tools_page: list.map(toolJson) });
    }
    if (url.pathname === '/v0/evi/tools' && req.method === 'POST') {
      const tool: FakeTool = {
        id: randomUUID(),
        version: 0,
        name: body['name'],
        description: body['description'] ?? '',
        parameters: body['parameters'],
        created_on: now,
        modified_on: now,
      };
      tools.set(tool.id, [tool]);
      return json(res, 201, toolJson(tool));
    }
    const toolMatch = /^\/v0\/evi\/tools\/([\w-]+)$/.exec(url.pathname);
    if (toolMatch && req.method === 'POST') {
      const versions = tools.get(toolMatch[1]!);
      if (!versions) return json(res, 404, { message: 'not found' });
      const next = {
        ...versions.at(-1)!,
        version: versions.length,
        description: body['description'] ?? '',
        parameters: body['parameters'],
        modified_on: now,
      };
      versions.push(next);
      return json(res, 201, toolJson(next));
    }
    const configMatch = /^\/v0\/evi\/configs\/([\w-]+)$/.exec(url.pathname);
    if (configMatch) {
      const versions = configs.get(configMatch[1]!);
      if (!versions) return json(res, 404, { message: 'not found' });
      if (req.method === 'GET') {
        const list = url.searchParams.get('restrict_to_most_recent') === 'true' ? [versions.at(-1)!] : versions;
        return json(res, 200, {
          page_number: 0,
          page_size: list.length,
          total_pages: 1,
          configs_page: list.map(configJson),
        });
      }
      if (req.method === 'POST') {
        const next: FakeConfigVersion = {
          ...versions.at(-1)!,
          ...body,
          version: versions.length,
          tools: (body['tools'] ?? []) as FakeConfigVersion['tools'],
        };
        versions.push(next);
        return json(res, 201, configJson(next));
      }
    }
    return json(res, 404, { message: `no route ${req.method} ${url.pathname}` });
  }

  const toolJson = (t: FakeTool) => ({
    ...t,
    tool_type: 'FUNCTION',
    version_type: 'FIXED',
    version_description: null,
    fallback_content: null,
  });
  const configJson = (c: FakeConfigVersion) => {
    const tools = c.tools.map((ref) => {
      const t = (tools_: FakeTool[] | undefined) => tools_?.find((v) => v.version === ref.version);
      const found = t(toolsById(ref.id));
      return found ? toolJson(found) : null;
    });
    return { ...c, created_on: 0, modified_on: 0, tools };
  };
  const toolsById = (id: string) => tools.get(id);

  const server = createServer({ cert, key }, (req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => handle(req, res, raw));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    env: { HUME_API_KEY: FAKE_HUME_KEY, HUME_SECRET_KEY: FAKE_HUME_SECRET, HUME_BASE_URL: url },
    /** For a child process (the CLI): NODE_EXTRA_CA_CERTS=<this> trusts the fake's certificate. */
    certFile,
    tokens,
    calls,
    tools,
    configs,
    /** A config as it exists in the Hume account (made in Hume's portal, not by us). */
    addConfig(id: string, fields: Record<string, unknown> = {}) {
      configs.set(id, [{ id, version: 0, name: `config ${id}`, evi_version: '3', tools: [], ...fields }]);
    },
    failTokens(on: boolean) {
      failTokens = on;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type HumeFake = Awaited<ReturnType<typeof startHumeFake>>;
