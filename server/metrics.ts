import { Registry, collectDefaultMetrics, Histogram, Gauge, Counter } from 'prom-client';

/** One registry for the process: HTTP, sockets, jobs, plus Node's defaults. */
export const metrics = new Registry();
collectDefaultMetrics({ register: metrics });

export const httpDuration = new Histogram({
  name: 'stvos_http_request_duration_seconds',
  help: 'HTTP request duration by route and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metrics],
});

export const socketsConnected = new Gauge({
  name: 'stvos_sockets_connected',
  help: 'Sockets connected to this node',
  registers: [metrics],
});

export const socketEvents = new Counter({
  name: 'stvos_socket_events_total',
  help: 'Client to server socket events by event and outcome',
  labelNames: ['event', 'outcome'] as const,
  registers: [metrics],
});

export const jobRuns = new Counter({
  name: 'stvos_job_runs_total',
  help: 'Job ticks run on this node, by job and outcome',
  labelNames: ['job', 'outcome'] as const,
  registers: [metrics],
});

export const voiceToolCalls = new Counter({
  name: 'stvos_voice_tool_calls_total',
  help: 'Voice agent tool calls by tool and result code (OK or the error code); replays of a call id counted apart',
  labelNames: ['tool', 'code', 'replayed'] as const,
  registers: [metrics],
});

export const voiceToolCallSeconds = new Histogram({
  name: 'stvos_voice_tool_call_duration_seconds',
  help: 'Voice agent tool call latency, from the event to the ack',
  labelNames: ['tool'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metrics],
});

export const voiceSessions = new Counter({
  name: 'stvos_voice_sessions_total',
  help: 'Voice sessions opened (rooms handed out) and ended, by party (user, onboarding)',
  labelNames: ['event', 'party'] as const,
  registers: [metrics],
});

export const voiceSecondsTotal = new Counter({
  name: 'stvos_voice_seconds_total',
  help: 'Conversation seconds of ended voice sessions (what voice minutes are billed from)',
  registers: [metrics],
});

/**
 * Voice sessions live now (not ended, not past their maximum), across all tenants, by party. Read from the
 * database when /metrics is scraped (server/voice-gauge.ts), so every node reports the same number.
 */
export const voiceSessionsLive = new Gauge({
  name: 'stvos_voice_sessions_live',
  help: 'Voice sessions live now (all tenants), by party (user, onboarding); the same on every node',
  labelNames: ['party'] as const,
  registers: [metrics],
});
