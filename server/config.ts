import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * The one place environment variables are read. Every value is validated at start-up; a wrong or
 * missing one stops the process with a single line naming the variable (see `loadConfig`).
 */
const seconds = z.coerce.number().int().positive();
const optionalUrl = z.url().optional();
const optionalString = z.string().min(1).optional();

/**
 * Express's `trust proxy`: `false` (default: the socket's address is the client), a hop count, or a
 * comma-separated list of addresses, CIDR ranges and the names loopback, linklocal, uniquelocal.
 */
const trustProxyEntry = (s: string) =>
  /^(loopback|linklocal|uniquelocal)$/.test(s) ||
  (isIP(s.split('/')[0]!) !== 0 && (!s.includes('/') || /^\d{1,3}$/.test(s.split('/')[1]!)));
const trustProxy = z.string().transform((v, ctx): boolean | number | string => {
  const s = v.trim();
  if (s === 'false') return false;
  if (s === 'true') return true;
  if (/^\d+$/.test(s)) return Number(s);
  const list = s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  if (list.length && list.every(trustProxyEntry)) return list.join(', ');
  ctx.addIssue({
    code: 'custom',
    message: 'must be false, true, a hop count, or a list of addresses/CIDRs/loopback/linklocal/uniquelocal',
  });
  return z.NEVER;
});

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LISTEN_REUSE_PORT: z.stringbool().default(false),
  PUBLIC_URL: optionalUrl,
  TRUST_PROXY: trustProxy.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  DATABASE_URL: z
    .url()
    .refine((u) => /^postgres(ql)?:\/\//.test(u), 'must be a postgres:// URL')
    .optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  EMBEDDED_DB_DIR: z.string().min(1).default('.data/pglite'),
  REDIS_URL: z
    .url()
    .refine((u) => /^rediss?:\/\//.test(u), 'must be a redis:// URL')
    .optional(),
  REDIS_KEY_PREFIX: z
    .string()
    .max(64)
    .regex(/^[A-Za-z0-9:_.-]*$/, 'letters, digits and : _ . - only')
    .default(''),

  JWT_ACCESS_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_ISSUER: z.string().min(1).default('stvos'),
  JWT_AUDIENCE: z.string().min(1).default('stvos-api'),
  JWT_ACCESS_TTL_SECONDS: seconds.default(900),
  JWT_REFRESH_TTL_SECONDS: seconds.default(60 * 60 * 24 * 30),
  ADMIN_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),

  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(100),
  RATE_LIMIT_BURST: z.coerce.number().int().positive().default(20),
  /** Default per-client aggregate quota (requests/minute); unset = 100 × RATE_LIMIT_PER_MINUTE. */
  RATE_LIMIT_CLIENT_PER_MINUTE: z.coerce.number().int().positive().optional(),
  LOGIN_ATTEMPTS_PER_15_MIN: z.coerce.number().int().positive().default(10),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  SOCKET_MAX_PAYLOAD_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(64 * 1024),
  SOCKET_EVENTS_PER_SECOND: z.coerce.number().int().positive().default(20),
  SOCKET_REDIS_ADAPTER: z.enum(['streams', 'sharded', 'classic']).default('streams'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  /** Unset: true in development and test, false in production (a demo tenant must be asked for there). */
  SEED_DEMO: z.stringbool().optional(),
  /** Bearer token for /metrics and /health/detailed in production (unset: the ADMIN_TOKEN); open otherwise. */
  METRICS_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  JOBS_ENABLED: z.stringbool().default(true),

  LIVEKIT_URL: optionalUrl,
  LIVEKIT_API_KEY: optionalString,
  LIVEKIT_API_SECRET: optionalString,
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalUrl,
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  PLAN_DEADLINE_MS: z.coerce.number().int().min(2_000).max(120_000).default(25_000),
  GOOGLE_CLOUD_PROJECT: optionalString,
  GOOGLE_CLOUD_LOCATION: z.string().min(1).default('us-central1'),
  GEMINI_MODEL: z.string().min(1).default('gemini-2.5-flash'),
  GOOGLE_API_KEY: optionalString,
  GEMINI_BASE_URL: optionalUrl,
  GEMINI_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  HUME_API_KEY: optionalString,
  HUME_SECRET_KEY: optionalString,
  /** Only for tests and development against a fake: Hume's API host (the SDK always speaks https). */
  HUME_BASE_URL: z
    .url()
    .refine((u) => u.startsWith('https://'), 'must be an https:// URL')
    .default('https://api.hume.ai'),
  HUME_WEBHOOK_SIGNING_KEY: optionalString,
  VOICE_SESSION_MAX_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(60),
  VOICE_TOOL_CALLS_PER_MINUTE: z.coerce.number().int().positive().default(60),
  AGENT_EVENTS_PER_SECOND: z.coerce.number().int().positive().default(1000),
  /** How long a voice agent's claim on a chat lasts unless it renews it (agents renew every third of this). */
  VOICE_AGENT_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** The voice agents an app may name in POST /livekit/token (comma-separated; the agent's VOICE_AGENT_NAME). */
  VOICE_AGENT_NAMES: z
    .string()
    .default('stvos-coach')
    .transform((s) =>
      s
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'each name: letters, digits, - and _ (up to 64)'))
        .min(1, 'name at least one agent')
        .max(20),
    ),
  /** Account mail (password resets): smtp://user:pass@host:port or smtps://...; without it mail stays in the outbox. */
  SMTP_URL: z
    .url()
    .refine((u) => /^smtps?:\/\//.test(u), 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).max(200).default('sTvOS <no-reply@localhost>'),
  PASSWORD_RESET_TTL_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(30),
  SOCKET_MAX_PER_ACCOUNT: z.coerce.number().int().min(1).max(1000).default(10),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  host: string;
  port: number;
  /** SO_REUSEPORT (Linux): several processes on one port, the kernel spreading new connections between them. */
  reusePort: boolean;
  publicUrl: string | undefined;
  /** Express's `trust proxy` setting: which hops may set X-Forwarded-For (and so the client address). */
  trustProxy: boolean | number | string;
  logLevel: Env['LOG_LEVEL'];
  database: { url: string | undefined; poolMax: number; embeddedDir: string };
  redisUrl: string | undefined;
  /** Put before every key this node writes (rate limits, revocations, presence, usage), so deployments can share a Redis. */
  redisKeyPrefix: string;
  jwt: {
    accessSecret: string | undefined;
    issuer: string;
    audience: string;
    accessTtlSeconds: number;
    refreshTtlSeconds: number;
  };
  adminToken: string | undefined;
  rateLimit: { perMinute: number; burst: number; loginAttemptsPer15Min: number; clientPerMinute: number };
  http: { bodyLimitBytes: number };
  socket: { maxPayloadBytes: number; eventsPerSecond: number; redisAdapter: 'streams' | 'sharded' | 'classic' };
  shutdownTimeoutMs: number;
  seedDemo: boolean;
  /** Guards /metrics and /health/detailed in production (falls back to adminToken). */
  metricsToken: string | undefined;
  jobsEnabled: boolean;
  /** `devServer`: no LiveKit settings in development, so the well-known `livekit-server --dev` ones are used. */
  livekit: { url: string | undefined; apiKey: string | undefined; apiSecret: string | undefined; devServer: boolean };
  openai: { apiKey: string | undefined; baseUrl: string | undefined; model: string; deadlineMs: number };
  google: {
    project: string | undefined;
    location: string;
    model: string;
    apiKey: string | undefined;
    baseUrl: string | undefined;
    timeoutMs: number;
  };
  hume: {
    apiKey: string | undefined;
    secretKey: string | undefined;
    baseUrl: string;
    webhookSigningKey: string | undefined;
  };
  voice: {
    sessionMaxMinutes: number;
    toolCallsPerMinute: number;
    agentEventsPerSecond: number;
    agentNames: readonly string[];
    /** A voice agent's claim on a chat lapses unless renewed within this many seconds. */
    agentLeaseSeconds: number;
  };
  mail: { smtpUrl: string | undefined; from: string; resetTtlMinutes: number };
  socketsPerAccount: number;
}

export class ConfigError extends Error {}

/** Variables whose values are secrets or may carry credentials (URLs): a config error names them, never prints them. */
const SECRET_NAME = /SECRET|TOKEN|PASSWORD|_KEY$|_URL$/;

/** Pairs that only make sense together: half of a vendor's settings is a mistake, not "not configured". */
const together: Array<[keyof Env, keyof Env]> = [
  ['LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET'],
  ['HUME_API_KEY', 'HUME_SECRET_KEY'],
];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty value (`DATABASE_URL=` in an env file) means "not set", not "set to nothing".
  const source = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    const shown =
      source[name] === undefined
        ? 'missing'
        : SECRET_NAME.test(name)
          ? 'value not shown'
          : `got ${JSON.stringify(source[name])}`;
    throw new ConfigError(`Invalid configuration: ${name} ${issue.message} (${shown})`);
  }
  const e = parsed.data;
  for (const [a, b] of together) {
    if (Boolean(e[a]) !== Boolean(e[b])) {
      throw new ConfigError(`Invalid configuration: ${e[a] ? b : a} is required when ${e[a] ? a : b} is set`);
    }
  }
  if (e.NODE_ENV === 'production') {
    for (const name of ['JWT_ACCESS_SECRET', 'ADMIN_TOKEN'] as const) {
      if (!e[name]) throw new ConfigError(`Invalid configuration: ${name} is required when NODE_ENV=production`);
    }
    // livekit-server --dev's public pair signs tokens and webhooks anyone can forge.
    if (e.LIVEKIT_API_KEY === 'devkey' || e.LIVEKIT_API_SECRET === 'secret') {
      throw new ConfigError(
        'Invalid configuration: LIVEKIT_API_KEY/LIVEKIT_API_SECRET must not be the LiveKit development pair when NODE_ENV=production',
      );
    }
  }
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    reusePort: e.LISTEN_REUSE_PORT,
    publicUrl: e.PUBLIC_URL,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    database: { url: e.DATABASE_URL, poolMax: e.DATABASE_POOL_MAX, embeddedDir: e.EMBEDDED_DB_DIR },
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    jwt: {
      accessSecret: e.JWT_ACCESS_SECRET,
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
      accessTtlSeconds: e.JWT_ACCESS_TTL_SECONDS,
      refreshTtlSeconds: e.JWT_REFRESH_TTL_SECONDS,
    },
    adminToken: e.ADMIN_TOKEN,
    rateLimit: {
      perMinute: e.RATE_LIMIT_PER_MINUTE,
      burst: e.RATE_LIMIT_BURST,
      loginAttemptsPer15Min: e.LOGIN_ATTEMPTS_PER_15_MIN,
      clientPerMinute: e.RATE_LIMIT_CLIENT_PER_MINUTE ?? 100 * e.RATE_LIMIT_PER_MINUTE,
    },
    http: { bodyLimitBytes: e.BODY_LIMIT_BYTES },
    socket: {
      maxPayloadBytes: e.SOCKET_MAX_PAYLOAD_BYTES,
      eventsPerSecond: e.SOCKET_EVENTS_PER_SECOND,
      redisAdapter: e.SOCKET_REDIS_ADAPTER,
    },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    seedDemo: e.SEED_DEMO ?? e.NODE_ENV !== 'production',
    metricsToken: e.METRICS_TOKEN,
    jobsEnabled: e.JOBS_ENABLED,
    livekit: liveKitSettings(e),
    openai: {
      apiKey: e.OPENAI_API_KEY,
      baseUrl: e.OPENAI_BASE_URL,
      model: e.OPENAI_MODEL,
      deadlineMs: e.PLAN_DEADLINE_MS,
    },
    google: {
      project: e.GOOGLE_CLOUD_PROJECT,
      location: e.GOOGLE_CLOUD_LOCATION,
      model: e.GEMINI_MODEL,
      apiKey: e.GOOGLE_API_KEY,
      baseUrl: e.GEMINI_BASE_URL,
      timeoutMs: e.GEMINI_TIMEOUT_MS,
    },
    hume: {
      apiKey: e.HUME_API_KEY,
      secretKey: e.HUME_SECRET_KEY,
      baseUrl: e.HUME_BASE_URL,
      webhookSigningKey: e.HUME_WEBHOOK_SIGNING_KEY,
    },
    voice: {
      sessionMaxMinutes: e.VOICE_SESSION_MAX_MINUTES,
      toolCallsPerMinute: e.VOICE_TOOL_CALLS_PER_MINUTE,
      agentEventsPerSecond: e.AGENT_EVENTS_PER_SECOND,
      agentNames: e.VOICE_AGENT_NAMES,
      agentLeaseSeconds: e.VOICE_AGENT_LEASE_SECONDS,
    },
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM, resetTtlMinutes: e.PASSWORD_RESET_TTL_MINUTES },
    socketsPerAccount: e.SOCKET_MAX_PER_ACCOUNT,
  };
}

/**
 * LiveKit's own development server (`livekit-server --dev`) listens on 127.0.0.1:7880 with the key `devkey`
 * and secret `secret`. A development machine with no LiveKit settings uses those, so live classes sign real
 * join tokens for a local dev server; production and test without settings stay "not configured" (503).
 */
function liveKitSettings(e: Env): Config['livekit'] {
  const none = !e.LIVEKIT_URL && !e.LIVEKIT_API_KEY && !e.LIVEKIT_API_SECRET;
  if (none && e.NODE_ENV === 'development') {
    return { url: 'ws://127.0.0.1:7880', apiKey: 'devkey', apiSecret: 'secret', devServer: true };
  }
  return { url: e.LIVEKIT_URL, apiKey: e.LIVEKIT_API_KEY, apiSecret: e.LIVEKIT_API_SECRET, devServer: false };
}
