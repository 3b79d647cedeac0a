import { AsyncLocalStorage } from 'node:async_hooks';
import type { ProviderName } from '../domain/types';
import { GatewayError } from '../domain/errors';

export interface ProviderSpend {
  upstreamCalls: number;
  cacheHits: number;
}

/** What one GraphQL request spent upstream; reported as extensions.cost. */
export class CostMeter {
  estimated: number | null = null;
  /** Exchanges started; checked against the limit before each one, so concurrency and retries cannot overrun it. */
  private started = 0;
  upstreamCalls = 0;
  cacheHits = 0;
  readonly byProvider: Partial<Record<ProviderName, ProviderSpend>> = {};

  /** The most upstream calls this request may start: the server's limit or the client's lower cap. */
  constructor(readonly limit: number) {}

  /** Called for each HTTP exchange (retries included: each one is billed and counted upstream). */
  recordUpstreamCall(provider: ProviderName): void {
    this.upstreamCalls += 1;
    this.spend(provider).upstreamCalls += 1;
  }

  /** An answer served from the cache or from an identical call already in flight. */
  recordCacheHit(provider: ProviderName): void {
    this.cacheHits += 1;
    this.spend(provider).cacheHits += 1;
  }

  /** Reserve one exchange, or refuse it past the limit, whatever the estimate said. */
  reserveUpstreamCall(): void {
    if (this.started >= this.limit) {
      throw new GatewayError(
        'QUERY_TOO_EXPENSIVE',
        `This request reached its limit of ${this.limit} upstream calls; the remaining fields were not fetched`,
      );
    }
    this.started += 1;
  }

  toJSON() {
    return { estimated: this.estimated, upstreamCalls: this.upstreamCalls, cacheHits: this.cacheHits, byProvider: this.byProvider };
  }

  private spend(provider: ProviderName): ProviderSpend {
    return (this.byProvider[provider] ??= { upstreamCalls: 0, cacheHits: 0 });
  }
}

/**
 * The meter of the request an upstream call runs for. The HTTP layer's per-exchange hook
 * reads it, so retries are charged to the request that caused them without threading a
 * meter through every provider method.
 */
export const meterContext = new AsyncLocalStorage<CostMeter>();

export function recordUpstreamCall(provider: ProviderName): void {
  meterContext.getStore()?.recordUpstreamCall(provider);
}

export function reserveUpstreamCall(): void {
  meterContext.getStore()?.reserveUpstreamCall();
}
