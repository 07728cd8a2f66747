/**
 * A read of a shared store repeated every `everyMs`, one at a time (a slow or failing store never queues reads),
 * that says whether the last successful read started less than `trustMs` ago. The per-node caches that are
 * emptied by a published message and poll a shared counter to catch a lost one (server/auth-cache.ts,
 * domain/content/discover-cache.ts) serve from memory only while this says so.
 */
export interface TrustedPoll {
  /** Whether a read that succeeded started within `trustMs` before `at`. */
  trusted(at: number): boolean;
  stop(): void;
}

export function startTrustedPoll(
  read: () => Promise<void>,
  opts: { everyMs: number; trustMs: number; now: () => number; onError?: (err: unknown) => void },
): TrustedPoll {
  let trustedUntil = 0;
  let reading = false;
  const tick = () => {
    if (reading) return;
    reading = true;
    const asked = opts.now();
    read()
      .then(
        () => void (trustedUntil = asked + opts.trustMs),
        (err: unknown) => opts.onError?.(err),
      )
      .finally(() => (reading = false));
  };
  const timer = setInterval(tick, opts.everyMs);
  timer.unref();
  tick();
  return { trusted: (at) => at < trustedUntil, stop: () => clearInterval(timer) };
}
