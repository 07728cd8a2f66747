import type { MikroORM } from '@mikro-orm/postgresql';
import type { Publisher } from '../shared/events.ts';
import type { Logger } from '../../server/logger.ts';
import { createSqlHeartbeatStore } from './heartbeat-store.ts';
import { createHeartbeatWriter, type HeartbeatWriter } from './heartbeat-writer.ts';
import { createUsageFeed, type UsageFeed } from '../../realtime/usage-updates.ts';
import type { Redis } from 'ioredis';

/** The parts of a running node a writer needs (the node's `Services` has them). */
export interface WriterHost {
  orm: MikroORM;
  publisher: Publisher;
  logger: Logger;
  redis?: Redis | null;
}

/** The node's writer and the usage feed it reports to; built once with the node's services (server/node-parts.ts). */
export interface NodeHeartbeats {
  writer: HeartbeatWriter;
  /** Shutdown: refuse new heartbeats, write the pending ones, stop the feed (called after the sockets closed). */
  close(): Promise<void>;
}

/** Every socket and REST heartbeat of the node goes through this writer. */
export function createNodeHeartbeats(host: WriterHost): NodeHeartbeats {
  const sql = createSqlHeartbeatStore(host.orm.em);
  // The live partner dashboard adds up what each committed batch reports (no I/O here).
  const feed: UsageFeed = createUsageFeed(host);
  const writer = createHeartbeatWriter({
    store: {
      async apply(rows, at) {
        const stored = await sql.apply(rows, at);
        feed.record(rows, stored);
        return stored;
      },
    },
    publish: (slug, events) => host.publisher.publish(slug, events),
    onError: (err, rows) =>
      host.logger.error({ err, rows }, 'heartbeat batch failed; its heartbeats were answered with an error'),
  });
  return {
    writer,
    async close() {
      await writer.close();
      await feed.stop();
    },
  };
}
