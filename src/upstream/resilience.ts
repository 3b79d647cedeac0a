import type { Redis } from 'ioredis';
import type { ProviderName } from '../domain/types';
import { Circuit, type CallVerdict, type CircuitPass, type CircuitStateName } from './circuit';
import { systemClock, type Clock } from './clock';
import { abortedByDeadline, remainingMs } from './deadline';
import {
  isUpstreamError,
  UpstreamError,
  UpstreamRateLimitedError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
} from './errors';
import { ConcurrencyLimit, OwnLimitExceeded, RequestRate } from './limits';

export { requestDeadline } from './deadline';
export type { CircuitStateName } from './circuit';
export type { Clock } from './clock';

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
  /** Time for the cooldown and the waits between tries; the system clock unless a test moves time by hand. */
  clock?: Clock;
}

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

type Attempt<T> = (signal: AbortSignal | undefined) => Promise<T>;

export function createUpstreamPolicy(options: ResilienceOptions): UpstreamPolicy {
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
    throw new Error(`${options.provider}: concurrency must be a positive integer`);
  }
  return new ResiliencePolicy(options);
}

/**
 * Retries are a small loop rather than cockatiel's retry policy: its backoff sleep ignores the
 * abort signal, and it cannot give up early when the next wait would end past the deadline.
 */
class ResiliencePolicy implements UpstreamPolicy {
  private readonly provider: ProviderName;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly clock: Clock;
  private readonly circuit: Circuit;
  private readonly slots: ConcurrencyLimit;
  private readonly rate: RequestRate;

  constructor(options: ResilienceOptions) {
    this.provider = options.provider;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULTS.maxAttempts);
    this.baseDelayMs = options.baseDelayMs ?? DEFAULTS.baseDelayMs;
    this.maxDelayMs = options.maxDelayMs ?? DEFAULTS.maxDelayMs;
    this.clock = options.clock ?? systemClock;
    this.circuit = new Circuit({
      failuresToOpen: options.breaker?.consecutiveFailures ?? DEFAULTS.consecutiveFailures,
      cooldownMs: options.breaker?.halfOpenAfterMs ?? DEFAULTS.halfOpenAfterMs,
      clock: this.clock,
    });
    this.slots = new ConcurrencyLimit(options.concurrency);
    this.rate = new RequestRate(options.provider, {
      requestsPerSecond: options.requestsPerSecond,
      requestsPerMinute: options.requestsPerMinute,
      redis: options.redis,
    });
  }

  state(): CircuitStateName {
    return this.circuit.state();
  }

  get inFlight(): number {
    return this.slots.inUse;
  }

  async execute<T>(endpoint: string, attempt: Attempt<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) {
      throw new UpstreamTimeoutError(`${this.provider} ${endpoint} not called: the request was over before it started`, {
        provider: this.provider,
        endpoint,
      });
    }
    for (let tries = 1; ; tries++) {
      let failure: UpstreamError;
      try {
        return await this.attemptOnce(endpoint, attempt, signal);
      } catch (error) {
        failure = this.retryableFailure(endpoint, error, tries, signal);
      }
      const waitMs = this.waitBeforeRetry(failure, tries, signal);
      if (waitMs === undefined) throw failure;
      try {
        await this.clock.sleep(waitMs, signal);
      } catch {
        throw this.deadlinePassed(endpoint, tries, failure, signal);
      }
    }
  }

  /** One try: a concurrency slot, a rate token, then the exchange, judged by the circuit. */
  private async attemptOnce<T>(endpoint: string, attempt: Attempt<T>, signal: AbortSignal | undefined): Promise<T> {
    // A refused call fails before queueing, so it waits for nothing.
    if (!this.circuit.accepts()) throw this.circuitOpen(endpoint);
    const release = await this.slots.acquire(signal);
    try {
      await this.rate.take(signal);
      const pass = this.circuit.enter();
      if (!pass) throw this.circuitOpen(endpoint);
      return await this.judged(pass, attempt, signal);
    } finally {
      release();
    }
  }

  private async judged<T>(pass: CircuitPass, attempt: Attempt<T>, signal: AbortSignal | undefined): Promise<T> {
    let verdict: CallVerdict = 'healthy';
    try {
      return await attempt(signal);
    } catch (error) {
      verdict = this.verdictOn(error, pass, signal);
      throw error;
    } finally {
      this.circuit.settle(pass, verdict);
    }
  }

  /** Only signs of a sick upstream count: retryable failures. A 404 or 403 is a healthy answer. */
  private verdictOn(error: unknown, pass: CircuitPass, signal: AbortSignal | undefined): CallVerdict {
    if (!isUpstreamError(error) || !error.retryable) return 'healthy';
    // A caller who went away says nothing about the upstream, except during the probe: closing
    // the circuit on no evidence would let the whole queue through to a possibly dead upstream.
    const cancelled = signal?.aborted === true && !abortedByDeadline(signal);
    return cancelled && !pass.probe ? 'healthy' : 'failed';
  }

  /** The failure to retry after, or throws what ends the call. */
  private retryableFailure(endpoint: string, error: unknown, tries: number, signal: AbortSignal | undefined): UpstreamError {
    if (error instanceof OwnLimitExceeded) throw this.ownLimitError(endpoint, error);
    if (!isUpstreamError(error) || !error.retryable || error instanceof UpstreamCircuitOpenError) throw error;
    // An exchange cut by the signal can surface as a connection failure (undici rejects with
    // the signal's reason, a TimeoutError for AbortSignal.timeout): report it as what it is.
    if (signal?.aborted) throw error instanceof UpstreamTimeoutError ? error : this.deadlinePassed(endpoint, tries, error, signal);
    if (tries >= this.maxAttempts) throw error;
    return error;
  }

  /** How long to wait before the next try, or undefined when it is not worth waiting for. */
  private waitBeforeRetry(failure: UpstreamError, tries: number, signal: AbortSignal | undefined): number | undefined {
    const retryAfterMs = failure instanceof UpstreamRateLimitedError ? failure.retryAfterMs : undefined;
    if (retryAfterMs !== undefined && retryAfterMs > this.maxDelayMs) return undefined;
    // Full jitter: a uniform wait below the exponential cap spreads retries from many callers.
    const waitMs = retryAfterMs ?? Math.random() * Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (tries - 1));
    return waitMs < remainingMs(signal) ? waitMs : undefined;
  }

  private circuitOpen(endpoint: string): UpstreamCircuitOpenError {
    return new UpstreamCircuitOpenError(`${this.provider} ${endpoint} not called: circuit open after repeated upstream failures`, {
      provider: this.provider,
      endpoint,
    });
  }

  private ownLimitError(endpoint: string, error: OwnLimitExceeded): UpstreamRateLimitedError {
    return new UpstreamRateLimitedError(
      `${this.provider} ${endpoint} not called: ${error.message} left no room before the request deadline`,
      { provider: this.provider, endpoint, retryAfterMs: error.retryAfterMs },
    );
  }

  private deadlinePassed(endpoint: string, tries: number, last: UpstreamError, signal: AbortSignal | undefined): UpstreamTimeoutError {
    const how = abortedByDeadline(signal) ? 'ran out of time at the request deadline' : 'was cancelled';
    return new UpstreamTimeoutError(`${this.provider} ${endpoint} ${how} after ${tries} attempt(s); last: ${last.message}`, {
      provider: this.provider,
      endpoint,
      status: last.status,
      upstreamType: last.upstreamType,
    });
  }
}
