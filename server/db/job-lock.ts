import pg from 'pg';

/** Advisory-lock namespace for jobs ('ST'), so job locks never clash with other advisory locks. */
const JOB_LOCK_CLASS = 0x5354;

export interface JobLock {
  release(): Promise<void>;
}

/**
 * A session-level advisory lock on a dedicated connection, held for the whole run: while one node
 * runs a job, the others skip it, even for a later tick of a slow run. If the node dies, Postgres
 * drops the connection and the lock with it. Not a pool connection, because a pooled one could be
 * handed to other work (and keep the lock) while the job is still running.
 *
 * On the embedded database every connection shares one backend session, where advisory locks are
 * re-entrant: there the lock does not exclude, but there is also only one process (the data
 * directory is locked), and the unique (job, tick) claim in job_runs still admits one run per tick.
 */
export async function tryJobLock(databaseUrl: string, job: string): Promise<JobLock | null> {
  const conn = new pg.Client({ connectionString: databaseUrl, application_name: `stvos-job:${job}` });
  await conn.connect();
  try {
    const { rows } = await conn.query<{ locked: boolean }>('select pg_try_advisory_lock($1, hashtext($2)) as locked', [
      JOB_LOCK_CLASS,
      job,
    ]);
    if (!rows[0]?.locked) {
      await conn.end();
      return null;
    }
  } catch (err) {
    await conn.end().catch(() => undefined);
    throw err;
  }
  return {
    async release() {
      try {
        await conn.query('select pg_advisory_unlock($1, hashtext($2))', [JOB_LOCK_CLASS, job]);
      } finally {
        await conn.end().catch(() => undefined);
      }
    },
  };
}
