/**
 * LiveKit room and participant names. A room names its tenant and class, so a webhook (which carries only
 * LiveKit's names) finds its tenant; a participant's identity names the user. Other rooms (1-on-1 launches)
 * use other prefixes and are ignored by live-class presence.
 */
export const liveRoomName = (clientId: number, classId: number) => `live-${clientId}-${classId}`;

export function parseLiveRoom(name: string | null): { clientId: number; classId: number } | null {
  const m = /^live-(\d{1,10})-(\d{1,10})$/.exec(name ?? '');
  return m ? { clientId: Number(m[1]), classId: Number(m[2]) } : null;
}

export const participantIdentity = (userId: number) => `user-${userId}`;

export function parseIdentity(identity: string | undefined): number | null {
  const m = /^user-(\d{1,10})$/.exec(identity ?? '');
  return m ? Number(m[1]) : null;
}
