/**
 * The server side of bench/sockets-memory.ts, in its own process so its memory is read alone (run with --expose-gc).
 *
 *   node --expose-gc bench/support/sockets-memory-server.ts app    an sTvOS node (server/node.ts, configuration from
 *                                                                 the environment as server/main.ts reads it)
 *   node --expose-gc bench/support/sockets-memory-server.ts bare   a bare Socket.IO 4 server, library defaults, no
 *                                                                 app code: any `/clients/<slug>` namespace accepted
 *
 * Prints `ready <port>` once listening. SIGUSR2: collect garbage (twice: weak maps and finalizers), then print
 * `mem <rss> <heapUsed> <external> <arrayBuffers> <cpuMicros> <sockets> <rss after a memory-reducing GC>`.
 * SIGTERM ends it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

const mode = process.argv[2] === 'bare' ? 'bare' : 'app';
const gc = (globalThis as { gc?: (options?: { type: string; execution: string; flavor: string }) => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

let countSockets: () => number;
let stop: () => Promise<void>;
if (mode === 'bare') {
  const http = createServer((_req, res) => res.writeHead(404).end());
  const io = new Server(http);
  io.of(/^\/clients\/[a-z0-9-]+$/);
  const port = Number(process.env['PORT'] ?? 0);
  await new Promise<void>((resolve) =>
    http.listen({ port, host: '127.0.0.1', reusePort: process.env['LISTEN_REUSE_PORT'] === 'true' }, resolve),
  );
  countSockets = () => io.engine.clientsCount;
  stop = async () => void (await io.close());
  process.stdout.write(`ready ${(http.address() as AddressInfo).port}\n`);
} else {
  const { loadConfig } = await import('../../server/config.ts');
  const { createLogger } = await import('../../server/logger.ts');
  const { startNode } = await import('../../server/node.ts');
  const config = loadConfig();
  const node = await startNode(config, createLogger(config));
  countSockets = () => node.gateway.io.engine.clientsCount;
  stop = () => node.stop('SIGTERM');
  process.stdout.write(`ready ${node.port}\n`);
}

process.on('SIGUSR2', () => {
  gc();
  // A second pass frees what the first only made unreachable (weak references, finalization registries).
  setTimeout(() => {
    gc();
    const m = process.memoryUsage();
    const cpu = process.cpuUsage();
    // Then a memory-reducing GC, as V8's memory reducer runs on a process that has gone idle: it also gives back
    // the heap pages the connect phase left committed but empty (a plain GC keeps them, more the busier the
    // machine was while connecting), so this RSS is the one an idle node settles at.
    gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
    const reduced = process.memoryUsage();
    process.stdout.write(
      `mem ${m.rss} ${m.heapUsed} ${m.external} ${m.arrayBuffers} ${cpu.user + cpu.system} ${countSockets()} ${reduced.rss}\n`,
    );
  }, 50);
});
process.once('SIGTERM', () => void stop().then(() => process.exit(0)));
