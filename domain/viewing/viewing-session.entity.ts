import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export type ViewingStatus = 'active' | 'completed' | 'abandoned';

/** A playback of a class on a device (migrations/0040). Heartbeats write it with set-based SQL, not the ORM. */
export const ViewingSession = defineEntity({
  name: 'ViewingSession',
  tableName: 'viewing_sessions',
  properties: {
    id: p.integer().primary().autoincrement(),
    clientId: p.integer().fieldName('client_id'),
    userId: p.integer().fieldName('user_id'),
    classId: p.integer().fieldName('class_id').nullable(),
    deviceType: p.string().fieldName('device_type'),
    status: p.string().$type<ViewingStatus>().default('active'),
    progressSeconds: p.integer().fieldName('progress_seconds').default(0),
    positionSeconds: p.integer().fieldName('position_seconds').default(0),
    totalDurationSeconds: p.integer().fieldName('total_duration_seconds'),
    watchedSeconds: p.integer().fieldName('watched_seconds').default(0),
    lastSeq: p.bigint('number').fieldName('last_seq').default(-1),
    heartbeats: p.integer().default(0),
    startedAt: p
      .datetime()
      .fieldName('started_at')
      .onCreate(() => new Date()),
    lastHeartbeatAt: p
      .datetime()
      .fieldName('last_heartbeat_at')
      .onCreate(() => new Date()),
    completedAt: p.datetime().fieldName('completed_at').nullable(),
    endedAt: p.datetime().fieldName('ended_at').nullable(),
  },
});
export type IViewingSession = InferEntity<typeof ViewingSession>;
