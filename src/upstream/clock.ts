/**
 * Where the resilience policy reads the time and waits: the breaker's cooldown, the backoff and
 * Retry-After waits, and the waits for a rate token. Injected so tests can move time by hand
 * instead of sleeping; the request deadline itself stays real time (an AbortSignal).
 */
export interface Clock {
  /** Milliseconds on a monotonic scale: only differences between readings mean anything. */
  now(): number;
  /** Wait `ms`, or reject with the signal's reason as soon as it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      // A timer waits 1 ms at least: a shorter wait (a rate of thousands a second) ends at the next
      // turn of the event loop instead, so a burst is not stretched to a millisecond a call.
      if (ms < 1) {
        setImmediate(resolve);
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};
