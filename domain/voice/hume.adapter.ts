import { fetchAccessToken, HumeClient } from 'hume';
import { AppError } from '../shared/errors.ts';
import type { HumeAccessToken, HumePort, HumeToolSpec, SyncedTool } from './hume.port.ts';

export interface HumeSettings {
  apiKey: string | undefined;
  secretKey: string | undefined;
  /** https://api.hume.ai in production; a loopback fake in tests. */
  baseUrl: string;
}

/** Hume documents client-credentials access tokens as valid for 30 minutes. */
const TOKEN_LIFETIME_MS = 30 * 60_000;
/** One minted token is handed out for at most this long, so an app always gets one with >= 25 minutes left. */
const TOKEN_REUSE_MS = 5 * 60_000;

const unavailable = (err: unknown) =>
  new AppError('unavailable', 'HUME_UNAVAILABLE', 'The voice service did not answer as expected', {
    reason: (err as Error)?.message?.slice(0, 300),
  });

export function createHumeAdapter(settings: Required<{ [K in keyof HumeSettings]: string }>): HumePort {
  const host = new URL(settings.baseUrl).host;
  const rest = new HumeClient({
    apiKey: settings.apiKey,
    environment: settings.baseUrl.replace(/\/$/, ''),
    timeoutInSeconds: 10,
    maxRetries: 1,
  });
  const evi = rest.empathicVoice;
  let cached: { token: HumeAccessToken; mintedAt: number } | null = null;
  let inFlight: Promise<HumeAccessToken> | null = null;

  async function mint(): Promise<HumeAccessToken> {
    const mintedAt = Date.now();
    try {
      const accessToken = await fetchAccessToken({ apiKey: settings.apiKey, secretKey: settings.secretKey, host });
      const token = { accessToken, expiresAt: new Date(mintedAt + TOKEN_LIFETIME_MS) };
      cached = { token, mintedAt };
      return token;
    } catch (err) {
      throw unavailable(err);
    }
  }

  async function latestTool(name: string) {
    const page = await evi.tools.listTools({ name, pageSize: 100, restrictToMostRecent: true });
    return page.data.find((t) => t?.name === name) ?? null;
  }

  return {
    async mintAccessToken() {
      if (cached && Date.now() - cached.mintedAt < TOKEN_REUSE_MS) return cached.token;
      // Concurrent requests share one mint instead of each calling Hume.
      inFlight ??= mint().finally(() => (inFlight = null));
      return inFlight;
    },
    async syncTools(tools: HumeToolSpec[]): Promise<SyncedTool[]> {
      const out: SyncedTool[] = [];
      try {
        for (const tool of tools) {
          const existing = await latestTool(tool.name);
          if (!existing) {
            const created = await evi.tools.createTool({
              name: tool.name,
              description: tool.description,
              parameters: tool.parameters,
              versionDescription: 'sTvOS voice:sync-tools',
            });
            if (!created) throw new Error(`Hume created no tool ${tool.name}`);
            out.push({ name: tool.name, id: created.id, version: created.version, change: 'created' });
          } else if (existing.parameters === tool.parameters && (existing.description ?? '') === tool.description) {
            out.push({ name: tool.name, id: existing.id, version: existing.version, change: 'unchanged' });
          } else {
            const next = await evi.tools.createToolVersion(existing.id, {
              description: tool.description,
              parameters: tool.parameters,
              versionDescription: 'sTvOS voice:sync-tools',
            });
            if (!next) throw new Error(`Hume created no version of ${tool.name}`);
            out.push({ name: tool.name, id: next.id, version: next.version, change: 'versioned' });
          }
        }
      } catch (err) {
        throw unavailable(err);
      }
      return out;
    },
    async attachTools(configId: string, tools: SyncedTool[]) {
      try {
        const versions = await evi.configs.listConfigVersions(configId, { pageSize: 1, restrictToMostRecent: true });
        const latest = versions.data[0];
        if (!latest) throw new AppError('not_found', 'HUME_CONFIG_NOT_FOUND', `Hume has no config ${configId}`);
        // Everything of the latest version is kept (prompt, voice, model, messages, timeouts, webhooks...);
        // only the custom tool list is ours. The Return* shapes are the Posted* ones plus read-only fields.
        const keep = <T>(v: T | undefined | null) => (v == null ? {} : v) as never;
        const next = await evi.configs.createConfigVersion(configId, {
          versionDescription: 'sTvOS voice:sync-tools',
          eviVersion: latest.eviVersion ?? '3',
          ...(latest.prompt?.id ? { prompt: { id: latest.prompt.id, version: latest.prompt.version } } : {}),
          ...(latest.voice ? { voice: keep(latest.voice) } : {}),
          ...(latest.languageModel ? { languageModel: keep(latest.languageModel) } : {}),
          ...(latest.ellmModel ? { ellmModel: keep(latest.ellmModel) } : {}),
          ...(latest.eventMessages ? { eventMessages: keep(latest.eventMessages) } : {}),
          ...(latest.timeouts ? { timeouts: keep(latest.timeouts) } : {}),
          ...(latest.nudges ? { nudges: keep(latest.nudges) } : {}),
          ...(latest.interruption ? { interruption: keep(latest.interruption) } : {}),
          ...(latest.turnDetection ? { turnDetection: keep(latest.turnDetection) } : {}),
          ...(latest.webhooks
            ? { webhooks: latest.webhooks.filter((w) => w != null).map((w) => ({ url: w.url, events: w.events })) }
            : {}),
          ...(latest.builtinTools
            ? {
                builtinTools: latest.builtinTools
                  .filter((t) => t != null)
                  .map((t) => ({ name: t.name, fallbackContent: t.fallbackContent })) as never,
              }
            : {}),
          tools: tools.map((t) => ({ id: t.id, version: t.version })),
        });
        return { configId, version: next.version ?? 0 };
      } catch (err) {
        if (err instanceof AppError) throw err;
        if ((err as { statusCode?: number }).statusCode === 404)
          throw new AppError('not_found', 'HUME_CONFIG_NOT_FOUND', `Hume has no config ${configId}`);
        throw unavailable(err);
      }
    },
  };
}

/** A Hume adapter for these settings (the node builds one, server/node-parts.ts), or null when HUME_API_KEY / HUME_SECRET_KEY are not configured. */
export function humeOf(settings: HumeSettings): HumePort | null {
  const { apiKey, secretKey, baseUrl } = settings;
  if (!apiKey || !secretKey) return null;
  return createHumeAdapter({ apiKey, secretKey, baseUrl });
}
