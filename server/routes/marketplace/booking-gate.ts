import { AppError } from '../../../domain/shared/errors.ts';
import type { Services } from '../../services.ts';

/** A booking transaction running on this node for a slot (the node's `bookingGates`, server/node-parts.ts). */
export interface BookingInFlight {
  done: Promise<unknown>;
  idempotencyKey: string | null;
}

/** What the database said about the booking ahead: the slot is now taken (booked, or refused as taken), or not known. */
async function outcomeOf(ahead: BookingInFlight): Promise<'taken' | 'unknown'> {
  try {
    await ahead.done;
    return 'taken';
  } catch (err) {
    return err instanceof AppError && err.code === 'SLOT_UNAVAILABLE' ? 'taken' : 'unknown';
  }
}

/**
 * Contention answered fast (issue 12): on one node, one booking transaction per slot at a time. Requests for a
 * slot that is already being booked here wait in memory, holding no database connection, for that booking's
 * answer. It is the database's answer: once that transaction has committed the slot (or been refused it as
 * taken), they are answered 409 SLOT_UNAVAILABLE at once; if it failed for another reason they go on to the
 * database themselves. Of 200 concurrent bookings across two nodes, two reach the database together instead of
 * each holding a pooled connection while it queues on the winner's row. A request that repeats the Idempotency-Key
 * of the one ahead always goes on to the database, where the stored answer is replayed to it.
 */
export async function throughBookingGate<T>(
  services: Services,
  slot: string,
  idempotencyKey: string | null,
  run: () => Promise<T>,
): Promise<T> {
  const gate = services.bookingGates;
  for (;;) {
    const ahead = gate.get(slot);
    if (!ahead) break;
    const outcome = await outcomeOf(ahead);
    const sameRequest = idempotencyKey !== null && idempotencyKey === ahead.idempotencyKey;
    if (outcome === 'taken' && !sameRequest)
      throw new AppError('conflict', 'SLOT_UNAVAILABLE', 'This slot has just been taken', { reason: 'busy' });
    if (sameRequest) return run();
  }
  const done = run();
  const entry: BookingInFlight = { done, idempotencyKey };
  gate.set(slot, entry);
  try {
    return await done;
  } finally {
    if (gate.get(slot) === entry) gate.delete(slot);
  }
}
