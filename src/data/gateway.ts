import type { Provider, ProviderOperation } from '../domain/provider';
import type { ProviderName } from '../domain/types';
import { GatewayError } from '../domain/errors';

/**
 * Long-lived (one per server): the configured providers in PROVIDER_ORDER and the single
 * place every upstream call goes through, so caching, coalescing and accounting have one home.
 */
export class UpstreamGateway {
  readonly providers: readonly Provider[];

  constructor(providers: readonly Provider[]) {
    if (providers.length === 0) throw new Error('UpstreamGateway needs at least one provider');
    this.providers = providers;
  }

  /** The first provider in the configured order that can serve `operation`. */
  route(operation: ProviderOperation): Provider {
    const provider = this.providers.find((candidate) => typeof candidate[operation] === 'function');
    if (!provider) {
      throw new GatewayError(
        'UNSUPPORTED_BY_PROVIDERS',
        `No configured provider serves ${operation} (configured: ${this.providers.map((p) => p.name).join(', ')})`,
      );
    }
    return provider;
  }

  /** A named provider, for cursors that must go back to the provider that issued them. */
  byName(name: ProviderName, operation: ProviderOperation): Provider {
    const provider = this.providers.find((candidate) => candidate.name === name);
    if (!provider || typeof provider[operation] !== 'function') {
      throw new GatewayError('BAD_USER_INPUT', `This cursor was issued by ${name}, which is not configured to serve ${operation}`);
    }
    return provider;
  }

  /**
   * Run one upstream call. `key` names the call's parameters; together with the provider and
   * operation it identifies the call for deduplication and caching.
   */
  async call<T>(provider: Provider, operation: ProviderOperation, key: string, invoke: (provider: Provider) => Promise<T>): Promise<T> {
    return invoke(provider);
  }

  async close(): Promise<void> {
    await Promise.all(this.providers.map((provider) => provider.close()));
  }
}
