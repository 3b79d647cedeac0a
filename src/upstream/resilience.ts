import type { Redis } from 'ioredis';
import type { ProviderName } from '../domain/types';
import { Circuit, type CallVerdict, type CircuitPass, type CircuitStateName } from './circuit';
import { systemClock, type Clock } from './clock';
import { abortedByDeadline, remainingMs } from './deadline';
import {
  isUpstreamError,
  UpstreamCircuitOpenError,
  UpstreamError,
  type UpstreamErrorCode,
  UpstreamRateLimitedError,
  UpstreamTimeoutError,
} from './errors';
import { FairQueue, type OwnLimit, OwnLimitExceeded } from './limits';
import { RequestRate } from './rate';

export { requestDeadline } from './deadline';
export type { CircuitStateName } from './circuit';
export type { Clock } from './clock';

export interface ResilienceOptions {
  provider: ProviderName;
  /** Most exchanges in flight at once for this provider. */
  concurrency: number;
  /**
   * The provider's request rate: give exactly one of these two. Calls start evenly spaced, so at
   * most this many start in any second (or minute), wherever the window falls.
   */
  requestsPerSecond?: number;
  requestsPerMinute?: number;
  /** Tries per call, the first included. Default 3. */
  maxAttempts?: number;
  /** Backoff cap before the first retry; it doubles per retry, with full jitter. Default 200. */
  baseDelayMs?: number;
  /** Longest wait between tries; a Retry-After beyond this is not waited for. Default 5_000. */
  maxDelayMs?: number;
  breaker?: {
    /** Consecutive failures of the upstream's own (5xx, 429, connection, undici timeout) that open the circuit. Default 5. */
    consecutiveFailures?: number;
    /** How long the circuit stays open before one probe may pass. Default 10_000. */
    halfOpenAfterMs?: number;
  };
  /**
   * A try is not started (no rate token, no exchange) when less than this is left before the
   * request deadline: an exchange cut short costs money and answers nothing. Default 250.
   */
  minCallBudgetMs?: number;
  /** Shares the request rate across replicas; without it each process counts alone. */
  redis?: Redis;
  /** Time for the cooldown and every wait of ours; the system clock unless a test moves time by hand. */
  clock?: Clock;
  // Observers for metrics and logs; each is optional and must not throw.
  /** A try failed and another follows after a wait. */
  onRetry?: (event: RetryEvent) => void;
  /** A try got its slot and rate token after waiting `waitedMs` in the queue (0 when it did not wait). */
  onWait?: (event: { client: string | undefined; waitedMs: number }) => void;
  /** A try was not sent: the circuit was open, our own limits held it too long, or too little time was left. */
  onRefused?: (event: { endpoint: string; client: string | undefined; reason: RefusalReason }) => void;
  /** The circuit moved to `state`. */
  onStateChange?: (state: CircuitStateName) => void;
}

/** A try failed and the call tries again after `delayMs`. */
export interface RetryEvent {
  endpoint: string;
  /** The try that failed, from 1. */
  attempt: number;
  reason: UpstreamErrorCode;
  status: number | undefined;
  delayMs: number;
}

/** Why a call did not reach the upstream: the open circuit, one of our own limits, or too little time left. */
export type RefusalReason = 'circuit-open' | OwnLimit | 'call-budget';

/** Who a call is for. Waiting calls are served round-robin across clients. */
export interface UpstreamClient {
  readonly name: string;
  /** Most of this client's calls in flight at once for this provider (a positive integer); unlimited when omitted. */
  readonly concurrency?: number | undefined;
}

export interface CallOptions {
  /**
   * The request deadline (ideally from `requestDeadline`, whose end time lets the policy skip
   * waits that could not finish in time) combined with cancellation.
   */
  signal?: AbortSignal | undefined;
  /** Undefined for anonymous calls, which share one turn as one client. */
  client?: UpstreamClient | undefined;
}

export interface UpstreamPolicy {
  /**
   * Run `attempt` until it succeeds, a non-retryable error comes back, the tries run out or the
   * deadline nears; every try waits its client's turn for a concurrency slot and a rate token,
   * and passes the circuit breaker, which counts only the upstream's own failures.
   * Throws a typed UpstreamError: the last upstream failure, UpstreamTimeoutError when the
   * deadline passed or too little of it was left to start, UpstreamRateLimitedError when our own
   * limits held the call until then, UpstreamUnavailableError when the circuit is open.
   */
  execute<T>(endpoint: string, attempt: Attempt<T>, options?: CallOptions): Promise<T>;
  /** 'half-open' once the cooldown has passed and the next call will be the probe. */
  state(): CircuitStateName;
  /** Tries holding a concurrency slot right now. */
  readonly inFlight: number;
}

const DEFAULTS = {
  minCallBudgetMs: 250,
  maxAttempts: 3,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  consecutiveFailures: 5,
  halfOpenAfterMs: 10_000,
};

