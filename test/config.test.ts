import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../server/config.ts';

describe('configuration', () => {
  it('has working defaults for a development machine', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.database.url).toBeUndefined();
    expect(c.rateLimit).toMatchObject({ perMinute: 100, burst: 20 });
  });

  it('uses the livekit-server --dev settings in development only', () => {
    expect(loadConfig({}).livekit).toEqual({
      url: 'ws://127.0.0.1:7880',
      apiKey: 'devkey',
      apiSecret: 'secret',
      devServer: true,
    });
    expect(loadConfig({ NODE_ENV: 'test' }).livekit).toMatchObject({
      url: undefined,
      apiKey: undefined,
      devServer: false,
    });
    const configured = loadConfig({
      LIVEKIT_URL: 'wss://x.livekit.cloud',
      LIVEKIT_API_KEY: 'k',
      LIVEKIT_API_SECRET: 's',
    }).livekit;
    expect(configured).toEqual({ url: 'wss://x.livekit.cloud', apiKey: 'k', apiSecret: 's', devServer: false });
  });

  it.each([
    [{ PORT: 'eighty' }, /^Invalid configuration: PORT .*"eighty"/],
    [{ DATABASE_URL: 'mysql://x@y/z' }, /^Invalid configuration: DATABASE_URL must be a postgres:\/\/ URL/],
    [{ REDIS_URL: 'not a url' }, /^Invalid configuration: REDIS_URL/],
    [{ JWT_ACCESS_SECRET: 'short' }, /^Invalid configuration: JWT_ACCESS_SECRET must be at least 32 characters/],
    [{ RATE_LIMIT_BURST: '0' }, /^Invalid configuration: RATE_LIMIT_BURST/],
    [{ NODE_ENV: 'staging' }, /^Invalid configuration: NODE_ENV/],
    [{ LIVEKIT_API_KEY: 'k' }, /^Invalid configuration: LIVEKIT_API_SECRET is required when LIVEKIT_API_KEY is set/],
    [
      { VOICE_AGENT_NAMES: 'stvos-coach, bad name' },
      /^Invalid configuration: VOICE_AGENT_NAMES each name: letters, digits, - and _/,
    ],
    [{ VOICE_AGENT_NAMES: ' , ' }, /^Invalid configuration: VOICE_AGENT_NAMES name at least one agent/],
    [{ NODE_ENV: 'production' }, /^Invalid configuration: JWT_ACCESS_SECRET is required when NODE_ENV=production/],
  ])('stops with one line naming the variable: %o', (env, message) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('exits the process with the message and no stack trace', async () => {
    const { spawnSync } = await import('node:child_process');
    const run = spawnSync(process.execPath, ['server/main.ts'], {
      env: { ...process.env, PORT: 'eighty' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(78);
    expect(run.stderr.trim()).toMatch(/^Invalid configuration: PORT/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
