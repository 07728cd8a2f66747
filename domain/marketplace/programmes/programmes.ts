import { requireUser, type Ctx } from '../../shared/context.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { pageOf, pageRows, type PageQuery } from '../../shared/pagination.ts';
import { sql } from '../marketplace-rows.ts';
import {
  applyProgrammeCommand,
  allowedActions,
  subscribe,
  type ProgrammePlan,
  type ProgrammeSubscription,
} from './programme-state.ts';
import { formatLocalDate } from '../wall-clock.ts';
import { isValidTimeZone, wallClockAt } from '../zoned-time.ts';

/**
 * Programmes and subscriptions. The moves are the pure state machine of programme-state.ts; the write
 * is guarded by the status it was computed from (`where status = ?`), so of two concurrent moves one
 * wins and the other answers 409 rather than overwriting it.
 */

interface ProgrammeRow {
  id: number;
  trainer_id: number;
  name: string;
  description: string;
  weeks: ProgrammePlan['weeks'];
  price_minor: number;
  currency: string;
  is_active: boolean;
}

const PROGRAMME_COLUMNS = 'id, trainer_id, name, description, weeks, price_minor, currency, is_active';

export function presentProgramme(p: ProgrammeRow) {
  const sessions = p.weeks.reduce((n, w) => n + w.sessionDays.length, 0);
  return {
    id: p.id,
    trainerId: p.trainer_id,
    name: p.name,
    description: p.description,
    weeks: p.weeks.length,
    sessions,
    plan: p.weeks,
    price: p.price_minor,
    currency: p.currency,
    isActive: p.is_active,
  };
}

export interface NewProgramme {
  name: string;
  description?: string | undefined;
  weeks: ProgrammePlan['weeks'];
  price: number;
  currency: string;
}

export async function createProgramme(ctx: Ctx, trainerId: number, input: NewProgramme) {
  const [row] = await sql<ProgrammeRow>(
    ctx,
    `insert into programmes (client_id, trainer_id, name, description, weeks, price_minor, currency)
     values (?, ?, ?, ?, ?::jsonb, ?, ?) returning ${PROGRAMME_COLUMNS}`,
    [
      ctx.tenant.id,
      trainerId,
      input.name,
      input.description ?? '',
      JSON.stringify(input.weeks),
      input.price,
      input.currency,
    ],
  );
  if (!row) throw new Error('insert returned nothing');
  return presentProgramme(row);
}

export async function setProgrammeActive(ctx: Ctx, trainerId: number, programmeId: number, isActive: boolean) {
  const [row] = await sql<ProgrammeRow>(
    ctx,
    `update programmes set is_active = ? where client_id = ? and trainer_id = ? and id = ? returning ${PROGRAMME_COLUMNS}`,
    [isActive, ctx.tenant.id, trainerId, programmeId],
  );
  if (!row) throw notFound('Programme');
  return presentProgramme(row);
}

export async function trainerProgrammes(ctx: Ctx, trainerId: number, q: PageQuery) {
  const { rows, total } = await pageRows<ProgrammeRow & { subscribers: number }>(
    ctx.em,
    `select ${PROGRAMME_COLUMNS.split(', ')
      .map((c) => `p.${c}`)
      .join(', ')},
            (select count(*)::int from programme_subscriptions s where s.client_id = p.client_id and s.programme_id = p.id and s.status in ('active', 'paused')) as subscribers
     from programmes p where p.client_id = ? and p.trainer_id = ? order by p.id`,
    [ctx.tenant.id, trainerId],
    q,
  );
  return pageOf(
    rows.map((r) => ({ ...presentProgramme(r), subscribers: r.subscribers })),
    total,
    q,
  );
}

export async function findProgramme(ctx: Ctx, programmeId: number) {
  const [row] = await sql<ProgrammeRow>(
    ctx,
    `select ${PROGRAMME_COLUMNS} from programmes where client_id = ? and id = ?`,
    [ctx.tenant.id, programmeId],
  );
  if (!row) throw notFound('Programme');
  return row;
}

/** "Today" on the user's calendar: the profile's zone, else the client's, else UTC. */
async function userToday(ctx: Ctx, userId: number): Promise<string> {
  const [row] = await sql<{ user_tz: string | null; client_tz: string | null }>(
    ctx,
    `select u.profile ->> 'timezone' as user_tz, c.settings ->> 'timezone' as client_tz
     from users u join clients c on c.id = u.client_id where u.client_id = ? and u.id = ?`,
    [ctx.tenant.id, userId],
  );
  const zone =
    [row?.user_tz, row?.client_tz].find((z): z is string => typeof z === 'string' && isValidTimeZone(z)) ?? 'UTC';
  return formatLocalDate(wallClockAt(zone, ctx.clock().getTime()));
}

