/** Tenants, users and tokens straight in a bench database (after a node has applied the migrations). */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openOrm, platformEm } from '../../server/db/orm.ts';
import { createClient } from '../../domain/tenancy/create-client.ts';
import { signAccessToken } from '../../domain/auth/tokens.ts';
import { BENCH_SECRET } from './cluster.ts';

export const tokenSettings = {
  accessSecret: new TextEncoder().encode(BENCH_SECRET),
  issuer: 'stvos',
  audience: 'stvos-api',
  accessTtlSeconds: 7200,
  refreshTtlSeconds: 7200,
};

export interface BenchTenant {
  id: number;
  slug: string;
  apiKey: string;
  users: Array<{ id: number; token: string }>;
}

export async function seedTenant(
  dbUrl: string,
  users: number,
  role: 'user' | 'trainer' = 'user',
): Promise<BenchTenant> {
  const orm = await openOrm(dbUrl, 2);
  try {
    const slug = `bench-${randomBytes(4).toString('hex')}`;
    const { client, key } = await createClient(platformEm(orm), { slug, name: slug });
    const rows: Array<{ id: number }> = await platformEm(orm).execute(
      `insert into users (client_id, email, password_hash, name, role) select ?, 'u' || g || '@' || ? || '.bench', 'x', 'User ' || g, ? from generate_series(1, ?) g returning id`,
      [client.id, slug, role, users],
    );
    const out = await Promise.all(
      rows.map(async (r) => ({
        id: r.id,
        token: await signAccessToken(tokenSettings as never, { typ: 'user', sub: r.id, cid: client.id, role }),
      })),
    );
    return { id: client.id, slug, apiKey: key.key, users: out };
  } finally {
    await orm.close(true);
  }
}

/** Runs SQL on the bench database (live classes, sessions, trainers...). */
export async function sql<T = Record<string, unknown>>(
  dbUrl: string,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const orm = await openOrm(dbUrl, 1);
  try {
    return await platformEm(orm).execute(text, params);
  } finally {
    await orm.close(true);
  }
}

/**
 * Runs SQL as the login role (the schema owner), not through the application's pool: extensions, server statistics
 * and maintenance, which `stvos_app` (the role the application queries as, under row-level security) may not do.
 */
export async function ownerSql<T = Record<string, unknown>>(dbUrl: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The same server's `postgres` database: where a bench's own database is created and dropped. */
export const serverDatabase = (dbUrl: string) => Object.assign(new URL(dbUrl), { pathname: '/postgres' }).toString();

export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
