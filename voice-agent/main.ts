import { dispatchMetadata, loadAgentConfig } from './config.ts';
import { createStvosLink } from './stvos-link.ts';
import { startLiveKitWorker } from './livekit-worker.ts';
import { runVoiceJob } from './voice-job.ts';

/**
 * `npm run voice-agent`: registers as the LiveKit agent `VOICE_AGENT_NAME`; for each dispatched voice room it
 * opens the EVI chat on the room's config and answers EVI's tool calls through sTvOS (voice-job.ts).
 * NOT DONE: the media leg (joining the room with the job's token and moving audio between the room and EVI
 * with @livekit/rtc-node); see README "Voice AI coach". Until it exists a job's chat carries no audio, so the
 * job is ended after its EVI chat closes or after the session's maximum length.
 */
let config: ReturnType<typeof loadAgentConfig>;
try {
  config = loadAgentConfig();
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
if (!config.LIVEKIT_URL || !config.LIVEKIT_API_KEY || !config.LIVEKIT_API_SECRET) {
  console.error('Invalid voice agent configuration: LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET are required');
  process.exit(1);
}
const log = (msg: string, fields: Record<string, unknown> = {}) => console.log(JSON.stringify({ time: new Date().toISOString(), msg, ...fields }));
const link = createStvosLink(config);
const worker = startLiveKitWorker({
  url: config.LIVEKIT_URL, apiKey: config.LIVEKIT_API_KEY, apiSecret: config.LIVEKIT_API_SECRET, agentName: config.VOICE_AGENT_NAME, log,
  async onJob(job) {
    const meta = dispatchMetadata.parse(JSON.parse(job.metadata));
    log('voice room dispatched', { room: job.room, voiceSessionId: meta.voiceSessionId, tenant: meta.tenant });
    const voice = await runVoiceJob(meta, { link, hume: { apiKey: config.HUME_API_KEY, baseUrl: config.HUME_BASE_URL }, log });
    await new Promise((resolve) => setTimeout(resolve, 60 * 60_000).unref());
    await voice.close();
  },
});
await worker.ready;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    worker.close();
    link.close();
    process.exit(0);
  });
}
