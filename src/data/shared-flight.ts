import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { UpstreamErrorCode } from '../domain/errors';
import { PROVIDER_NAMES, type ProviderName } from '../domain/types';
import {
  UpstreamAuthError,
  UpstreamBadRequestError,
  UpstreamBadResponseError,
  UpstreamError,
  UpstreamNotFoundError,
  UpstreamPaymentRequiredError,
  UpstreamPrivateAccountError,
  UpstreamRateLimitedError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
  type UpstreamErrorDetails,
} from '../upstream/errors';

/**
 * Coalescing across replicas: the first replica to miss the cache on a call claims it with a short
 * Redis lock (SET NX PX) and calls upstream; the others wait for the end of its call on pub/sub,
 * then read its result from the cache. The holder renews its claim while the call runs, so a
 * holder that dies holds the others up for at most `lockMs`: its claim expires, and the next one
 * to claim calls upstream itself. Redis down or slow: every replica calls upstream alone.
 */

const PREFIX = 'instagraph:flight:';

/**
 * A replica answers its first requests while its Redis connections may still be coming up: until
 * they are (or this long after the start), a call waits for them rather than going upstream alone.
 */
const START_GRACE_MS = 2_000;

/** Claims the call (-1), or answers how many milliseconds the current claim has left. */
const CLAIM = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return -1 end
return redis.call('PTTL', KEYS[1])
`;

/** Keeps our claim alive while our call runs (unless it was lost). */
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;

/**
 * Ends our claim and tells the waiting replicas how the call ended, in one step: a replica that
 * still found the claim has subscribed already, and one that claims next finds our result cached.
 */
const FINISH = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return redis.call('PUBLISH', KEYS[2], ARGV[2])
`;

const ERROR_CLASSES: Record<UpstreamErrorCode, new (message: string, details: UpstreamErrorDetails) => UpstreamError> = {
  NOT_FOUND: UpstreamNotFoundError,
  PRIVATE_ACCOUNT: UpstreamPrivateAccountError,
  UPSTREAM_RATE_LIMITED: UpstreamRateLimitedError,
  UPSTREAM_UNAVAILABLE: UpstreamUnavailableError,
  UPSTREAM_TIMEOUT: UpstreamTimeoutError,
  UPSTREAM_AUTH: UpstreamAuthError,
  UPSTREAM_PAYMENT_REQUIRED: UpstreamPaymentRequiredError,
  UPSTREAM_BAD_REQUEST: UpstreamBadRequestError,
  UPSTREAM_BAD_RESPONSE: UpstreamBadResponseError,
};

const upstreamErrorRecord = z.object({
  code: z.custom<UpstreamErrorCode>((value) => typeof value === 'string' && Object.hasOwn(ERROR_CLASSES, value)),
  message: z.string(),
  provider: z.enum(PROVIDER_NAMES as [ProviderName, ...ProviderName[]]),
  endpoint: z.string(),
  status: z.number().optional(),
  upstreamType: z.string().optional(),
  retryAfterMs: z.number().optional(),
});

/**
 * How a call ended, as its replica tells the waiting ones. `stored`: the result (a value or a
 * remembered NOT_FOUND/PRIVATE_ACCOUNT answer) is in the cache. `failed`: the upstream failed so.
 * `abandoned`: nothing to share (the holder's request ran out of budget, or failed unexpectedly).
 */
const flightEnd = z.discriminatedUnion('end', [
  z.object({ end: z.literal('stored') }),
  z.object({ end: z.literal('failed'), error: upstreamErrorRecord }),
  z.object({ end: z.literal('abandoned') }),
]);
type FlightEnd = z.infer<typeof flightEnd>;

/**
 * What `join` leaves its caller with. `led`: this replica made the call. `stored`: another
 * replica's result is in the cache. `failed`: another replica's call failed with `error`.
 * `alone`: no call to wait for (Redis unreachable, the holder gave up, or our own deadline passed):
 * call upstream yourself.
 */
export type FlightOutcome<T> = { kind: 'led'; value: T } | { kind: 'stored' } | { kind: 'failed'; error: UpstreamError } | { kind: 'alone' };

const ALONE = { kind: 'alone' } as const;

export interface SharedFlightsOptions {
  /** How long a claim lasts unless renewed; the holder renews it every third of that. */
  lockMs: number;
}

interface Subscription {
  listeners: Set<(end: FlightEnd) => void>;
  subscribed: Promise<unknown>;
}

export class SharedFlights {
  /** A connection in subscriber mode can run nothing else: a second one, for the flights' ends. */
  private readonly subscriber: Redis;
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly started: Promise<void>;

  constructor(
    private readonly redis: Redis,
    private readonly options: SharedFlightsOptions,
  ) {
    this.subscriber = redis.duplicate();
    this.subscriber.on('error', () => undefined);
    this.subscriber.on('message', (channel: string, text: string) => this.deliver(channel, text));
    this.started = readyWithin([redis, this.subscriber], START_GRACE_MS);
  }

