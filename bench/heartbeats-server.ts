/**
 * One server node for bench/heartbeats.ts, in its own process so its CPU and memory can be read alone.
 *   node bench/heartbeats-server.ts batched|naive     (configuration from the environment, as server/main.ts)
 * Prints `ready <port>` once listening; stops gracefully on SIGTERM.
 */
import { loadConfig } from '../server/config.ts';
import { createLogger } from '../server/logger.ts';
import { startNode } from '../server/node.ts';
import { createNaiveHeartbeatWriter } from './naive-heartbeat-writer.ts';
import { createHeartbeatWriter, type HeartbeatStore } from '../domain/viewing/heartbeat-writer.ts';
import { createSqlHeartbeatStore } from '../domain/viewing/heartbeat-store.ts';

const mode = process.argv[2] === 'naive' ? 'naive' : 'batched';
const config = loadConfig();
const node = await startNode(config, createLogger(config));
// Batches written and the time spent writing them, reported with the memory figures.
const batches = { count: 0, rows: 0, ms: 0 };
if (mode === 'naive') node.services.heartbeats = createNaiveHeartbeatWriter(node.services.orm, node.services.publisher);
else {
  const sql = createSqlHeartbeatStore(node.services.orm.em);
  const timed: HeartbeatStore = {
    async apply(rows, at) {
      const t0 = performance.now();
      try {
        return await sql.apply(rows, at);
      } finally {
        batches.count++;
        batches.rows += rows.length;
        batches.ms += performance.now() - t0;
      }
    },
  };
  node.services.heartbeats = createHeartbeatWriter({
    store: timed,
    publish: (slug, events) => node.services.publisher.publish(slug, events),
  });
}
// Heartbeats submitted to the writer (socket and REST alike), for the CPU cost per 1,000 heartbeats.
const writer = node.services.heartbeats;
let submitted = 0;
node.services.heartbeats = {
  submit(owner, beat) {
    submitted++;
    return writer.submit(owner, beat);
  },
  flush: () => writer.flush(),
  close: () => writer.close(),
  get pendingSessions() {
    return writer.pendingSessions;
  },
};
process.stdout.write(`ready ${node.port}\n`);
// SIGUSR2: collect garbage, then report memory, so the per-socket figure is live memory rather than garbage.
process.on('SIGUSR2', () => {
  // This process's own CPU time (user + system, µs) and the heartbeats it was given so far, read before the GC.
  const cpu = process.cpuUsage();
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  process.stdout.write(`mem ${m.rss} ${m.heapUsed}\n`);
  process.stdout.write(`batches ${JSON.stringify(batches)}\n`);
  process.stdout.write(`cpu ${cpu.user + cpu.system} ${submitted}\n`);
});
process.once('SIGTERM', () => void node.stop('SIGTERM').then(() => process.exit(0)));
