/**
 * A tenant with a trainer who can be booked around the clock, for the booking benches (booking-contention,
 * booking-statements): the tenant (with `coach_connect` on), the trainer, a one-hour service, weekly rules with
 * every hour open, and the slots the API offers; `book(node, i, slotId)` sends user i's booking request.
 */
import { startNode, startPostgres, type AppNode, type PrivatePostgres } from './cluster.ts';
import { ownerSql, seedTenant, sql, type BenchTenant } from './seed.ts';

const day = [{ start: '00:00', end: '24:00' }];
const rules = {
  timeZone: 'UTC',
  weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
  slotStepMinutes: 60,
};

export interface BookableTrainer {
  tenant: BenchTenant;
  trainerId: number;
  serviceId: number;
  slots: Array<{ id: string }>;
  book(nodeUrl: string, user: number, slotId: string): Promise<Response>;
}

export async function seedBookableTrainer(dbUrl: string, nodeUrl: string, users: number): Promise<BookableTrainer> {
  const t = await seedTenant(dbUrl, users);
  await sql(
    dbUrl,
    `update clients set enabled_features = array(select distinct unnest(enabled_features || array['coach_connect'])) where id = ?`,
    [t.id],
  );
  const [trainer] = await sql<{ id: number }>(
    dbUrl,
    `insert into trainers (client_id, name) values (?, 'Bench coach') returning id`,
    [t.id],
  );
  const [service] = await sql<{ id: number }>(
    dbUrl,
    `insert into trainer_services (client_id, trainer_id, name, description, duration_minutes, price_minor, currency) values (?, ?, 'PT', 'One hour', 60, 5000, 'GBP') returning id`,
    [t.id, trainer!.id],
  );
  await sql(dbUrl, `insert into trainer_availability (client_id, trainer_id, rules) values (?, ?, ?::jsonb)`, [
    t.id,
    trainer!.id,
    JSON.stringify(rules),
  ]);
  const res = await fetch(`${nodeUrl}/api/v1/trainers/${trainer!.id}/availability?serviceId=${service!.id}`, {
    headers: { 'X-API-Key': t.apiKey },
  });
  if (res.status !== 200) throw new Error(`availability: ${res.status} ${await res.text()}`);
  const slots = ((await res.json()) as { data: { slots: Array<{ id: string }> } }).data.slots;
  return {
    tenant: t,
    trainerId: trainer!.id,
    serviceId: service!.id,
    slots,
    book: (url, user, slotId) =>
      fetch(`${url}/api/v1/trainers/${trainer!.id}/book`, {
        method: 'POST',
        headers: {
          'X-API-Key': t.apiKey,
          Authorization: `Bearer ${t.users[user % t.users.length]!.token}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ serviceId: service!.id, slotId }),
      }),
  };
}

/**
 * The booking benches' cluster: a private PostgreSQL with pg_stat_statements (its own `settings` added) and two
 * nodes on it with the client aggregate lifted, so 200 bookings a round are refused by the slot, not the quota.
 */
export async function bookingCluster(
  port: number,
  settings: Record<string, string> = {},
): Promise<{ pg: PrivatePostgres; nodes: AppNode[] }> {
  const pg = startPostgres(port, { shared_preload_libraries: 'pg_stat_statements', ...settings });
  const env = {
    DATABASE_URL: pg.url,
    JOBS_ENABLED: 'false',
    DATABASE_POOL_MAX: '10',
    RATE_LIMIT_CLIENT_PER_MINUTE: '100000000',
  };
  const nodes = [await startNode('A', env), await startNode('B', env)];
  await ownerSql(pg.url, 'create extension if not exists pg_stat_statements');
  return { pg, nodes };
}
