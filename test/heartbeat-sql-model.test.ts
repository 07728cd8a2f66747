import { platformEm } from '../server/db/orm.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningNode } from '../server/node.ts';
import {
  applyMerged,
  mergeHeartbeats,
  type Heartbeat,
  type SessionProgress,
} from '../domain/viewing/heartbeat-merge.ts';
import { createSqlHeartbeatStore } from '../domain/viewing/heartbeat-store.ts';
import { createRandom, type Random } from '../domain/plans/seeded-random.ts';
import { startTestNode } from './support/node.ts';
import { createTenant, type TestTenant } from './support/tenant.ts';
import { createUser } from './support/realtime.ts';
import { createClass } from './support/viewing.ts';

/**
 * `applyMerged` (heartbeat-merge.ts) is the readable model of the SQL in heartbeat-store.ts. This runs the same random
 * heartbeat sequences, cut into the same random batches, through both and compares the stored row with the model
 * after every batch, so the two cannot drift apart unnoticed.
 */
function randomBeats(random: Random, total: number): Heartbeat[] {
  const beats: Heartbeat[] = [];
  const withSeq = random.next() < 0.8;
  let position = random.int(30);
  for (let seq = 1; seq <= 3 + random.int(14); seq++) {
    // Mostly forward playback at the app's cadence, sometimes a seek either way.
    position = Math.max(
      0,
      Math.min(total + 20, position + (random.next() < 0.15 ? random.int(400) - 150 : random.int(45))),
    );
    beats.push(
      withSeq
        ? { seq, progressSeconds: position, totalDurationSeconds: total }
        : { progressSeconds: position, totalDurationSeconds: total },
    );
  }
  // Arrival order: some late, some sent twice (a retry, an offline batch resent).
  const arrived = random.next() < 0.5 ? random.shuffle(beats) : beats;
  return [...arrived, ...arrived.filter(() => random.next() < 0.2)];
}

function batches<T>(random: Random, items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length;) {
    const size = 1 + random.int(4);
    out.push(items.slice(i, i + size));
    i += size;
  }
  return out;
}

describe('heartbeat rules: the SQL store and applyMerged agree', () => {
  let node: RunningNode;
  let tenant: TestTenant;
  let user: { id: number };
  let classId: number;
  beforeAll(async () => {
    node = await startTestNode();
    tenant = await createTenant(node);
    user = await createUser(node, tenant);
    classId = (await createClass(node, tenant)).id;
  });
  afterAll(async () => {
    await node?.stop();
  });

  it('after every batch of 40 random sequences (seeded), progress, position, watched seconds, last seq and status match', async () => {
    const store = createSqlHeartbeatStore(node.services.orm.em);
    const em = platformEm(node.services.orm);
    for (let run = 0; run < 40; run++) {
      const random = createRandom(`heartbeat-sql-model-${run}`);
      const total = 60 + random.int(900);
      const [row]: Array<{ id: number }> = await em.execute(
        `insert into viewing_sessions (client_id, user_id, class_id, device_type, total_duration_seconds) values (?, ?, ?, 'web', ?) returning id`,
        [tenant.id, user.id, classId, total],
      );
      const sessionId = row!.id;
      let model: SessionProgress = {
        progressSeconds: 0,
        positionSeconds: 0,
        totalDurationSeconds: total,
        watchedSeconds: 0,
        lastSeq: -1,
        status: 'active',
      };
      for (const batch of batches(random, randomBeats(random, total))) {
        const merged = mergeHeartbeats(batch);
        model = applyMerged(model, merged);
        await store.apply(
          [{ clientId: tenant.id, tenantSlug: tenant.slug, userId: user.id, sessionId, ...merged }],
          new Date(),
        );
        const [stored]: Array<Record<string, unknown>> = await em.execute(
          `select progress_seconds, position_seconds, total_duration_seconds, watched_seconds, last_seq, status from viewing_sessions where client_id = ? and id = ?`,
          [tenant.id, sessionId],
        );
        expect({ run, batch, ...stored, last_seq: Number(stored?.['last_seq']) }).toEqual({
          run,
          batch,
          progress_seconds: model.progressSeconds,
          position_seconds: model.positionSeconds,
          total_duration_seconds: model.totalDurationSeconds,
          watched_seconds: model.watchedSeconds,
          last_seq: model.lastSeq,
          status: model.status,
        });
      }
    }
  });
});
