import type { ExchangeMeter } from '../domain/call';
import type { ProviderName } from '../domain/types';
import { GatewayError } from '../domain/errors';

export interface ProviderSpend {
  upstreamCalls: number;
  cacheHits: number;
}

/** extensions.cost of a response for which nothing ran. */
export const EMPTY_COST = { estimated: 0, upstreamCalls: 0, cacheHits: 0, byProvider: {} } as const;

/** What the client's quota has left after a request, reported as extensions.cost.quota. */
export interface QuotaRemaining {
  remainingMinute?: number;
  remainingDay?: number;
}

/** What one GraphQL request spent upstream; reported as extensions.cost. */
export class CostMeter implements ExchangeMeter {
  estimated: number | null = null;
  /** Exchanges started; checked against the limit before each one, so concurrency and retries cannot overrun it. */
  private started = 0;
  upstreamCalls = 0;
  cacheHits = 0;
  readonly byProvider: Partial<Record<ProviderName, ProviderSpend>> = {};
  /** Set for a client with a quota. */
  quota: QuotaRemaining | undefined;

  /** The most upstream calls this request may start: the server's limit, or lower (see capAt). */
  constructor(private maxCalls: number) {}

  get limit(): number {
    return this.maxCalls;
  }

  /** A client's own cap (x-max-upstream-calls) lowers the limit, never raises it. */
  capAt(calls: number): void {
    this.maxCalls = Math.min(this.maxCalls, calls);
  }

  reserveExchange(): void {
    if (this.started >= this.maxCalls) {
      throw new GatewayError(
        'QUERY_TOO_EXPENSIVE',
        `This request reached its limit of ${this.maxCalls} upstream calls; the remaining fields were not fetched`,
      );
    }
    this.started += 1;
  }

  recordExchange(provider: ProviderName): void {
    this.upstreamCalls += 1;
    this.spend(provider).upstreamCalls += 1;
  }

  /** An answer served from the cache or from an identical call already in flight. */
  recordCacheHit(provider: ProviderName): void {
    this.cacheHits += 1;
    this.spend(provider).cacheHits += 1;
  }

  toJSON() {
    const spent = { estimated: this.estimated, upstreamCalls: this.upstreamCalls, cacheHits: this.cacheHits, byProvider: this.byProvider };
    return this.quota ? { ...spent, quota: this.quota } : spent;
  }

  private spend(provider: ProviderName): ProviderSpend {
    return (this.byProvider[provider] ??= { upstreamCalls: 0, cacheHits: 0 });
  }
}
