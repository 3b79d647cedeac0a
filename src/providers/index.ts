import type { Config } from '../config';
import type { Provider } from '../domain/provider';
import type { ProviderName } from '../domain/types';
import type { UpstreamCallEvent } from '../upstream/http';
import { createAisaProvider } from './aisa';
import { createHikerApiProvider } from './hikerapi';

type ProviderConfig = Pick<Config, 'HIKERAPI_KEY' | 'HIKERAPI_URL' | 'AISA_API_KEY' | 'AISA_URL' | 'PROVIDER_ORDER'>;

/** The providers that have a key, in PROVIDER_ORDER. */
export function createConfiguredProviders(config: ProviderConfig, onCall?: (event: UpstreamCallEvent) => void): Provider[] {
  const factories: Record<ProviderName, () => Provider | undefined> = {
    hikerapi: () =>
      config.HIKERAPI_KEY === undefined
        ? undefined
        : createHikerApiProvider({ apiKey: config.HIKERAPI_KEY, baseUrl: config.HIKERAPI_URL, onCall }),
    aisa: () =>
      config.AISA_API_KEY === undefined ? undefined : createAisaProvider({ apiKey: config.AISA_API_KEY, baseUrl: config.AISA_URL, onCall }),
  };
  return config.PROVIDER_ORDER.map((name) => factories[name]()).filter((provider): provider is Provider => provider !== undefined);
}
