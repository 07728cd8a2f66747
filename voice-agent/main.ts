import { loadAgentConfig } from './config.ts';
import { startVoiceAgent } from './agent.ts';
import { loadDotEnv } from '../server/dotenv.ts';

/** `npm run voice-agent` (agent.ts does the work; README "Voice AI coach" shows the whole path). */
let config: ReturnType<typeof loadAgentConfig>;
try {
  loadDotEnv();
  config = loadAgentConfig();
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
const log = (msg: string, fields: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ time: new Date().toISOString(), msg, ...fields }));
const agent = startVoiceAgent(config, log);
log('voice agent started', {
  agentName: config.VOICE_AGENT_NAME,
  tenants: Object.keys(config.VOICE_AGENT_TENANTS),
  stvos: config.STVOS_URL,
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void agent.close().then(() => process.exit(0)));
}
