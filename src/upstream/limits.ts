import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, RLWrapperTimeouts } from 'rate-limiter-flexible';
import { systemClock } from './clock';
import { remainingMs } from './deadline';

/** Why a call could not get past our own limits in time. */
export class OwnLimitExceeded extends Error {
  constructor(
    readonly limit: 'concurrency' | 'rate',
    /** When a rate token frees up, if known. */
    readonly retryAfterMs: number | undefined,
  ) {
    super(limit === 'rate' ? 'our own request-rate limit' : 'our own concurrency limit');
    this.name = 'OwnLimitExceeded';
  }
}

/**
 * A FIFO semaphore whose waiters leave the queue the moment their signal aborts.
 * Hand-written because cockatiel's bulkhead does not do that: in 3.2.1 (installed) an aborted
 * waiter stays queued and, once dequeued, rejects without handing its slot on, so the calls
 * behind it stall until some unrelated call finishes; 4.0 skips it when its turn comes, but still
 * leaves its caller waiting until then instead of failing at once.
 */
export class ConcurrencyLimit {
  private active = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(readonly capacity: number) {}

  get inUse(): number {
    return this.active;
  }

  /** Resolves with the slot's release function, or rejects with OwnLimitExceeded when `signal` aborts first. */
  async acquire(signal: AbortSignal | undefined): Promise<() => void> {
    if (signal?.aborted) throw new OwnLimitExceeded('concurrency', undefined);
    if (this.active < this.capacity && this.waiters.length === 0) {
      this.active += 1;
      return this.releaser();
    }
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const index = this.waiters.indexOf(wake);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(new OwnLimitExceeded('concurrency', undefined));
      };
      const wake = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      this.waiters.push(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    return this.releaser();
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      // The slot passes straight to the next waiter, so `active` stays the same.
      if (next) next();
      else this.active -= 1;
    };
  }
}

export interface RateOptions {
  requestsPerSecond?: number;
  requestsPerMinute?: number;
}

interface RateWindow {
  points: number;
  durationSeconds: number;
}

/**
 * rate-limiter-flexible counts in fixed windows of whole seconds (its Redis store cannot expire
 * sooner), so the rate becomes the shortest whole-second window that keeps it exact:
 * 15/s → 15 per 1 s, 600/min → 10 per 1 s, 90/min → 3 per 2 s. Short windows keep bursts small;
 * the concurrency cap bounds the burst at a window boundary further.
 */
export function rateWindow({ requestsPerSecond, requestsPerMinute }: RateOptions): RateWindow {
  if ((requestsPerSecond === undefined) === (requestsPerMinute === undefined)) {
    throw new Error('give exactly one of requestsPerSecond and requestsPerMinute');
  }
  const perMinute = Math.round(requestsPerMinute ?? (requestsPerSecond ?? 0) * 60);
  if (!(perMinute >= 1)) throw new Error('the request rate must be at least 1 per minute');
  const durationSeconds = 60 / greatestCommonDivisor(perMinute, 60);
  return { points: (perMinute * durationSeconds) / 60, durationSeconds };
}

function greatestCommonDivisor(a: number, b: number): number {
  return b === 0 ? a : greatestCommonDivisor(b, a % b);
}

/** Longest we wait for Redis before counting in memory instead. */
const REDIS_TIMEOUT_MS = 250;

/**
 * The provider's request rate. With Redis the count is shared by every replica (the upstream
 * limits the API key, not our process); when Redis is down or slow the in-memory limiter counts
 * instead, so a Redis outage costs accuracy, never requests.
 */
export class RequestRate {
  private readonly limiter: Pick<RateLimiterMemory, 'consume'>;

  constructor(
    private readonly key: string,
    options: RateOptions & { redis?: Redis | undefined },
  ) {
    const { points, durationSeconds } = rateWindow(options);
    const memory = new RateLimiterMemory({ points, duration: durationSeconds, keyPrefix: 'upstream-rate' });
    this.limiter = options.redis
      ? new RLWrapperTimeouts({
          limiter: new RateLimiterRedis({
            storeClient: options.redis,
            points,
            duration: durationSeconds,
            keyPrefix: 'instagraph:upstream-rate',
            rejectIfRedisNotReady: true,
          }),
          timeoutMs: REDIS_TIMEOUT_MS,
          insuranceLimiter: memory,
        })
      : memory;
  }

  /**
   * Take one token, waiting for the next window when this one is spent. Rejects with
   * OwnLimitExceeded when the wait would outlast the signal's deadline or the signal aborts.
   */
  async take(signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      let waitMs: number;
      try {
        await this.limiter.consume(this.key);
        return;
      } catch (rejection) {
        // Only a spent window rejects with RateLimiterRes; anything else is the store failing
        // past its insurance, and a broken counter must not stop traffic.
        if (!(rejection instanceof RateLimiterRes)) return;
        waitMs = Math.max(rejection.msBeforeNext, 1);
      }
      if (waitMs >= remainingMs(signal)) throw new OwnLimitExceeded('rate', waitMs);
      try {
        await systemClock.sleep(waitMs, signal);
      } catch {
        throw new OwnLimitExceeded('rate', undefined);
      }
    }
  }
}
