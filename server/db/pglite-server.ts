import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

/**
 * A PostgreSQL wire-protocol server in front of one PGlite instance, for the embedded default.
 *
 * PGlite is a single backend session; every connection shares it. pglite-socket's server (0.2.17) queues
 * single protocol messages from all connections and pins a connection only inside a transaction, so the
 * Parse/Bind/Execute/Sync batches of two pooled connections interleave and one binds the other's unnamed
 * statement: "unnamed prepared statement does not exist", or silently wrong rows (upstream
 * electric-sql/pglite#1046, open). Here a connection owns the session from its first message of a batch
 * until the backend is idle again: the batch's Sync (or a simple Query) done, and no transaction open.
 */
const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;

class SessionOwner {
  private owner: Socket | null = null;
  private waiting: Array<{ conn: Socket; grant: () => void }> = [];

  async acquire(conn: Socket): Promise<void> {
    if (this.owner === conn) return;
    if (!this.owner) {
      this.owner = conn;
      return;
    }
    await new Promise<void>((grant) => this.waiting.push({ conn, grant }));
  }

  release(conn: Socket): void {
    this.waiting = this.waiting.filter((w) => w.conn !== conn);
    if (this.owner !== conn) return;
    const next = this.waiting.shift();
    this.owner = next?.conn ?? null;
    next?.grant();
  }

  holds(conn: Socket): boolean {
    return this.owner === conn;
  }
}

export interface PgliteServer {
  port: number;
  stop(): Promise<void>;
}

export async function servePglite(db: PGlite, host = '127.0.0.1', port = 0): Promise<PgliteServer> {
  const session = new SessionOwner();
  const sockets = new Set<Socket>();

  const run = (conn: Socket, message: Uint8Array) =>
    db.runExclusive(() =>
      db.execProtocolRawStream(message, {
        onRawData: (chunk) => {
          if (chunk.length && conn.writable) conn.write(chunk);
        },
      }),
    );

  async function closed(conn: Socket): Promise<void> {
    sockets.delete(conn);
    // A connection that dies inside a transaction must not leave the shared session in it.
    if (session.holds(conn) && db.isInTransaction()) await db.exec('rollback').catch(() => undefined);
    session.release(conn);
  }

  const server: Server = createServer((conn) => {
    sockets.add(conn);
    let buffer = Buffer.alloc(0);
    let started = false;
    let chain = Promise.resolve();

    const handle = async (message: Buffer, type: string | null): Promise<void> => {
      await session.acquire(conn);
      await run(conn, new Uint8Array(message));
      // The backend is idle for everyone again once a batch is synced and no transaction is open.
      const batchEnd = type === null || type === 'S' || type === 'Q';
      if (batchEnd && !db.isInTransaction()) session.release(conn);
    };

    conn.on('data', (data: Buffer) => {
      buffer = Buffer.concat([buffer, data]);
      for (;;) {
        if (!started) {
          if (buffer.length < 8) return;
          const length = buffer.readInt32BE(0);
          const code = buffer.readInt32BE(4);
          if (code === SSL_REQUEST) {
            buffer = buffer.subarray(8);
            conn.write('N'); // no TLS on loopback
            continue;
          }
          if (code === CANCEL_REQUEST) return void conn.destroy();
          if (code !== PROTOCOL_3 || buffer.length < length) return;
          const startup = buffer.subarray(0, length);
          buffer = buffer.subarray(length);
          started = true;
          chain = chain.then(() => handle(startup, null)).catch(() => void conn.destroy());
          continue;
        }
        if (buffer.length < 5) return;
        const length = 1 + buffer.readInt32BE(1);
        if (buffer.length < length) return;
        const message = buffer.subarray(0, length);
        buffer = buffer.subarray(length);
        const type = String.fromCharCode(message[0]!);
        if (type === 'X') {
          chain = chain.then(() => void conn.end());
          return;
        }
        chain = chain.then(() => handle(message, type)).catch(() => void conn.destroy());
      }
    });
    conn.on('error', () => conn.destroy());
    conn.on('close', () => {
      chain = chain.then(() => closed(conn));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
