import type { Redis } from 'ioredis';

/** One deadline for the whole shutdown: every step that waits on someone else waits at most until it. */
export interface Deadline {
  /** Epoch milliseconds. */
  readonly at: number;
  left(): number;
  /** The step's result, or 'timeout' once the deadline (or `at`, if earlier) has passed; the step is not cancelled. */
  race<T>(step: Promise<T>, at?: number): Promise<T | 'timeout'>;
}

export function deadlineIn(ms: number, now = Date.now()): Deadline {
  const at = now + ms;
  return {
    at,
    left: () => Math.max(0, at - Date.now()),
    async race<T>(step: Promise<T>, until = at): Promise<T | 'timeout'> {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'timeout'>(
        (resolve) => (timer = setTimeout(() => resolve('timeout'), Math.max(0, until - Date.now()))),
      );
      try {
        return await Promise.race([step, late]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** QUIT when Redis answers, a plain disconnect when it does not answer within `ms` (Redis down at shutdown). */
export async function quitRedis(client: Redis, ms: number): Promise<void> {
  const done = await deadlineIn(ms).race(client.quit().catch(() => 'failed' as const));
  if (done !== 'OK') client.disconnect();
}
