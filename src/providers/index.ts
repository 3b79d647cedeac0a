import type { Redis } from 'ioredis';
import type { Config } from '../config';
import type { Provider } from '../domain/provider';
import type { ProviderName } from '../domain/types';
import type { UpstreamCallEvent } from '../upstream/http';
import { createUpstreamPolicy } from '../upstream/resilience';
import { createAisaProvider } from './aisa';
import { createHikerApiProvider } from './hikerapi';

type ProviderConfig = Pick<
  Config,
  | 'HIKERAPI_KEY'
  | 'HIKERAPI_URL'
  | 'HIKERAPI_RPS'
  | 'HIKERAPI_CONCURRENCY'
  | 'AISA_API_KEY'
  | 'AISA_URL'
  | 'AISA_RPM'
  | 'AISA_CONCURRENCY'
  | 'PROVIDER_ORDER'
  | 'UPSTREAM_MAX_ATTEMPTS'
  | 'BREAKER_FAILURES'
  | 'BREAKER_COOLDOWN_MS'
  | 'MIN_CALL_BUDGET_MS'
>;

/**
 * The providers that have a key, in PROVIDER_ORDER, each behind its own limits, retries and
 * circuit breaker. With `redis`, the request rate is shared by every replica: the provider's
 * limit is per key, not per process.
 */
export interface CallHooks {
  /** After each exchange of any request, whatever its outcome. */
  onCall?: (event: UpstreamCallEvent) => void;
}

export function createConfiguredProviders(config: ProviderConfig, hooks: CallHooks = {}, redis?: Redis): Provider[] {
  const resilience = {
    maxAttempts: config.UPSTREAM_MAX_ATTEMPTS,
    breaker: { consecutiveFailures: config.BREAKER_FAILURES, halfOpenAfterMs: config.BREAKER_COOLDOWN_MS },
    minCallBudgetMs: config.MIN_CALL_BUDGET_MS,
    redis,
  };
  const { onCall } = hooks;
  const factories: Record<ProviderName, () => Provider | undefined> = {
    hikerapi: () => {
      if (config.HIKERAPI_KEY === undefined) return undefined;
      const policy = createUpstreamPolicy({
        provider: 'hikerapi',
        concurrency: config.HIKERAPI_CONCURRENCY,
        requestsPerSecond: config.HIKERAPI_RPS,
        ...resilience,
      });
      return createHikerApiProvider({ apiKey: config.HIKERAPI_KEY, baseUrl: config.HIKERAPI_URL, onCall, policy });
    },
    aisa: () => {
      if (config.AISA_API_KEY === undefined) return undefined;
      const policy = createUpstreamPolicy({
        provider: 'aisa',
        concurrency: config.AISA_CONCURRENCY,
        requestsPerMinute: config.AISA_RPM,
        ...resilience,
      });
      return createAisaProvider({ apiKey: config.AISA_API_KEY, baseUrl: config.AISA_URL, onCall, policy });
    },
  };
  return config.PROVIDER_ORDER.map((name) => factories[name]()).filter((provider): provider is Provider => provider !== undefined);
}
