import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, circuitBreaker, handleAll } from 'cockatiel';
import type { Redis } from 'ioredis';
import type { ProviderName } from '../domain/types';
import { abortedByDeadline, remainingMs, sleep } from './deadline';
import {
  isUpstreamError,
  UpstreamError,
  UpstreamRateLimitedError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
} from './errors';
import { ConcurrencyLimit, OwnLimitExceeded, RequestRate } from './limits';

export { requestDeadline } from './deadline';

export interface ResilienceOptions {
  provider: ProviderName;
  /** Most exchanges in flight at once for this provider. */
  concurrency: number;
  /** The provider's request rate: give exactly one of these two. */
  requestsPerSecond?: number;
  requestsPerMinute?: number;
  /** Tries per call, the first included. Default 3. */
  maxAttempts?: number;
  /** Backoff cap before the first retry; it doubles per retry, with full jitter. Default 200. */
  baseDelayMs?: number;
  /** Longest wait between tries; a Retry-After beyond this is not waited for. Default 5_000. */
  maxDelayMs?: number;
  breaker?: {
    /** Consecutive retryable failures that open the circuit. Default 5. */
    consecutiveFailures?: number;
    /** How long the circuit stays open before one probe may pass. Default 10_000. */
    halfOpenAfterMs?: number;
  };
  /** Shares the request rate across replicas; without it each process counts alone. */
  redis?: Redis;
}

export type CircuitStateName = 'closed' | 'open' | 'half-open';

