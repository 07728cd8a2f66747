import type { Services } from '../server/services.ts';

export interface Scheduler {
  stop(): Promise<void>;
}

// First cut: the node-cron scheduler with a Postgres advisory lock replaces this (issue 2, jobs part).
export function startScheduler(_services: Services): Scheduler {
  return { stop: async () => undefined };
}
