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

const writers = new WeakMap<WriterHost, HeartbeatWriter>();
const feeds = new WeakMap<WriterHost, UsageFeed>();

/** One writer per node, made on first use: every socket and REST heartbeat of the node goes through it. */
export function heartbeatWriterOf(host: WriterHost): HeartbeatWriter {
  let writer = writers.get(host);
  if (!writer) {
    const sql = createSqlHeartbeatStore(host.orm.em);
    // The live partner dashboard adds up what each committed batch reports (no I/O here).
    const feed = createUsageFeed(host);
    feeds.set(host, feed);
    writer = createHeartbeatWriter({
      store: {
        async apply(rows, at) {
          const stored = await sql.apply(rows, at);
          feed.record(rows, stored);
          return stored;
        },
      },
      publish: (slug, events) => host.publisher.publish(slug, events),
      onError: (err, rows) => host.logger.error({ err, rows }, 'heartbeat batch failed; its heartbeats were answered with an error'),
    });
    writers.set(host, writer);
  }
  return writer;
}

/** Puts another writer in place for this node (the benchmark's naive baseline runs through the same routes). */
export function replaceHeartbeatWriter(host: WriterHost, writer: HeartbeatWriter): void {
  writers.set(host, writer);
}

/** Shutdown: refuse new heartbeats and write the pending ones (called by the node after sockets are closed). */
export async function closeHeartbeatWriter(host: WriterHost): Promise<void> {
  await writers.get(host)?.close();
  await feeds.get(host)?.stop();
}
