import { readFileSync } from 'node:fs';
import { GraphQLError } from 'graphql';
import { setMaxListeners } from 'node:events';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { Redis } from 'ioredis';
import { createYoga, maskError, type YogaServerInstance } from 'graphql-yoga';
import { useDeferStream } from '@graphql-yoga/plugin-defer-stream';
import { ClientRegistry, type Client } from './clients';
import { ConfigError, cursorSecret, type Config } from './config';
import type { RequestContext } from './context';
import { connectRedis, MemoryCacheStore, RedisCacheStore, type CacheStore } from './data/cache';
import { CostMeter } from './data/cost';
import { EntityFacts, MemoryFactStore, RedisFactStore } from './data/entity-facts';
import { UpstreamGateway, type CacheTtls } from './data/gateway';
import { RequestCall } from './data/request-call';
import { RequestData } from './data/request-data';
import { SharedFlights } from './data/shared-flight';
import { useClientKeys } from './plugins/client-keys';
import { useMaskedIncrementalErrors } from './plugins/incremental-errors';
import { useUpstreamCost } from './plugins/cost';
import { QuotaBook } from './plugins/quota';
import { renderLocalGraphiQL, useLocalGraphiQLAssets } from './plugins/graphiql';
import { createConfiguredProviders } from './providers';
import { schema } from './schema';
import { CursorCodec } from './schema/cursors';
import { toClientError } from './schema/errors';
import { requestDeadline } from './upstream/deadline';
import { createLogger } from './logging';

const GRAPHQL_ENDPOINT = '/graphql';
const EXAMPLE_QUERY = readFileSync(new URL('../examples/followers-reels.graphql', import.meta.url), 'utf8');

export interface Instagraph {
  yoga: YogaServerInstance<Record<string, never>, RequestContext>;
  gateway: UpstreamGateway;
  close(): Promise<void>;
}

export interface InstagraphOptions {
  config: Config;
  logErrors?: boolean;
  /** Defaults to the clients of the config (API_KEYS_FILE, API_KEYS). */
  clients?: ClientRegistry;
}

/** The GraphQL server without a port: tests call `yoga.fetch`, main.ts mounts it on node:http. */
export function createInstagraph({ config, logErrors = true, clients = ClientRegistry.fromConfig(config) }: InstagraphOptions): Instagraph {
  const redis = config.REDIS_URL ? connectRedis(config.REDIS_URL) : undefined;
  const gateway = createGateway(config, redis);
  const cursors = new CursorCodec(cursorSecret(config));
  const identified = new WeakMap<Request, Client>();
  const yoga = createYoga<Record<string, never>, RequestContext>({
    schema,
    graphqlEndpoint: GRAPHQL_ENDPOINT,
    landingPage: false,
    logging: createLogger(logErrors),
    graphiql: { title: 'instagraph', defaultQuery: EXAMPLE_QUERY },
    renderGraphiQL: renderLocalGraphiQL,
    context: ({ request }) => {
      const client = identified.get(request);
      return { data: new RequestData(gateway, requestCall(config, request.signal, client)), cursors, client };
    },
    plugins: [
      useClientKeys(clients, GRAPHQL_ENDPOINT, identified),
      EnvelopArmorPlugin({
        maxDepth: { n: config.MAX_DEPTH },
        maxAliases: { n: config.MAX_ALIASES },
        maxTokens: { n: config.MAX_TOKENS },
        // Our own estimate prices operations in upstream calls, which is what costs money here.
        costLimit: { enabled: false },
        // Field suggestions help people in GraphiQL; the schema is public anyway.
        blockFieldSuggestion: { enabled: false },
      }),
      useDeferStream(),
      useMaskedIncrementalErrors((error) => errorForClient(error, UNEXPECTED_ERROR)),
      useUpstreamCost(new QuotaBook(redis)),
      useLocalGraphiQLAssets(),
    ],
    maskedErrors: { maskError: errorForClient },
  });
  return { yoga, gateway, close: () => gateway.close() };
}

const UNEXPECTED_ERROR = 'Unexpected error.';

/** What a client sees of an error: ours with its code, anything else masked (its stack is logged, never sent). */
function errorForClient(error: unknown, message: string): GraphQLError {
  const known = toClientError(error);
  if (known) return known;
  const masked = maskError(error, message, false);
  return masked instanceof GraphQLError ? masked : new GraphQLError(message);
}

/** The configured providers behind the cross-request cache (Redis when REDIS_URL is set). */
function createGateway(config: Config, redis: Redis | undefined): UpstreamGateway {
  const providers = createConfiguredProviders(config, {}, redis);
  if (providers.length === 0) {
    redis?.disconnect();
    throw new ConfigError(['PROVIDER_ORDER: none of the providers it lists has a key (set HIKERAPI_KEY and/or AISA_API_KEY)']);
  }
  const ttls = cacheTtls(config);
  const factStore = redis ? new RedisFactStore(redis) : new MemoryFactStore(config.CACHE_MAX_ENTRIES);
  const facts = new EntityFacts(factStore, { media: ttls.media, user: ttls.profile });
  const flights = redis ? new SharedFlights(redis, { lockMs: config.COALESCE_LOCK_MS }) : undefined;
  return new UpstreamGateway({ providers, cache: createCache(config, redis), facts, ttls, flights });
}

function createCache(config: Config, redis: Redis | undefined): CacheStore {
  if (redis) return new RedisCacheStore(redis);
  return new MemoryCacheStore({ maxEntries: config.CACHE_MAX_ENTRIES, maxBytes: config.CACHE_MAX_MB * 1024 * 1024 });
}

/** A request's call context: the server's call limit (the cost plugin may lower it), a deadline started on first use, its client. */
function requestCall(config: Config, cancelled: AbortSignal, client: Client | undefined): RequestCall {
  const startDeadline = () => {
    const signal = requestDeadline(config.REQUEST_TIMEOUT_MS, cancelled);
    // Each upstream call in flight listens on the deadline; a wide fan-out is expected here.
    setMaxListeners(config.MAX_UPSTREAM_CALLS + 16, signal);
    return signal;
  };
  const callClient = client ? { name: client.name, concurrency: client.concurrency } : undefined;
  return new RequestCall(new CostMeter(config.MAX_UPSTREAM_CALLS), startDeadline, callClient);
}

function cacheTtls(config: Config): CacheTtls {
  return {
    profile: config.CACHE_TTL_PROFILE_S * 1000,
    mediaList: config.CACHE_TTL_MEDIA_LIST_S * 1000,
    userList: config.CACHE_TTL_USER_LIST_S * 1000,
    media: config.CACHE_TTL_MEDIA_S * 1000,
    location: config.CACHE_TTL_LOCATION_S * 1000,
    negative: config.CACHE_TTL_NEGATIVE_S * 1000,
  };
}
