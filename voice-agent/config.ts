import { z } from 'zod';

/**
 * The voice agent's settings (a separate process: `npm run voice-agent`). It talks to two services: sTvOS (a
 * socket per tenant it serves, with that tenant's API key and agent key) and Hume (the control plane of the
 * EVI chats apps hold, with the Hume API key). It needs no LiveKit settings: the audio never passes through it.
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
      ctx.addIssue({
        code: 'custom',
        message: `must be JSON {"slug": {"apiKey", "agentKey"}} (${(err as Error).message.slice(0, 120)})`,
      });
      return z.NEVER;
    }
  }),
  /** The name apps give as `agentName` in POST /livekit/token (the server's VOICE_AGENT_NAMES lists it). */
  VOICE_AGENT_NAME: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/)
    .default('stvos-coach'),
  HUME_API_KEY: z.string().min(1),
  /** Hume's API host; http(s)://127.0.0.1:… only for tests against a fake. */
  HUME_BASE_URL: z.url().default('https://api.hume.ai'),
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