export interface UpstreamPolicy {
  /**
   * Run `attempt` until it succeeds, a non-retryable error comes back, the tries run out or the
   * deadline passes; every try waits for a concurrency slot and a rate token, and passes the
   * circuit breaker. `signal` is the request deadline (ideally from `requestDeadline`, whose end
   * time lets the policy skip waits that could not finish in time) combined with cancellation.
   * Throws a typed UpstreamError: the last upstream failure, UpstreamTimeoutError when the
   * deadline passed, UpstreamRateLimitedError when our own limits held the call past its deadline,
   * UpstreamUnavailableError when the circuit is open.
   */
  execute<T>(endpoint: string, attempt: (signal: AbortSignal | undefined) => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** 'half-open' once the cooldown has passed and the next call will be the probe. */
  state(): CircuitStateName;
  /** Tries holding a concurrency slot right now. */
  readonly inFlight: number;
}

const DEFAULTS = {
  maxAttempts: 3,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  consecutiveFailures: 5,
  halfOpenAfterMs: 10_000,
};

/** UPSTREAM_UNAVAILABLE without calling the upstream: the provider's circuit is open. */
export class UpstreamCircuitOpenError extends UpstreamUnavailableError {}

/** A failure the breaker did not count, carried past it as a value and rethrown after. */
class Uncounted {
  constructor(readonly error: unknown) {}
}

export function createUpstreamPolicy(options: ResilienceOptions): UpstreamPolicy {
  const { provider } = options;
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
    throw new Error(`${provider}: concurrency must be a positive integer`);
  }
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULTS.maxAttempts);
  const baseDelayMs = options.baseDelayMs ?? DEFAULTS.baseDelayMs;
  const maxDelayMs = options.maxDelayMs ?? DEFAULTS.maxDelayMs;
  const halfOpenAfterMs = options.breaker?.halfOpenAfterMs ?? DEFAULTS.halfOpenAfterMs;

  const slots = new ConcurrencyLimit(options.concurrency);
  const rate = new RequestRate(provider, {
    requestsPerSecond: options.requestsPerSecond,
    requestsPerMinute: options.requestsPerMinute,
    redis: options.redis,
  });
  const breaker = circuitBreaker(handleAll, {
    halfOpenAfter: halfOpenAfterMs,
    breaker: new ConsecutiveBreaker(options.breaker?.consecutiveFailures ?? DEFAULTS.consecutiveFailures),
  });
  // cockatiel stays Open until a call arrives after the cooldown; knowing when it opened lets us
  // fail fast before queueing and report 'half-open' once a probe is allowed.
  let openedAt = 0;
  breaker.onBreak(() => {
    openedAt = Date.now();
  });

  const state = (): CircuitStateName => {
    switch (breaker.state) {
      case CircuitState.Closed:
        return 'closed';
      case CircuitState.HalfOpen:
        return 'half-open';
      case CircuitState.Open:
        return Date.now() - openedAt >= halfOpenAfterMs ? 'half-open' : 'open';
      case CircuitState.Isolated:
        return 'open';
    }
  };

  const circuitOpen = (endpoint: string) =>
    new UpstreamCircuitOpenError(`${provider} ${endpoint} not called: circuit open after repeated upstream failures`, {
      provider,
      endpoint,
    });

  /** Only signs of a sick upstream count: retryable failures. A 404 or 403 is a healthy answer. */
  const countsAgainstBreaker = (error: unknown, signal: AbortSignal | undefined): boolean => {
    if (!isUpstreamError(error) || !error.retryable) return false;
    // A caller who went away says nothing about the upstream, except during the probe: closing
    // the circuit on no evidence would let the whole queue through to a possibly dead upstream.
    const cancelled = signal?.aborted === true && !abortedByDeadline(signal);
    return !cancelled || breaker.state === CircuitState.HalfOpen;
  };

  const attemptOnce = async <T>(
    endpoint: string,
    attempt: (signal: AbortSignal | undefined) => Promise<T>,
    signal: AbortSignal | undefined,
  ): Promise<T> => {
    // An in-flight probe (HalfOpen) also fails fast: one probe at a time reaches the upstream.
    if (state() === 'open' || breaker.state === CircuitState.HalfOpen) throw circuitOpen(endpoint);
    const release = await slots.acquire(signal);
    try {
      await rate.take(signal);
      const outcome = await breaker.execute(async () => {
        try {
          return await attempt(signal);
        } catch (error) {
          if (countsAgainstBreaker(error, signal)) throw error;
          return new Uncounted(error);
        }
      });
      if (outcome instanceof Uncounted) throw outcome.error;
      return outcome;
    } catch (error) {
      if (error instanceof BrokenCircuitError) throw circuitOpen(endpoint);
      throw error;
    } finally {
      release();
    }
  };

  const ownLimitError = (endpoint: string, error: OwnLimitExceeded) =>
    new UpstreamRateLimitedError(`${provider} ${endpoint} not called: ${error.message} left no room before the request deadline`, {
      provider,
      endpoint,
      retryAfterMs: error.retryAfterMs,
    });

  const deadlinePassed = (endpoint: string, tries: number, last: UpstreamError, signal: AbortSignal | undefined) =>
    new UpstreamTimeoutError(
      `${provider} ${endpoint} ${abortedByDeadline(signal) ? 'ran out of time at the request deadline' : 'was cancelled'} after ${tries} attempt(s); last: ${last.message}`,
      { provider, endpoint, status: last.status, upstreamType: last.upstreamType },
    );

  /** Full jitter: a uniform wait below the exponential cap spreads retries from many callers. */
  const backoffMs = (retry: number) => Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1));

  // Retries are a small loop rather than cockatiel's retry policy: its backoff sleep ignores the
  // abort signal, and it cannot give up early when the next wait would end past the deadline.
  const execute = async <T>(
    endpoint: string,
    attempt: (signal: AbortSignal | undefined) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> => {
    if (signal?.aborted) {
      throw new UpstreamTimeoutError(`${provider} ${endpoint} not called: the request was over before it started`, { provider, endpoint });
    }
    for (let tries = 1; ; tries++) {
      let failure: UpstreamError;
      try {
        return await attemptOnce(endpoint, attempt, signal);
      } catch (error) {
        if (error instanceof OwnLimitExceeded) throw ownLimitError(endpoint, error);
        if (!isUpstreamError(error) || !error.retryable || error instanceof UpstreamCircuitOpenError) throw error;
        // An exchange cut by the signal can surface as a connection failure (undici rejects with
        // the signal's reason, a TimeoutError for AbortSignal.timeout): report it as what it is.
        if (signal?.aborted) throw error instanceof UpstreamTimeoutError ? error : deadlinePassed(endpoint, tries, error, signal);
        if (tries >= maxAttempts) throw error;
        failure = error;
      }
      const retryAfterMs = failure instanceof UpstreamRateLimitedError ? failure.retryAfterMs : undefined;
      if (retryAfterMs !== undefined && retryAfterMs > maxDelayMs) throw failure;
      const waitMs = retryAfterMs ?? backoffMs(tries);
      if (waitMs >= remainingMs(signal)) throw failure;
      try {
        await sleep(waitMs, signal);
      } catch {
        throw deadlinePassed(endpoint, tries, failure, signal);
      }
    }
  };

  return {
    execute,
    state,
    get inFlight() {
      return slots.inUse;
    },
  };
}
