import { AccessToken } from 'livekit-server-sdk';
import { AvailabilityResponse, JobStatus, JobType, RegisterWorkerRequest, ServerMessage, UpdateJobStatus, WorkerMessage, WorkerPing } from '@livekit/protocol';

export interface DispatchedJob {
  id: string;
  room: string;
  metadata: string;
  /** The agent's own join token and server URL for the room (for the media leg). */
  token: string;
  url: string;
}

/**
 * A LiveKit agent worker: registers `agentName` on LiveKit's agent endpoint (`<LIVEKIT_URL>/agent`, protobuf
 * WorkerMessage / ServerMessage over a WebSocket, authenticated by a token with the `agent` grant), accepts the
 * jobs LiveKit dispatches for rooms whose token named this agent, and reports each job's end. What to do with a
 * job is `onJob`'s business.
 */
export function startLiveKitWorker(opts: {
  url: string;
  apiKey: string;
  apiSecret: string;
  agentName: string;
  onJob(job: DispatchedJob): Promise<void>;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
}) {
  const log = opts.log ?? (() => {});
  let socket: WebSocket | null = null;
  let pinger: NodeJS.Timeout | null = null;
  let closed = false;
  const send = (message: WorkerMessage) => socket?.readyState === WebSocket.OPEN && socket.send(message.toBinary());

  async function connect() {
    const token = new AccessToken(opts.apiKey, opts.apiSecret, { ttl: '10m' });
    token.addGrant({ agent: true });
    const endpoint = new URL('agent', `${opts.url.replace(/^http/, 'ws').replace(/\/?$/, '/')}`);
    // Node's WebSocket (undici) takes request headers in its init object.
    const ws = new WebSocket(endpoint, { headers: { Authorization: `Bearer ${await token.toJwt()}` } } as unknown as string[]);
    ws.binaryType = 'arraybuffer';
    socket = ws;
    ws.addEventListener('open', () => {
      send(new WorkerMessage({ message: { case: 'register', value: new RegisterWorkerRequest({ type: JobType.JT_ROOM, agentName: opts.agentName, version: '1' }) } }));
      pinger = setInterval(() => send(new WorkerMessage({ message: { case: 'ping', value: new WorkerPing({ timestamp: BigInt(Date.now()) }) } })), 15_000);
    });
    ws.addEventListener('message', (event) => {
      const msg = ServerMessage.fromBinary(new Uint8Array(event.data as ArrayBuffer)).message;
      if (msg.case === 'register') log('registered with LiveKit', { workerId: msg.value.workerId, agentName: opts.agentName });
      else if (msg.case === 'availability' && msg.value.job) {
        const job = msg.value.job;
        send(new WorkerMessage({ message: { case: 'availability', value: new AvailabilityResponse({
          jobId: job.id, available: true, participantIdentity: `agent-${job.id}`, participantName: 'Coach',
        }) } }));
      } else if (msg.case === 'assignment' && msg.value.job) {
        const job = msg.value.job;
        const dispatched = { id: job.id, room: job.room?.name ?? '', metadata: job.metadata, token: msg.value.token, url: msg.value.url ?? opts.url };
        void opts.onJob(dispatched).then(
          () => send(new WorkerMessage({ message: { case: 'updateJob', value: new UpdateJobStatus({ jobId: job.id, status: JobStatus.JS_SUCCESS }) } })),
          (err: Error) => send(new WorkerMessage({ message: { case: 'updateJob', value: new UpdateJobStatus({ jobId: job.id, status: JobStatus.JS_FAILED, error: err.message.slice(0, 500) }) } })),
        );
      }
    });
    ws.addEventListener('close', () => {
      if (pinger) clearInterval(pinger);
      if (!closed) setTimeout(() => void connect().catch((err: Error) => log('LiveKit worker reconnect failed', { err: err.message })), 2000);
    });
  }

  const ready = connect();
  return {
    ready,
    close() {
      closed = true;
      socket?.close();
    },
  };
}
