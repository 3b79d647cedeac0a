import type { Provider, ProviderOperation } from '../domain/provider';
import type { ProviderName } from '../domain/types';
import { GatewayError, type UpstreamErrorCode } from '../domain/errors';
import {
  UpstreamError,
  UpstreamNotFoundError,
  UpstreamPrivateAccountError,
  UpstreamTimeoutError,
} from '../upstream/errors';
import type { CacheStore } from './cache';
import { CACHE_ENTRY_SCHEMAS } from './cached-values';
import type { EntityFacts } from './entity-facts';
import type { RequestCall } from './request-call';
import type { SharedFlights } from './shared-flight';

/** Failures that say nothing about the data, so another provider may well answer. */
const FAILOVER_CODES: ReadonlySet<UpstreamErrorCode> = new Set<UpstreamErrorCode>([
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_TIMEOUT',
  'UPSTREAM_RATE_LIMITED',
  'UPSTREAM_AUTH',
  'UPSTREAM_PAYMENT_REQUIRED',
]);

export type CacheKind = 'profile' | 'mediaList' | 'userList' | 'media' | 'location';

const CACHE_KIND: Record<ProviderOperation, CacheKind> = {
  userByUsername: 'profile',
  userByPk: 'profile',
  userPosts: 'mediaList',
  userReels: 'mediaList',
  userTagged: 'mediaList',
  pinnedMedia: 'mediaList',
  followers: 'userList',
  following: 'userList',
  searchFollowers: 'userList',
  searchFollowing: 'userList',
  mediaByCode: 'media',
  mediaByPk: 'media',
  locationByPk: 'location',
  // Comments and likers change like follower lists; a place's feeds like a user's; stories, which
  // come and go within a day, at the shortest content TTL (a media list's).
  locationRecentMedia: 'mediaList',
  locationTopMedia: 'mediaList',
  comments: 'userList',
  likers: 'userList',
  transcript: 'media',
  userAbout: 'profile',
  userStories: 'mediaList',
  userHighlights: 'profile',
  highlightItems: 'media',
};

export interface CacheAlias {
  operation: ProviderOperation;
  key: string;
}

export interface CallOptions<T> {
  /** Other (operation, key) pairs a fresh result also answers. */
  aliases?: ((value: T) => CacheAlias[]) | undefined;
}

/** One provider operation with its parameters bound; `call` is the context of the request that runs it. */
export type Invoke<T> = (provider: Provider, call: RequestCall) => Promise<T>;

export type CacheTtls = Record<CacheKind | 'negative', number>;

export type LookupResult = 'hit' | 'miss' | 'coalesced';

export interface GatewayOptions {
  /** In PROVIDER_ORDER. */
  providers: readonly Provider[];
  cache?: CacheStore | undefined;
  /** What answers told us about each media and user, to fill what other answers lack. */
  facts?: EntityFacts | undefined;
  /** Each lookup before an upstream call: answered by the cache, joined to an identical call in flight, or a miss. */
  onLookup?: ((kind: CacheKind, result: LookupResult) => void) | undefined;
  /** Milliseconds per kind of result; `negative` for remembered NOT_FOUND and PRIVATE_ACCOUNT answers. */
  ttls?: CacheTtls;
  /** Coalescing across replicas (through Redis): a call another replica is making is waited for, not made again. */
  flights?: SharedFlights | undefined;
}

/** Answers about the data itself, billed upstream and the same on a retry: worth remembering. */
type RememberedCode = Extract<UpstreamErrorCode, 'NOT_FOUND' | 'PRIVATE_ACCOUNT'>;
const REMEMBERED_CODES: ReadonlySet<UpstreamErrorCode> = new Set<RememberedCode>(['NOT_FOUND', 'PRIVATE_ACCOUNT']);

interface RememberedError {
  code: RememberedCode;
  message: string;
  provider: ProviderName;
  endpoint: string;
  status?: number | undefined;
}

/** A remembered answer: a value, or an error worth remembering. */
type CacheEntry<T> = { value: T } | { error: RememberedError };

/**
 * Long-lived (one per server): the configured providers in PROVIDER_ORDER and the single
 * place every upstream call goes through: the cross-request cache, coalescing of identical
 * calls in flight, and the per-request meter and budget.
 */
export class UpstreamGateway {
  readonly providers: readonly Provider[];
  readonly cache: CacheStore | undefined;
  private readonly facts: EntityFacts | undefined;
  private readonly onLookup: GatewayOptions['onLookup'];
  private readonly ttls: CacheTtls | undefined;
  private readonly flights: SharedFlights | undefined;
  private readonly inFlight = new Map<string, Promise<unknown>>();
  /** Cache writes still on their way (a Redis round trip): the call stays joinable until they land. */
  private readonly writes = new Map<string, Promise<void>>();