/** One exchange with the upstream; `signal` is the call's own. */
export type Attempt<T> = (signal: AbortSignal | undefined) => Promise<T>;

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
  private readonly minCallBudgetMs: number;
  private readonly clock: Clock;
  private readonly circuit: Circuit;
  private readonly queue: FairQueue;

  constructor(private readonly options: ResilienceOptions) {
    this.provider = options.provider;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULTS.maxAttempts);
    this.baseDelayMs = options.baseDelayMs ?? DEFAULTS.baseDelayMs;
    this.maxDelayMs = options.maxDelayMs ?? DEFAULTS.maxDelayMs;
    this.minCallBudgetMs = options.minCallBudgetMs ?? DEFAULTS.minCallBudgetMs;
    this.clock = options.clock ?? systemClock;
    this.circuit = new Circuit({
      failuresToOpen: options.breaker?.consecutiveFailures ?? DEFAULTS.consecutiveFailures,
      cooldownMs: options.breaker?.halfOpenAfterMs ?? DEFAULTS.halfOpenAfterMs,
      clock: this.clock,
      onStateChange: options.onStateChange,
    });
    const rate = new RequestRate(options.provider, {
      requestsPerSecond: options.requestsPerSecond,
      requestsPerMinute: options.requestsPerMinute,
      redis: options.redis,
      clock: this.clock,
    });
    this.queue = new FairQueue({
      capacity: options.concurrency,
      rate,
      clock: this.clock,
      minCallBudgetMs: this.minCallBudgetMs,
      onWait: options.onWait,
    });
  }

  state(): CircuitStateName {
    return this.circuit.state();
  }

  get inFlight(): number {
    return this.queue.inUse;
  }

  async execute<T>(endpoint: string, attempt: Attempt<T>, call: CallOptions = {}): Promise<T> {
    const { signal } = call;
    if (signal?.aborted) {
      throw new UpstreamTimeoutError(`${this.provider} ${endpoint} not called: the request was over before it started`, {
        provider: this.provider,
        endpoint,
      });
    }
    for (let tries = 1; ; tries++) {
      let failure: UpstreamError;
      try {
        return await this.attemptOnce(endpoint, attempt, call);
      } catch (error) {
        failure = this.retryableFailure(endpoint, error, tries, call);
      }
      const delayMs = this.waitBeforeRetry(failure, tries, signal);
      if (delayMs === undefined) throw failure;
      this.options.onRetry?.({ endpoint, attempt: tries, reason: failure.code, status: failure.status, delayMs });
      try {
        await this.clock.sleep(delayMs, signal);
      } catch {
        throw this.deadlinePassed(endpoint, tries, failure, signal);
      }
    }
  }

  /** One try: a turn in the queue (slot and rate token), then the exchange, judged by the circuit. */
  private async attemptOnce<T>(endpoint: string, attempt: Attempt<T>, { signal, client }: CallOptions): Promise<T> {
    const leftMs = remainingMs(signal);
    if (leftMs < this.minCallBudgetMs) throw this.refused(this.tooLate(endpoint, leftMs), endpoint, client, 'call-budget');
    // A refused call fails before queueing, so it waits for nothing.
    if (!this.circuit.accepts()) throw this.refused(this.circuitOpen(endpoint), endpoint, client, 'circuit-open');
    const release = await this.queue.acquire(client, signal);
    try {
      const pass = this.circuit.enter();
      if (!pass) throw this.refused(this.circuitOpen(endpoint), endpoint, client, 'circuit-open');
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
      verdict = verdictOn(error, signal);
      throw error;
    } finally {
      this.circuit.settle(pass, verdict);
    }
  }

  /** The failure to retry after, or throws what ends the call. */
  private retryableFailure(endpoint: string, error: unknown, tries: number, { signal, client }: CallOptions): UpstreamError {
    if (error instanceof OwnLimitExceeded) throw this.refused(this.ownLimitError(endpoint, error), endpoint, client, error.limit);
    if (!isUpstreamError(error) || !error.retryable || error instanceof UpstreamCircuitOpenError) throw error;
    // An exchange cut by the signal can surface as a connection failure (undici rejects with
    // the signal's reason, a TimeoutError for AbortSignal.timeout): report it as what it is.
    if (signal?.aborted) throw error instanceof UpstreamTimeoutError ? error : this.deadlinePassed(endpoint, tries, error, signal);
    if (tries >= this.maxAttempts) throw error;
    return error;
  }

  /** How long to wait before the next try, or undefined when the next try could not start in time. */
  private waitBeforeRetry(failure: UpstreamError, tries: number, signal: AbortSignal | undefined): number | undefined {
    const retryAfterMs = failure instanceof UpstreamRateLimitedError ? failure.retryAfterMs : undefined;
    if (retryAfterMs !== undefined && retryAfterMs > this.maxDelayMs) return undefined;
    // Full jitter: a uniform wait below the exponential cap spreads retries from many callers.
    const waitMs = retryAfterMs ?? Math.random() * Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (tries - 1));
    return waitMs + this.minCallBudgetMs <= remainingMs(signal) ? waitMs : undefined;
  }

  private refused<E extends UpstreamError>(error: E, endpoint: string, client: UpstreamClient | undefined, reason: RefusalReason): E {
    this.options.onRefused?.({ endpoint, client: client?.name, reason });
    return error;
  }

  private tooLate(endpoint: string, leftMs: number): UpstreamTimeoutError {
    return new UpstreamTimeoutError(
      `${this.provider} ${endpoint} not called: ${Math.max(0, Math.round(leftMs))} ms left before the request deadline, less than a call needs (${this.minCallBudgetMs} ms)`,
      { provider: this.provider, endpoint },
    );
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

/**
 * What a failed exchange says about the upstream. Only its own failures count toward opening the
 * circuit: 5xx, 429, refused or dropped connections, undici's connect/headers/body timeouts.
 * A call we cut (the request deadline, the client gone) or refused before sending (the
 * request's call budget) says nothing; a 404 or 403 is a healthy upstream answering.
 */
function verdictOn(error: unknown, signal: AbortSignal | undefined): CallVerdict {
  if (signal?.aborted || !isUpstreamError(error)) return 'inconclusive';
  return error.retryable ? 'failed' : 'healthy';
}