interface SubscriptionRow {
  id: number;
  programme_id: number;
  user_id: number;
  status: ProgrammeSubscription['status'];
  state: ProgrammeSubscription;
  created_at: Date;
}

function presentSubscription(s: SubscriptionRow) {
  return {
    id: s.id,
    programmeId: s.programme_id,
    userId: s.user_id,
    status: s.status,
    allowedActions: [...allowedActions(s.status)],
    pausedOn: s.state.pausedOn,
    pausedDays: s.state.pausedDays,
    sessions: s.state.sessions,
    createdAt: new Date(s.created_at).toISOString(),
  };
}

/** How far ahead a programme subscription may start. */
export const START_WINDOW_DAYS = 365;

export async function subscribeToProgramme(ctx: Ctx, programmeId: number, startDate: string | undefined) {
  const { userId } = requireUser(ctx);
  const programme = await findProgramme(ctx, programmeId);
  if (!programme.is_active)
    throw new AppError('rule', 'PROGRAMME_INACTIVE', 'This programme is not open for subscriptions');
  const today = await userToday(ctx, userId);
  const start = startDate ?? today;
  // A start is today or within a year: a far date (9999-12-20) would date sessions past year 9999 and a
  // later resume could not shift them.
  const latest = formatLocalDate(Date.parse(`${today}T00:00:00Z`) + START_WINDOW_DAYS * 86_400_000);
  if (start < today || start > latest) {
    throw new AppError('validation', 'VALIDATION_ERROR', `startDate must be between ${today} and ${latest}`, [
      {
        field: 'startDate',
        message: `must be between today (${today}) and ${START_WINDOW_DAYS} days ahead`,
        location: 'body',
      },
    ]);
  }
  const state = subscribe({ weeks: programme.weeks }, start);
  try {
    const [row] = await sql<SubscriptionRow>(
      ctx,
      `insert into programme_subscriptions (client_id, programme_id, user_id, status, state) values (?, ?, ?, ?, ?::jsonb)
       returning id, programme_id, user_id, status, state, created_at`,
      [ctx.tenant.id, programmeId, userId, state.status, JSON.stringify(state)],
    );
    if (!row) throw new Error('insert returned nothing');
    return presentSubscription(row);
  } catch (err) {
    if ((err as { code?: unknown }).code === '23505')
      throw new AppError('conflict', 'ALREADY_SUBSCRIBED', 'You already follow this programme');
    throw err;
  }
}

export async function mySubscriptions(ctx: Ctx, q: PageQuery) {
  const { rows, total } = await pageRows<SubscriptionRow>(
    ctx.em,
    `select id, programme_id, user_id, status, state, created_at from programme_subscriptions where client_id = ? and user_id = ? order by id desc`,
    [ctx.tenant.id, requireUser(ctx).userId],
    q,
  );
  return pageOf(rows.map(presentSubscription), total, q);
}

export async function moveSubscription(
  ctx: Ctx,
  subscriptionId: number,
  type: 'pause' | 'resume' | 'cancel' | 'complete_session',
  sessionKey?: string,
) {
  const { userId } = requireUser(ctx);
  const [current] = await sql<SubscriptionRow>(
    ctx,
    `select id, programme_id, user_id, status, state, created_at from programme_subscriptions where client_id = ? and id = ? and user_id = ?`,
    [ctx.tenant.id, subscriptionId, userId],
  );
  if (!current) throw notFound('Subscription');
  const today = await userToday(ctx, userId);
  const result = applyProgrammeCommand(
    current.state,
    type === 'complete_session' ? { type, today, sessionKey: sessionKey ?? '' } : { type, today },
  );
  if (!result.ok) {
    const kind = result.code === 'UNKNOWN_SESSION' ? 'not_found' : 'rule';
    throw new AppError(kind, result.code, result.message, { from: result.from, action: result.action });
  }
  const [row] = await sql<SubscriptionRow>(
    ctx,
    `update programme_subscriptions set status = ?, state = ?::jsonb, updated_at = now()
     where client_id = ? and id = ? and status = ? and state = ?::jsonb returning id, programme_id, user_id, status, state, created_at`,
    [
      result.subscription.status,
      JSON.stringify(result.subscription),
      ctx.tenant.id,
      subscriptionId,
      current.status,
      JSON.stringify(current.state),
    ],
  );
  if (!row) throw new AppError('conflict', 'CONCURRENT_CHANGE', 'The subscription changed meanwhile; reload and retry');
  return presentSubscription(row);
}
