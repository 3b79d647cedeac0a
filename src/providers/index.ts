import type { Redis } from 'ioredis';
import type { Config } from '../config';
import type { Provider } from '../domain/provider';
import type { ProviderName } from '../domain/types';
import type { UpstreamCallEvent } from '../upstream/http';
import { createUpstreamPolicy, type CircuitStateName, type ResilienceOptions, type UpstreamPolicy } from '../upstream/resilience';
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

/** Observers of each provider's policy (retries, waits, circuit changes), for metrics and logs. */
export type PolicyObservers = Pick<ResilienceOptions, 'onRetry' | 'onWait' | 'onRefused' | 'onStateChange'>;

export interface CallHooks {
  /** After each exchange of any request, whatever its outcome. */
  onCall?: (event: UpstreamCallEvent) => void;
  observePolicy?: (provider: ProviderName) => PolicyObservers;
}

export interface ConfiguredProviders {
  /** In PROVIDER_ORDER, those that have a key. */
  providers: Provider[];
  /** Each configured provider's circuit, now. */
  circuits(): Partial<Record<ProviderName, CircuitStateName>>;
}

/**
 * The providers that have a key, in PROVIDER_ORDER, each behind its own limits, retries and
 * circuit breaker. With `redis`, the request rate is shared by every replica: the provider's
 * limit is per key, not per process.
 */
export function createConfiguredProviders(config: ProviderConfig, hooks: CallHooks = {}, redis?: Redis): ConfiguredProviders {
  const policies = new Map<ProviderName, UpstreamPolicy>();
  const policyFor = (provider: ProviderName, rate: Pick<ResilienceOptions, 'concurrency' | 'requestsPerSecond' | 'requestsPerMinute'>) => {
    const policy = createUpstreamPolicy({
      provider,
      ...rate,
      maxAttempts: config.UPSTREAM_MAX_ATTEMPTS,
      breaker: { consecutiveFailures: config.BREAKER_FAILURES, halfOpenAfterMs: config.BREAKER_COOLDOWN_MS },
      minCallBudgetMs: config.MIN_CALL_BUDGET_MS,
      redis,
      ...hooks.observePolicy?.(provider),
    });
    policies.set(provider, policy);
    return policy;
  };
  const { onCall } = hooks;
  const factories: Record<ProviderName, () => Provider | undefined> = {
    hikerapi: () =>
      config.HIKERAPI_KEY === undefined
        ? undefined
        : createHikerApiProvider({
            apiKey: config.HIKERAPI_KEY,
            baseUrl: config.HIKERAPI_URL,
            onCall,
            policy: policyFor('hikerapi', { concurrency: config.HIKERAPI_CONCURRENCY, requestsPerSecond: config.HIKERAPI_RPS }),
          }),
    aisa: () =>
      config.AISA_API_KEY === undefined
        ? undefined
        : createAisaProvider({
            apiKey: config.AISA_API_KEY,
            baseUrl: config.AISA_URL,
            onCall,
            policy: policyFor('aisa', { concurrency: config.AISA_CONCURRENCY, requestsPerMinute: config.AISA_RPM }),
          }),
  };
  const providers = config.PROVIDER_ORDER.map((name) => factories[name]()).filter((provider): provider is Provider => provider !== undefined);
  return { providers, circuits: () => Object.fromEntries([...policies].map(([name, policy]) => [name, policy.state()])) };
}
