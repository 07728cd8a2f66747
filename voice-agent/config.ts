import { z } from 'zod';

/**
 * The voice agent's settings (a separate process: `npm run voice-agent`). It talks to three services:
 * sTvOS (a socket per tenant it serves, with that tenant's API key and agent key), Hume EVI (server side,
 * with the Hume API key) and LiveKit (it registers as the dispatchable agent `VOICE_AGENT_NAME`).
 */
const tenantCredentials = z.record(
  z.string().regex(/^[a-z0-9-]{1,48}$/, 'a client slug'),
  z.strictObject({ apiKey: z.string().min(1), agentKey: z.string().min(1) }),
);

const envSchema = z.object({
  STVOS_URL: z.url().default('http://127.0.0.1:3000'),
  /** JSON: {"<client slug>": {"apiKey": "stv_ck_…", "agentKey": "stv_ak_…"}, …} — the tenants this agent serves. */
  VOICE_AGENT_TENANTS: z.string().transform((s, ctx) => {
    try {
      return tenantCredentials.parse(JSON.parse(s));
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `must be JSON {"slug": {"apiKey", "agentKey"}} (${(err as Error).message.slice(0, 120)})` });
      return z.NEVER;
    }
  }),
  VOICE_AGENT_NAME: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/).default('stvos-coach'),
  HUME_API_KEY: z.string().min(1),
  /** Hume's API host; http(s)://127.0.0.1:… only for tests against a fake. */
  HUME_BASE_URL: z.url().default('https://api.hume.ai'),
  LIVEKIT_URL: z.url().optional(),
  LIVEKIT_API_KEY: z.string().min(1).optional(),
  LIVEKIT_API_SECRET: z.string().min(1).optional(),
  TOOL_CALL_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
});

export type AgentConfig = z.infer<typeof envSchema>;

export function loadAgentConfig(env: NodeJS.ProcessEnv = process.env): AgentConfig {
  const source = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`Invalid voice agent configuration: ${String(issue.path[0] ?? 'environment')} ${issue.message}`);
  }
  return parsed.data;
}

/** What LiveKit hands the agent with a dispatched room: the metadata POST /livekit/token put in the token. */
export const dispatchMetadata = z.object({
  clientId: z.number().int().positive(),
  tenant: z.string().min(1),
  voiceSessionId: z.uuid(),
  context: z.string(),
  anonymous: z.boolean(),
  eviConfigId: z.string().nullable(),
  eviConfigVersion: z.number().nullable(),
});
export type DispatchMetadata = z.infer<typeof dispatchMetadata>;
