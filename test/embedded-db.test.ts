import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../server/db/embedded.ts';

/**
 * The embedded database is one PGlite session shared by every pooled connection. Concurrent extended-protocol
 * queries and transactions from different connections must not interleave (see server/db/pglite-server.ts).
 */
let dir: string;
let db: EmbeddedPostgres;
let pool: pg.Pool;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stvos-embedded-'));
  db = await startEmbeddedPostgres(join(dir, 'pglite'));
  pool = new pg.Pool({ connectionString: db.url, max: 8 });
  await pool.query('create table counters (id int primary key, n int not null)');
  await pool.query('insert into counters values (1, 0)');
});
afterAll(async () => {
  await pool.end();
  await db.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('embedded PostgreSQL over several connections', () => {
  it('answers each of 400 concurrent parameterised queries with its own parameters', async () => {
    // Statements of different shapes, so a Bind that reached another connection's Parse would show.
    const answers = await Promise.all(
      Array.from({ length: 400 }, (_, i) =>
        i % 2
          ? pool.query('select $1::int as v, $2::text as s', [i, `q${i}`])
          : pool.query(`select $2::text as s, $1::int as v, ${i} as tag`, [i, `q${i}`]),
      ),
    );
    answers.forEach((r, i) => expect(r.rows[0]).toMatchObject({ v: i, s: `q${i}` }));
  });

  it('keeps concurrent transactions whole: no lost updates, rollbacks leave nothing', async () => {
    const work = Array.from({ length: 40 }, async (_, i) => {
      const c = await pool.connect();
      try {
        await c.query('begin');
        const { rows } = await c.query<{ n: number }>('select n from counters where id = $1', [1]);
        await new Promise((r) => setTimeout(r, 1));
        await c.query('update counters set n = $1 where id = $2', [rows[0]!.n + 1, 1]);
        await c.query(i % 4 === 0 ? 'rollback' : 'commit');
      } finally {
        c.release();
      }
    });
    await Promise.all(work);
    expect((await pool.query('select n from counters where id = 1')).rows[0].n).toBe(30);
  });

  it('rolls back the transaction of a connection that dies inside it, and serves the others', async () => {
    const dying = new pg.Client({ connectionString: db.url });
    dying.on('error', () => undefined); // its connection is cut on purpose
    await dying.connect();
    await dying.query('begin');
    await dying.query('update counters set n = -1 where id = 1');
    const waiting = pool.query('select n from counters where id = 1');
    (dying as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    expect((await waiting).rows[0].n).toBe(30);
  });
});
