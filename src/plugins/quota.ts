import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Client } from '../clients';

/**
 * Per-client quotas in upstream calls, the unit that costs money, per minute and per day. A
 * request reserves its estimate before it runs and is refunded what it did not spend, so
 * concurrent requests cannot overshoot. With Redis, replicas share the counts; while Redis is down
 * each replica counts alone.
 */

export interface QuotaWindow {
  name: 'minute' | 'day';
  limit: number;
  remaining: number;
  /** When the window's count starts again. */
  resetAt: Date;
}

export type Reservation = { granted: true; windows: QuotaWindow[] } | { granted: false; refused: QuotaWindow; windows: QuotaWindow[] };

/** A refund this close to its window's reset might land in the next one: it is not made. */
const REFUND_MARGIN_MS = 1_000;

const WINDOWS = [
  { name: 'minute', seconds: 60, limitOf: (client: Client) => client.callsPerMinute },
  { name: 'day', seconds: 86_400, limitOf: (client: Client) => client.callsPerDay },
] as const;

export class QuotaBook {
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  constructor(private readonly redis: Redis | undefined) {}

  /** Reserve `calls` in every window of the client's quota, or none of them when one is short. */
  async reserve(client: Client, calls: number): Promise<Reservation> {
    const taken: { limiter: RateLimiterAbstract; window: QuotaWindow }[] = [];
    for (const window of this.windowsOf(client)) {
      const outcome = await take(window.limiter, client.name, calls);
      if (!outcome.granted) {
        // Undo this window's over-count and the windows already taken: a refused request spends nothing.
        await Promise.all([give(window.limiter, client.name, calls), ...taken.map((done) => give(done.limiter, client.name, calls))]);
        const before = window.limit - (outcome.result.consumedPoints - calls);
        return { granted: false, refused: windowState(window, outcome.result, before), windows: taken.map((done) => done.window) };
      }
      taken.push({ limiter: window.limiter, window: windowState(window, outcome.result) });
    }
    return { granted: true, windows: taken.map((done) => done.window) };
  }

  /**
   * Square a request's account once it is done: give back what it reserved and did not spend, or
   * charge what it spent beyond its reservation (retries, failover, an upstream that paged smaller).
   * A refund goes only to the window that still holds the reservation: once that window has reset,
   * giving back would be credit in the next one. Answers the windows as they stand after.
   */
  async settle(client: Client, reserved: readonly QuotaWindow[], unused: number): Promise<QuotaWindow[]> {
    return Promise.all(
      this.windowsOf(client).map(async (window) => {
        const reservedIn = reserved.find((held) => held.name === window.name);
        const sameWindow = reservedIn !== undefined && reservedIn.resetAt.getTime() - REFUND_MARGIN_MS > Date.now();
        const result =
          unused > 0 && sameWindow
            ? await give(window.limiter, client.name, unused)
            : unused < 0
              ? await charge(window.limiter, client.name, -unused)
              : await peek(window.limiter, client.name);
        return windowState(window, result ?? new RateLimiterRes(window.limit, 0, 0, false));
      }),
    );
  }

  private windowsOf(client: Client): { name: QuotaWindow['name']; limit: number; limiter: RateLimiterAbstract }[] {
    return WINDOWS.flatMap(({ name, seconds, limitOf }) => {
      const limit = limitOf(client);
      return limit === undefined ? [] : [{ name, limit, limiter: this.limiter(name, seconds, limit) }];
    });
  }

  private limiter(name: string, seconds: number, points: number): RateLimiterAbstract {
    const id = `${name}:${points}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      const options = { points, duration: seconds, keyPrefix: `instagraph:quota:${id}` };
      const memory = new RateLimiterMemory(options);
      limiter = this.redis ? new RateLimiterRedis({ ...options, storeClient: this.redis, insuranceLimiter: memory, rejectIfRedisNotReady: true }) : memory;
      this.limiters.set(id, limiter);
    }
    return limiter;
  }
}

async function take(limiter: RateLimiterAbstract, key: string, calls: number): Promise<{ granted: boolean; result: RateLimiterRes }> {
  try {
    return { granted: true, result: await limiter.consume(key, calls) };
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return { granted: false, result: rejection };
    // The store failed past its insurance: counting must not stop traffic.
    return { granted: true, result: new RateLimiterRes(Number.POSITIVE_INFINITY, 0, 0, false) };
  }
}

async function give(limiter: RateLimiterAbstract, key: string, calls: number): Promise<RateLimiterRes | undefined> {
  try {
    return await limiter.reward(key, calls);
  } catch {
    // A lost refund only makes the quota stricter until the window ends.
    return undefined;
  }
}

async function charge(limiter: RateLimiterAbstract, key: string, calls: number): Promise<RateLimiterRes | undefined> {
  try {
    return await limiter.penalty(key, calls);
  } catch {
    return undefined;
  }
}

async function peek(limiter: RateLimiterAbstract, key: string): Promise<RateLimiterRes | undefined> {
  try {
    return (await limiter.get(key)) ?? undefined;
  } catch {
    return undefined;
  }
}

function windowState(
  window: { name: QuotaWindow['name']; limit: number },
  result: RateLimiterRes,
  remaining = result.remainingPoints,
): QuotaWindow {
  const known = Number.isFinite(remaining) ? remaining : window.limit;
  return { name: window.name, limit: window.limit, remaining: Math.min(window.limit, Math.max(0, known)), resetAt: new Date(Date.now() + result.msBeforeNext) };
}
