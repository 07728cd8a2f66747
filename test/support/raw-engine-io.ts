import WebSocket from 'ws';

/**
 * A Socket.IO client spoken by hand over a plain `ws` websocket (Engine.IO v4, Socket.IO v5 packets), the way a
 * client in another language does it. `ignoreCloseFrames()` makes it behave like a client that never answers the
 * server's close frame (python-socketio's did not), so the server's `ws` would wait its 30 s close timeout.
 */
export class RawSocketIo {
  private nextAck = 1;
  private readonly acks = new Map<number, (reply: unknown) => void>();
  readonly closed: Promise<void>;

  readonly ws: WebSocket;
  readonly nsp: string;

  private constructor(ws: WebSocket, nsp: string) {
    this.ws = ws;
    this.nsp = nsp;
    this.closed = new Promise((resolve) => ws.once('close', () => resolve()));
    ws.on('message', (raw) => {
      const text = String(raw);
      if (text === '2') return ws.send('3'); // Engine.IO ping → pong
      const ack = new RegExp(`^43${nsp},(\\d+)(.*)$`).exec(text);
      if (ack) {
        this.acks.get(Number(ack[1]))?.((JSON.parse(ack[2]!) as unknown[])[0]);
        this.acks.delete(Number(ack[1]));
      }
    });
  }

  /** Opens the websocket, then the namespace with `auth`; rejects with the connect_error data. */
  static async connect(baseUrl: string, nsp: string, auth: Record<string, unknown>): Promise<RawSocketIo> {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
    const client = new RawSocketIo(ws, nsp);
    await new Promise<void>((resolve, reject) => {
      ws.once('error', reject);
      ws.on('message', function onOpen(raw) {
        const text = String(raw);
        if (text.startsWith('0{')) ws.send(`40${nsp},${JSON.stringify(auth)}`);
        else if (text.startsWith(`40${nsp},`)) {
          ws.off('message', onOpen);
          resolve();
        } else if (text.startsWith(`44${nsp},`))
          reject(Object.assign(new Error('connect_error'), { data: JSON.parse(text.slice(nsp.length + 3)) }));
      });
    });
    return client;
  }

  /** Emits with an ack id; resolves with the ack's first argument. */
  emitWithAck(event: string, payload: unknown): Promise<unknown> {
    const id = this.nextAck++;
    return new Promise((resolve) => {
      this.acks.set(id, resolve);
      this.ws.send(`42${this.nsp},${id}${JSON.stringify([event, payload])}`);
    });
  }

  ignoreCloseFrames(): void {
    // `ws` answers a close frame by calling close() on the instance; a no-op leaves the server waiting.
    this.ws.close = () => undefined;
  }
}
