import { platformEm } from '../../server/db/orm.ts';
import type { RunningNode } from '../../server/node.ts';
import {
  availabilityRules,
  type AvailabilityRulesInput,
} from '../../domain/marketplace/bookings/availability.schemas.ts';
import { createUser } from './realtime.ts';
import type { TestTenant } from './tenant.ts';

/**
 * A registered trainer with one service and availability rules, written straight to the tables so the
 * booking tests do not depend on the trainer portal (which has its own tests).
 */
export async function createBookableTrainer(
  node: RunningNode,
  tenant: TestTenant,
  input: { rules?: AvailabilityRulesInput; duration?: number; price?: number } = {},
) {
  const trainer = await createUser(node, tenant, 'trainer');
  const trainerId = trainer.trainerId as number;
  const em = platformEm(node.services.orm);
  const [service] = (await em.execute(
    `insert into trainer_services (client_id, trainer_id, name, description, duration_minutes, price_minor, currency)
     values (?, ?, 'Personal training', 'One hour, one coach', ?, ?, 'GBP') returning id`,
    [tenant.id, trainerId, input.duration ?? 60, input.price ?? 5000],
  )) as Array<{ id: number }>;
  const rules = availabilityRules.parse(input.rules ?? allDayRules());
  await em.execute(`insert into trainer_availability (client_id, trainer_id, rules) values (?, ?, ?::jsonb)`, [
    tenant.id,
    trainerId,
    JSON.stringify(rules),
  ]);
  return { ...trainer, trainerId, serviceId: Number(service?.id) };
}

/** Open around the clock in UTC, hourly slots, no notice: every future whole hour is a slot. */
export function allDayRules(extra: Partial<AvailabilityRulesInput> = {}): AvailabilityRulesInput {
  const day = [{ start: '00:00', end: '24:00' }];
  return {
    timeZone: 'UTC',
    weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
    slotStepMinutes: 60,
    ...extra,
  };
}

/** A scheduled group class of the trainer, `hoursAhead` from now. */
export async function createGroupClassRow(
  node: RunningNode,
  tenant: TestTenant,
  trainerId: number,
  input: { capacity: number; hoursAhead?: number },
) {
  const em = platformEm(node.services.orm);
  const [row] = (await em.execute(
    `insert into group_classes (client_id, trainer_id, name, starts_at, duration_minutes, capacity)
     values (?, ?, 'HIIT', now() + make_interval(hours => ?), 45, ?) returning id`,
    [tenant.id, trainerId, input.hoursAhead ?? 48, input.capacity],
  )) as Array<{ id: number }>;
  return Number(row?.id);
}