  constructor({ providers, cache, facts, ttls, onLookup, flights }: GatewayOptions) {
    if (providers.length === 0) throw new Error('UpstreamGateway needs at least one provider');
    this.providers = providers;
    this.cache = cache;
    this.facts = facts;
    this.onLookup = onLookup;
    this.ttls = ttls;
    this.flights = flights;
  }

  /** The providers that can serve `operation`, in the configured order: the first, then its failovers. */
  candidates(operation: ProviderOperation): Provider[] {
    const able = this.providers.filter((candidate) => typeof candidate[operation] === 'function');
    if (able.length === 0) {
      throw new GatewayError(
        'UNSUPPORTED_BY_PROVIDERS',
        `No configured provider serves ${operation} (configured: ${this.providers.map((p) => p.name).join(', ')})`,
      );
    }
    return able;
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
   * Run `operation` on the first of `providers` that answers: a provider that is down, rate
   * limiting us past our retries, or rejecting our key hands over to the next one. Answers such as
   * NOT_FOUND or PRIVATE_ACCOUNT are the data's, and no other provider would say otherwise.
   * Once the request is over (its deadline passed) there is no time left for another provider:
   * the first provider's error is the one to report.
   */
  async callFirstAvailable<T>(
    call: RequestCall,
    providers: readonly Provider[],
    operation: ProviderOperation,
    key: string,
    invoke: Invoke<T>,
    options: CallOptions<T> = {},
  ): Promise<{ provider: Provider; value: T }> {
    for (const [index, provider] of providers.entries()) {
      try {
        return { provider, value: await this.call(call, provider, operation, key, invoke, options) };
      } catch (error) {
        const last = index === providers.length - 1;
        const failover = error instanceof UpstreamError && FAILOVER_CODES.has(error.code) && !call.over;
        if (last || !failover) throw error;
      }
    }
    throw new Error('callFirstAvailable needs at least one provider');
  }

  /**
   * Run one upstream operation for the request `call` belongs to. `key` names its parameters:
   * with the provider and operation it identifies the call for the cache and for coalescing.
   * `aliases` names other (operation, key) pairs a fresh result also answers, e.g. a profile
   * fetched by username is the profile by pk too. Whatever its source, the answer comes back with
   * the values it lacks filled from what other answers told us about the same entities.
   */
  async call<T>(
    call: RequestCall,
    provider: Provider,
    operation: ProviderOperation,
    key: string,
    invoke: Invoke<T>,
    options: CallOptions<T> = {},
  ): Promise<T> {
    const value = await this.cachedOrCoalesced(call, provider, operation, key, invoke, options);
    return this.facts ? this.facts.fill(value) : value;
  }

  private async cachedOrCoalesced<T>(
    call: RequestCall,
    provider: Provider,
    operation: ProviderOperation,
    key: string,
    invoke: Invoke<T>,
    options: CallOptions<T>,
  ): Promise<T> {
    const cacheKey = `${provider.name}:${operation}:${key}`;
    const shared = this.inFlight.get(cacheKey) as Promise<T> | undefined;
    if (shared) {
      try {
        const value = await shared;
        call.meter.recordCacheHit(provider.name);
        this.onLookup?.(CACHE_KIND[operation], 'coalesced');
        return value;
      } catch (error) {
        // The shared call ran under another request's deadline and budget: its failure on
        // those grounds is that request's, and this one still has its own to spend.
        if (!failedForItsOwner(error, call)) throw error;
      }
    }
    const pending = this.fetch(call, provider, operation, cacheKey, invoke, options.aliases);
    this.inFlight.set(cacheKey, pending);
    try {
      return await pending;
    } finally {
      // Until the result is in the cache, later callers must still find it here, or they would
      // miss both and call upstream again.
      const release = () => {
        if (this.inFlight.get(cacheKey) === pending) this.inFlight.delete(cacheKey);
      };
      const write = this.writes.get(cacheKey);
      if (write) void write.finally(release);
      else release();
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.providers.map((provider) => provider.close()), this.cache?.close(), this.flights?.close()]);
  }

  private async fetch<T>(
    call: RequestCall,
    provider: Provider,
    operation: ProviderOperation,
    cacheKey: string,
    invoke: Invoke<T>,
    aliases: ((value: T) => CacheAlias[]) | undefined,
  ): Promise<T> {
    const cached = await this.cached<T>(cacheKey, operation);
    this.onLookup?.(CACHE_KIND[operation], cached === undefined ? 'miss' : 'hit');
    if (cached !== undefined) return this.answer(call, provider, cached);
    const upstream = () => this.callUpstream(call, provider, operation, cacheKey, invoke, aliases);
    return this.flights && this.ttlOf(operation) > 0 ? this.sharedMiss(this.flights, call, provider, operation, cacheKey, upstream) : upstream();
  }

