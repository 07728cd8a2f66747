import { MINUTE_MS } from '../wall-clock.ts';

/**
 * Slot ids are derived, not stored: `s_<trainerId>_<serviceId>_<start in epoch minutes>`. The same
 * slot always has the same id, and the booking endpoint can read the id back and recompute the slot
 * from current rules instead of trusting anything else the client sends. No tenant in the id: the
 * trainer is looked up inside the caller's tenant, so a foreign id simply finds no trainer.
 */
export interface SlotKey {
  trainerId: number;
  serviceId: number;
  start: Date;
}

const SLOT_ID_RE = /^s_([1-9]\d{0,14})_([1-9]\d{0,14})_(0|[1-9]\d{0,11})$/;

export function slotId(trainerId: number, serviceId: number, start: Date): string {
  const ms = start.getTime();
  if (!Number.isSafeInteger(trainerId) || trainerId < 1 || !Number.isSafeInteger(serviceId) || serviceId < 1) {
    throw new RangeError('slot ids need positive integer trainer and service ids');
  }
  if (!(ms >= 0) || ms % MINUTE_MS !== 0) throw new RangeError('a slot starts on a whole minute after 1970');
  return `s_${trainerId}_${serviceId}_${ms / MINUTE_MS}`;
}

/** The key inside a well-formed id, or null; only the canonical spelling parses, so ids compare as strings. */
export function parseSlotId(id: string): SlotKey | null {
  const m = SLOT_ID_RE.exec(id);
  if (!m) return null;
  const trainerId = Number(m[1]);
  const serviceId = Number(m[2]);
  const ms = Number(m[3]) * MINUTE_MS;
  if (!Number.isSafeInteger(trainerId) || !Number.isSafeInteger(serviceId) || ms > 8.64e15) return null;
  return { trainerId, serviceId, start: new Date(ms) };
}
