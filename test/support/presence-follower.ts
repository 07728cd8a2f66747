import type { Socket } from 'socket.io-client';
import type { Participant, PresenceDelta, PresenceList } from '../../domain/live/live-presence.ts';
import { emitAck } from './viewing.ts';

/**
 * A client that follows presence as changes, exactly as realtime/README.md tells integrators to: the `live:join`
 * ack is the snapshot; a delta whose `version` is not newer is ignored; one whose `since` is newer than the list
 * is a gap, answered by sending `live:join` again for a fresh snapshot; otherwise `left` are removed and `joined`
 * replace or add entries. Deltas arriving before the snapshot are kept and applied on top of it.
 */
export function followPresence(socket: Socket, classId: number) {
  const state = {
    version: -1,
    list: new Map<number, Participant>(),
    deltas: 0,
    gaps: 0,
    fullLists: 0,
    countMismatches: 0,
  };
  let early: PresenceDelta[] | null = [];
  const apply = async (d: PresenceDelta) => {
    if (d.classId !== classId || d.version <= state.version) return;
    if (d.since > state.version) {
      state.gaps++;
      return take(
        (await emitAck<{ ok: true; data: PresenceList }>(socket, 'live:join', { classId, presence: 'delta' })).data,
      );
    }
    for (const id of d.left) state.list.delete(id);
    for (const p of d.joined) state.list.set(p.userId, p);
    state.version = d.version;
    if (state.list.size !== d.count) state.countMismatches++;
  };
  const take = (snapshot: PresenceList) => {
    if (snapshot.version < state.version) return;
    state.version = snapshot.version;
    state.list = new Map(snapshot.participants.map((p) => [p.userId, p]));
  };
  socket.on('live:presence:delta', (d: PresenceDelta) => {
    state.deltas++;
    if (early) early.push(d);
    else void apply(d);
  });
  socket.on('live:presence', () => state.fullLists++);
  return {
    state,
    async join(): Promise<PresenceList> {
      const ack = await emitAck<{ ok: boolean; data: PresenceList }>(socket, 'live:join', {
        classId,
        presence: 'delta',
      });
      take(ack.data);
      const pending = early ?? [];
      early = null;
      for (const d of pending) await apply(d);
      return ack.data;
    },
    ids: () => [...state.list.keys()].sort((x, y) => x - y),
  };
}
