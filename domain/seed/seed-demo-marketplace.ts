import type { Ctx } from '../shared/context.ts';
import { buildContext } from '../shared/use-case.ts';
import { AppError } from '../shared/errors.ts';
import { availabilityRules } from '../marketplace/bookings/availability.schemas.ts';
import { saveRules } from '../marketplace/bookings/availability-store.ts';
import { bookSession } from '../marketplace/bookings/book-session.ts';
import { createGroupClass } from '../marketplace/group-classes/group-class-management.ts';
import { joinGroupClass } from '../marketplace/group-classes/group-classes.ts';
import { sql } from '../marketplace/marketplace-rows.ts';
import { createProgramme } from '../marketplace/programmes/programmes.ts';
import { trainerAvailability } from '../marketplace/bookings/trainer-availability.ts';
import { createService } from '../marketplace/trainer-portal/trainer-portal.ts';
import { DAY_MS, HOUR_MS, startOfLocalDay } from '../marketplace/wall-clock.ts';
import { localToInstants, wallClockAt } from '../marketplace/zoned-time.ts';
import { demoMarketplace, demoProgramme } from './demo-marketplace.data.ts';

/**
 * The demo trainers' marketplace, through the same domain functions the API uses, so the journey
 * (trainers → services → slots → book → my bookings) can be tried right after `npm start`. Idempotent
 * piece by piece, so running it again (every demo seed does) only tops up what is missing or past:
 * services and hours once per trainer, the next group class when none is ahead, the programme once, and
 * for the demo user one upcoming booking and one group class place.
 */
export async function seedDemoMarketplace(
  ctx: Ctx,
  trainers: ReadonlyArray<{ id: number; name: string }>,
  demoUserId: number | null,
): Promise<void> {
  const now = ctx.clock().getTime();
  for (const [i, spec] of demoMarketplace.entries()) {
    const trainer = trainers[i];
    if (!trainer) continue;
    const row = {
      id: trainer.id,
      user_id: null,
      name: trainer.name,
      bio: '',
      image_url: null,
      specialisations: [],
      is_active: true,
    };
    const [hasServices] = await sql(
      ctx,
      `select 1 from trainer_services where client_id = ? and trainer_id = ? limit 1`,
      [ctx.tenant.id, trainer.id],
    );
    if (!hasServices) for (const s of spec.services) await createService(ctx, row, s);
    const [hasHours] = await sql(ctx, `select 1 from trainer_availability where client_id = ? and trainer_id = ?`, [
      ctx.tenant.id,
      trainer.id,
    ]);
    if (!hasHours) await saveRules(ctx, trainer.id, availabilityRules.parse(spec.availability));
    for (const c of spec.groupClasses) {
      const [ahead] = await sql(
        ctx,
        `select 1 from group_classes where client_id = ? and trainer_id = ? and name = ? and status = 'scheduled' and starts_at > ?`,
        [ctx.tenant.id, trainer.id, c.name, new Date(now)],
      );
      if (ahead) continue;
      // `hour` on the trainer's own wall clock, `daysAhead` local days from today.
      const day = startOfLocalDay(wallClockAt(spec.availability.timeZone, now)) + c.daysAhead * DAY_MS;
      const [startsAt] = localToInstants(spec.availability.timeZone, day + c.hour * HOUR_MS);
      if (startsAt === undefined) continue;
      try {
        await createGroupClass(ctx, trainer.id, {
          name: c.name,
          description: c.description,
          startsAt: new Date(startsAt),
          duration: c.duration,
          capacity: c.capacity,
        });
      } catch (err) {
        if (!(err instanceof AppError && err.code === 'TIME_TAKEN')) throw err; // a booking holds that hour: skip this week
      }
    }
  }
  await seedProgramme(ctx, trainers);
  if (demoUserId !== null) await seedDemoUserPlans(ctx, trainers, demoUserId);
}

async function seedProgramme(ctx: Ctx, trainers: ReadonlyArray<{ id: number }>): Promise<void> {
  const trainer = trainers[demoProgramme.trainerIndex];
  if (!trainer) return;
  const [exists] = await sql(ctx, `select 1 from programmes where client_id = ? and trainer_id = ? and name = ?`, [
    ctx.tenant.id,
    trainer.id,
    demoProgramme.name,
  ]);
  if (!exists) await createProgramme(ctx, trainer.id, demoProgramme);
}

/** The demo user's upcoming 1-on-1 (the first free slot a day or more ahead) and a place in a group class. */
async function seedDemoUserPlans(ctx: Ctx, trainers: ReadonlyArray<{ id: number }>, userId: number): Promise<void> {
  const asUser = buildContext(ctx.em, {
    tenant: ctx.tenant,
    actor: { kind: 'user', userId, role: 'user' },
    clock: ctx.clock,
    transaction: ctx.em,
  });
  const now = ctx.clock();
  const [booked] = await sql(
    ctx,
    `select 1 from bookings where client_id = ? and user_id = ? and status = 'confirmed' and starts_at > ?`,
    [ctx.tenant.id, userId, now],
  );
  const coach = trainers[0];
  if (!booked && coach) {
    const from = new Date(now.getTime() + DAY_MS);
    const { service, slots } = await trainerAvailability(ctx, coach.id, {
      from,
      to: new Date(from.getTime() + 7 * DAY_MS),
    });
    const slot = slots[0];
    if (service && slot)
      await bookSession(asUser, coach.id, {
        serviceId: service.id,
        slotId: slot.id,
        notes: 'First session: squat technique',
      });
  }
  const [member] = await sql(
    ctx,
    `select 1 from group_class_members m join group_classes c on c.client_id = m.client_id and c.id = m.class_id
     where m.client_id = ? and m.user_id = ? and c.status = 'scheduled' and c.starts_at > ?`,
    [ctx.tenant.id, userId, now],
  );
  if (member) return;
  const [next] = await sql<{ id: number }>(
    ctx,
    `select id from group_classes where client_id = ? and status = 'scheduled' and starts_at > ? order by starts_at limit 1`,
    [ctx.tenant.id, new Date(now.getTime() + HOUR_MS)],
  );
  if (next) await joinGroupClass(asUser, Number(next.id));
}