  /**
   * Run `lead` (read the cache, else call upstream and store the result) as the one replica making
   * the call `key`, or wait for the replica that is, until `signal` (the waiting request's own deadline).
   */
  async join<T>(key: string, signal: AbortSignal | undefined, lead: () => Promise<T>): Promise<FlightOutcome<T>> {
    if (!this.connected) await this.started;
    if (!this.connected) return ALONE;
    const lockKey = `${PREFIX}lock:${key}`;
    const channel = `${PREFIX}end:${key}`;
    const token = randomUUID();
    let listening: { ended: Promise<FlightEnd>; stop(): void } | undefined;
    try {
      for (;;) {
        const heldForMs = await this.claim(lockKey, token);
        if (heldForMs === undefined) return ALONE;
        if (heldForMs < 0) return { kind: 'led', value: await this.lead(lockKey, channel, token, lead) };
        if (!listening) {
          // Subscribed first, then claimed again: a call that ends in between is not missed.
          listening = await this.listen(channel);
          if (!listening) return ALONE;
          continue;
        }
        const end = await settled(listening.ended, heldForMs, signal);
        if (end === 'aborted') return ALONE;
        if (end !== 'expired') return outcomeOf(end);
        // The claim ran out (its holder died, or is about to renew): claim again.
      }
    } finally {
      listening?.stop();
    }
  }

  /** Resolves once both connections are up, or the start grace period has passed. */
  whenStarted(): Promise<void> {
    return this.started;
  }

  /** Both connections up: replicas can wait for each other's calls (else each calls upstream alone). */
  get connected(): boolean {
    return this.redis.status === 'ready' && this.subscriber.status === 'ready';
  }

  async close(): Promise<void> {
    this.subscriber.disconnect();
  }

  /** -1 when the call is ours now, else the milliseconds left on another replica's claim; undefined when Redis does not answer. */
  private async claim(lockKey: string, token: string): Promise<number | undefined> {
    try {
      return Number(await this.redis.eval(CLAIM, 1, lockKey, token, String(this.options.lockMs)));
    } catch {
      return undefined;
    }
  }

  private async lead<T>(lockKey: string, channel: string, token: string, lead: () => Promise<T>): Promise<T> {
    const { lockMs } = this.options;
    const renew = () => this.redis.eval(RENEW, 1, lockKey, token, String(lockMs)).catch(() => undefined);
    const renewal = setInterval(renew, lockMs / 3);
    let end: FlightEnd = { end: 'abandoned' };
    try {
      const value = await lead();
      end = { end: 'stored' };
      return value;
    } catch (error) {
      if (error instanceof UpstreamError) end = { end: 'failed', error: recordOf(error) };
      throw error;
    } finally {
      clearInterval(renewal);
      void this.redis.eval(FINISH, 2, lockKey, channel, token, JSON.stringify(end)).catch(() => undefined);
    }
  }

  /** Listens for the end of the call on `channel`; undefined when the subscriber connection is down. */
  private async listen(channel: string): Promise<{ ended: Promise<FlightEnd>; stop(): void } | undefined> {
    let subscription = this.subscriptions.get(channel);
    if (!subscription) {
      subscription = { listeners: new Set(), subscribed: this.subscriber.subscribe(channel) };
      this.subscriptions.set(channel, subscription);
    }
    const current = subscription;
    let listener: (end: FlightEnd) => void = () => undefined;
    const ended = new Promise<FlightEnd>((resolve) => (listener = resolve));
    current.listeners.add(listener);
    const stop = () => {
      current.listeners.delete(listener);
      if (current.listeners.size > 0 || this.subscriptions.get(channel) !== current) return;
      this.subscriptions.delete(channel);
      this.subscriber.unsubscribe(channel).catch(() => undefined);
    };
    try {
      await current.subscribed;
      return { ended, stop };
    } catch {
      stop();
      return undefined;
    }
  }

  private deliver(channel: string, text: string): void {
    const subscription = this.subscriptions.get(channel);
    if (!subscription) return;
    let end: FlightEnd = { end: 'abandoned' };
    try {
      // From another replica, maybe of another version during a deploy: checked like a cache entry.
      end = flightEnd.catch({ end: 'abandoned' }).parse(JSON.parse(text));
    } catch {
      // Unreadable: the waiters call upstream themselves.
    }
    for (const listener of subscription.listeners) listener(end);
  }
}

/** Resolves once every client is ready, or after `graceMs`, whichever comes first. */
function readyWithin(clients: Redis[], graceMs: number): Promise<void> {
  const ready = clients.map((client) =>
    client.status === 'ready' ? undefined : new Promise<void>((resolve) => client.once('ready', () => resolve())),
  );
  const grace = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
  return Promise.race([Promise.all(ready).then(() => undefined), grace]);
}

/** The end of the call, or 'expired' once the claim's `heldForMs` are up, or 'aborted' at the deadline. */
async function settled(ended: Promise<FlightEnd>, heldForMs: number, signal: AbortSignal | undefined): Promise<FlightEnd | 'expired' | 'aborted'> {
  if (signal?.aborted) return 'aborted';
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const expired = new Promise<'expired'>((resolve) => (timer = setTimeout(() => resolve('expired'), heldForMs + 1)));
  const aborted = new Promise<'aborted'>((resolve) => {
    onAbort = () => resolve('aborted');
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([ended, expired, aborted]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}

function outcomeOf<T>(end: FlightEnd): FlightOutcome<T> {
  if (end.end === 'stored') return { kind: 'stored' };
  if (end.end === 'abandoned') return ALONE;
  const { code, message, ...details } = end.error;
  return { kind: 'failed', error: new ERROR_CLASSES[code](message, details) };
}

function recordOf(error: UpstreamError): z.infer<typeof upstreamErrorRecord> {
  return {
    code: error.code,
    message: error.message,
    provider: error.provider,
    endpoint: error.endpoint,
    status: error.status,
    upstreamType: error.upstreamType,
    retryAfterMs: error instanceof UpstreamRateLimitedError ? error.retryAfterMs : undefined,
  };
}
