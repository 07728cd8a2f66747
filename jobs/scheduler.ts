import cron, { type ScheduledTask } from 'node-cron';
import type { Services } from '../server/services.ts';
import type { JobDefinition } from './job.ts';
import { allJobs } from './registry.ts';
import { runJobOnce } from './run-job.ts';

export interface Scheduler {
  /** Stops the cron timers and waits for a tick that is running to finish. */
  stop(): Promise<void>;
}

/**
 * Every node runs the same cron timers; `runJobOnce` makes sure only one of them does the work of a
 * given tick (advisory lock + unique tick claim). `noOverlap` keeps a slow run on this node from
 * stacking up behind itself.
 */
export function startScheduler(services: Services, jobs: JobDefinition<any>[] = allJobs): Scheduler {
  const inFlight = new Set<Promise<unknown>>();
  const tasks: ScheduledTask[] = jobs.map((job) =>
    cron.schedule(
      job.schedule,
      (context) => {
        const run = runJobOnce(services, job, context.date).catch((err: unknown) => {
          services.logger.error({ err, job: job.name }, 'job tick failed');
        });
        inFlight.add(run);
        return run.finally(() => inFlight.delete(run));
      },
      { name: `stvos:${job.name}`, noOverlap: true },
    ),
  );
  return {
    async stop() {
      for (const task of tasks) await task.destroy();
      await Promise.allSettled([...inFlight]);
    },
  };
}
