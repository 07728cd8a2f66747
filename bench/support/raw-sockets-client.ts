/**
 * A load-generator process for bench/sockets-memory.ts: opens many Socket.IO connections as plain websockets that
 * speak the Engine.IO/Socket.IO handshake by hand (a socket.io-client costs several times more per socket, and
 * the client side must not be what limits the run), answers the server's pings, and otherwise stays idle.
 * Forked with an IPC channel: it gets one `open` message, answers `opened`, and exits on `close`.
 */
import WebSocket from 'ws';

export interface OpenRequest {
  type: 'open';
  /** ws://host:port */
  url: string;
  /** Source address on loopback (127.0.0.x): each holds its own ~28k ephemeral ports towards one server port. */
  localAddress: string;
  sockets: Array<{ nsp: string; auth: Record<string, string> }>;
  /** Handshakes in flight at once. */
  concurrency: number;
}

export interface Opened {
  type: 'opened';
  ok: number;
  failed: number;
  firstError: string | null;
  ms: number;
}

const open: WebSocket[] = [];

function connect(url: string, localAddress: string, nsp: string, auth: object): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url}/socket.io/?EIO=4&transport=websocket`, { localAddress, perMessageDeflate: false });
    const timer = setTimeout(() => (ws.terminate(), reject(new Error('handshake timed out'))), 60_000);
    ws.once('error', (err) => (clearTimeout(timer), reject(err)));
    ws.once('close', () => (clearTimeout(timer), reject(new Error('closed during the handshake'))));
    ws.on('message', (raw: Buffer) => {
      const head = raw.toString('latin1', 0, 2);
      if (head === '2') ws.send('3');
      else if (head === '0{') ws.send(`40${nsp},${JSON.stringify(auth)}`);
      else if (head === '40') {
        clearTimeout(timer);
        ws.removeAllListeners('close');
        resolve(ws);
      } else if (head === '44') {
        clearTimeout(timer);
        ws.removeAllListeners('close');
        ws.terminate();
        reject(new Error(raw.toString()));
      }
    });
  });
}

process.on('message', (msg: OpenRequest | { type: 'close' }) => {
  if (msg.type === 'close') {
    for (const ws of open) ws.terminate();
    process.exit(0);
  }
  void (async () => {
    const t0 = performance.now();
    let next = 0;
    let failed = 0;
    let firstError: string | null = null;
    const worker = async () => {
      while (next < msg.sockets.length) {
        const s = msg.sockets[next++]!;
        try {
          open.push(await connect(msg.url, msg.localAddress, s.nsp, s.auth));
        } catch (err) {
          failed++;
          firstError ??= (err as Error).message;
        }
      }
    };
    await Promise.all(Array.from({ length: msg.concurrency }, worker));
    const reply: Opened = { type: 'opened', ok: open.length, failed, firstError, ms: performance.now() - t0 };
    process.send!(reply);
  })();
});