  /**
   * A miss another replica may be calling upstream already: wait for its result in the cache, or
   * make the call (reading the cache once more: the last holder may have stored it since our miss).
   */
  private async sharedMiss<T>(
    flights: SharedFlights,
    call: RequestCall,
    provider: Provider,
    operation: ProviderOperation,
    cacheKey: string,
    upstream: () => Promise<T>,
  ): Promise<T> {
    const lead = async () => {
      const stored = await this.cached<T>(cacheKey, operation);
      return stored !== undefined ? this.answer(call, provider, stored) : this.storedUpstream(cacheKey, upstream);
    };
    const flight = await flights.join(cacheKey, call.signal, lead);
    if (flight.kind === 'led') return flight.value;
    if (flight.kind === 'stored') {
      const stored = await this.cached<T>(cacheKey, operation);
      if (stored !== undefined) return this.answer(call, provider, stored);
    }
    // As with a call joined in this process, a failure on its request's own grounds is not ours.
    if (flight.kind === 'failed' && !failedForItsOwner(flight.error, call)) throw flight.error;
    return upstream();
  }

  private async cached<T>(cacheKey: string, operation: ProviderOperation): Promise<CacheEntry<T> | undefined> {
    return (await this.cache?.get(cacheKey, CACHE_ENTRY_SCHEMAS[operation])) as CacheEntry<T> | undefined;
  }

  private answer<T>(call: RequestCall, provider: Provider, entry: CacheEntry<T>): T {
    call.meter.recordCacheHit(provider.name);
    if ('value' in entry) return entry.value;
    throw rememberedError(entry.error);
  }

  /** The upstream call, settled once its result (or remembered error) has landed in the cache, where other replicas look. */
  private async storedUpstream<T>(cacheKey: string, upstream: () => Promise<T>): Promise<T> {
    try {
      return await upstream();
    } finally {
      await this.writes.get(cacheKey);
    }
  }

  private async callUpstream<T>(
    call: RequestCall,
    provider: Provider,
    operation: ProviderOperation,
    cacheKey: string,
    invoke: Invoke<T>,
    aliases: ((value: T) => CacheAlias[]) | undefined,
  ): Promise<T> {
    try {
      const value = await invoke(provider, call);
      await this.facts?.learn(value);
      this.track(cacheKey, this.remember(cacheKey, operation, value));
      for (const alias of aliases?.(value) ?? []) {
        void this.remember(`${provider.name}:${alias.operation}:${alias.key}`, alias.operation, value);
      }
      return value;
    } catch (error) {
      if (this.cache && this.ttls && this.ttls.negative > 0 && isRemembered(error)) {
        const entry: CacheEntry<T> = {
          error: { code: error.code, message: error.message, provider: error.provider, endpoint: error.endpoint, status: error.status },
        };
        this.track(cacheKey, this.cache.set(cacheKey, entry, this.ttls.negative));
      }
      throw error;
    }
  }

  private remember(cacheKey: string, operation: ProviderOperation, value: unknown): Promise<void> | undefined {
    const ttl = this.ttlOf(operation);
    // A TTL of 0 turns caching off for that kind of result.
    return this.cache && ttl > 0 ? this.cache.set(cacheKey, { value }, ttl) : undefined;
  }

  private ttlOf(operation: ProviderOperation): number {
    return this.ttls?.[CACHE_KIND[operation]] ?? 0;
  }

  private track(cacheKey: string, write: Promise<void> | undefined): void {
    if (!write) return;
    this.writes.set(cacheKey, write);
    void write.finally(() => {
      if (this.writes.get(cacheKey) === write) this.writes.delete(cacheKey);
    });
  }
}

/** A failure that says nothing about the data, only that the request which ran the call ran out (of time or budget). */
function failedForItsOwner(error: unknown, joiner: RequestCall): boolean {
  if (error instanceof GatewayError) return error.code === 'QUERY_TOO_EXPENSIVE';
  return error instanceof UpstreamTimeoutError && !joiner.over;
}

function isRemembered(error: unknown): error is UpstreamError & { code: RememberedCode } {
  return error instanceof UpstreamError && REMEMBERED_CODES.has(error.code);
}

function rememberedError(error: RememberedError): UpstreamError {
  const details = { provider: error.provider, endpoint: error.endpoint, status: error.status };
  return error.code === 'NOT_FOUND' ? new UpstreamNotFoundError(error.message, details) : new UpstreamPrivateAccountError(error.message, details);
}
