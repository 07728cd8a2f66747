import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningNode } from '../server/node.ts';
import { ADMIN_TOKEN, startTestNode } from './support/node.ts';
import { client } from './support/http.ts';
import { createTenant } from './support/tenant.ts';
import { sql } from './personalisation-fixtures.ts';
import { startHumeFake, type HumeFake } from './support/hume-fake.ts';
import { toolParameters, voiceTools } from '../realtime/agent-tools.ts';

let hume: HumeFake;
let node: RunningNode;
beforeAll(async () => {
  hume = await startHumeFake();
  node = await startTestNode(hume.env);
});
afterAll(async () => {
  await node.stop('test end');
  await hume.close();
});

/** The real command line in a child process, on the run's database, trusting the fake's certificate. */
function cli(args: string[]): Promise<{ code: number; json: any; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['server/cli/admin.ts', ...args],
      {
        env: {
          PATH: process.env['PATH'] ?? '',
          NODE_ENV: 'test',
          LOG_LEVEL: 'silent',
          DATABASE_URL: inject('dbUrl'),
          EMBEDDED_DB_DIR: `${inject('dataDir')}/cli-unused/pglite`,
          ADMIN_TOKEN,
          ...hume.env,
          NODE_EXTRA_CA_CERTS: hume.certFile,
        },
        timeout: 60_000,
      },
      (err, stdout, stderr) => {
        let json: unknown = null;
        try {
          json = JSON.parse(stdout);
        } catch {
          /* errors print text */
        }
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, json, stderr });
      },
    );
  });
}

describe('voice:sync-tools', () => {
  it("creates the tools in Hume from their zod schemas, attaches them to the client's config keeping its other settings, and versions only what changed", async () => {
    const tenant = await createTenant(node);
    const configId = `cfg-${tenant.slug}`;
    hume.addConfig(configId, { prompt: { id: 'prompt-1', version: 2 }, voice: { provider: 'HUME_AI', name: 'ITO' } });

    const set = await cli(['hume:config', '--client', tenant.slug, '--config', configId]);
    expect(set.code, set.stderr).toBe(0);
    expect(
      await sql(node, `select evi_config_id from voice_configs where client_id = ? and trainer_id is null`, [
        tenant.id,
      ]),
    ).toEqual([{ evi_config_id: configId }]);

    const first = await cli(['voice:sync-tools', '--client', tenant.slug]);
    expect(first.code, first.stderr).toBe(0);
    const created = first.json.tools as Array<{ name: string; id: string; version: number; change: string }>;
    expect(created.map((t) => t.name).sort()).toEqual(voiceTools.map((t) => t.name).sort());
    expect(new Set(created.map((t) => t.change))).toEqual(new Set(['created']));
    expect(first.json.configs).toEqual([{ configId, version: 1 }]);

    // In Hume: each tool's parameters are exactly the JSON Schema of the schema that validates the call.
    for (const t of voiceTools) {
      const stored = [...hume.tools.values()].map((v) => v.at(-1)!).find((x) => x.name === t.name)!;
      expect(stored.parameters).toBe(toolParameters(t));
      expect(stored.description).toBe(t.description);
    }
    const latest = hume.configs.get(configId)!.at(-1)!;
    expect(latest.tools).toHaveLength(voiceTools.length);
    expect(latest).toMatchObject({
      prompt: { id: 'prompt-1', version: 2 },
      voice: { provider: 'HUME_AI', name: 'ITO' },
    });

    // Someone edits a tool in Hume's portal: the next sync versions that one back, leaves the rest.
    const book = [...hume.tools.values()].find((v) => v[0]!.name === 'book_session')!;
    book.push({ ...book.at(-1)!, version: book.length, parameters: '{"type":"object"}' });
    const second = await client(node.url, { adminToken: ADMIN_TOKEN }).post('/admin/voice/sync-tools', {
      clientId: tenant.id,
    });
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    const changes = Object.fromEntries(
      (second.body.data.tools as Array<{ name: string; change: string; version: number }>).map((t) => [t.name, t]),
    );
    expect(changes['book_session']).toMatchObject({ change: 'versioned', version: 2 });
    expect(Object.values(changes).filter((t) => t.change !== 'unchanged')).toHaveLength(1);
    expect(second.body.data.configs).toEqual([{ configId, version: 2 }]);
    expect(hume.configs.get(configId)!.at(-1)!.tools).toContainEqual({ id: book[0]!.id, version: 2 });
  });

  it('answers clearly when Hume is not configured, or a config is unknown to Hume', async () => {
    const bare = await startTestNode();
    try {
      const res = await client(bare.url, { adminToken: ADMIN_TOKEN }).post('/admin/voice/sync-tools', { all: true });
      expect(res).toMatchObject({ status: 503, body: { code: 'VOICE_NOT_CONFIGURED' } });
    } finally {
      await bare.stop('test end');
    }
    const tenant = await createTenant(node);
    await client(node.url, { adminToken: ADMIN_TOKEN }).put('/hume-config', {
      clientId: tenant.id,
      configId: 'not-in-hume',
    });
    const res = await client(node.url, { adminToken: ADMIN_TOKEN }).post('/admin/voice/sync-tools', {
      clientId: tenant.id,
    });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('HUME_CONFIG_NOT_FOUND');
  });
});
