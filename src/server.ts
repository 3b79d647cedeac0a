import { readFileSync } from 'node:fs';
import { GraphQLError } from 'graphql';
import { setMaxListeners } from 'node:events';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { Redis } from 'ioredis';
import { createYoga, maskError, type YogaServerInstance, type YogaServerOptions } from 'graphql-yoga';
import { useDeferStream } from '@graphql-yoga/plugin-defer-stream';
import { ClientRegistry, type Client } from './clients';
import { ConfigError, configuredSecrets, cursorSecret, edgeSwitches, type Config, type EdgeSwitches } from './config';
import type { RequestContext } from './context';
import { connectRedis, MemoryCacheStore, RedisCacheStore, redisReady, type CacheStore } from './data/cache';
import { CostMeter } from './data/cost';
import { EntityFacts, MemoryFactStore, RedisFactStore } from './data/entity-facts';
import { UpstreamGateway, type CacheKind, type CacheTtls, type LookupResult } from './data/gateway';
import { RequestCall } from './data/request-call';
import { RequestData } from './data/request-data';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { SharedFlights } from './data/shared-flight';
import { useClientKeys } from './plugins/client-keys';
import { corsPolicy } from './plugins/cors';
import { useEveryErrorCoded } from './plugins/error-codes';
import { useRequestBodyPolicy } from './plugins/request-body';
import { useTrustedDocuments } from './plugins/trusted-documents';
import { useMaskedIncrementalErrors } from './plugins/incremental-errors';
import { useUpstreamCost } from './plugins/cost';
import { QuotaBook } from './plugins/quota';
import { renderLocalGraphiQL, useLocalGraphiQLAssets } from './plugins/graphiql';
import { createConfiguredProviders, type ConfiguredProviders } from './providers';
import { schema } from './schema';
import { CursorCodec } from './schema/cursors';
import { toClientError } from './schema/errors';
import { requestDeadline } from './upstream/deadline';
import { pino } from 'pino';
import { createLogger, yogaLogger, type Logger } from './logging';
import { Metrics } from './metrics';
import { useMetricsEndpoint } from './plugins/metrics-endpoint';
import { useRequestTelemetry } from './plugins/request-telemetry';
import { Readiness, useReadinessEndpoint } from './readiness';
import { Telemetry } from './telemetry';
import { Tracing, type OperationSpan } from './tracing';
import type { ExchangeTrace } from './domain/call';

const GRAPHQL_ENDPOINT = '/graphql';
const EXAMPLE_QUERY = readFileSync(new URL('../examples/followers-reels.graphql', import.meta.url), 'utf8');

export interface Instagraph {
  yoga: YogaServerInstance<Record<string, never>, RequestContext>;
  gateway: UpstreamGateway;
  telemetry: Telemetry;
  readiness: Readiness;
  /** Resolves once the shared stores (Redis, when configured) are reachable. */
  connected(): Promise<void>;
  close(): Promise<void>;
}

export interface InstagraphOptions {
  config: Config;
  /** Defaults to a logger configured by LOG_LEVEL and LOG_FORMAT; false for none (tests). */
  logger?: Logger | false;
  /** Defaults to a fresh registry with Node's process metrics. */
  metrics?: Metrics;
  /** Defaults to the clients of the config (API_KEYS_FILE, API_KEYS). */
  clients?: ClientRegistry;
  /** Serving the replay upstream's fixture world: GraphiQL, introspection and localhost CORS on by default. */
  demo?: boolean;
  /** Defaults to OTLP export when OTEL_EXPORTER_OTLP_ENDPOINT is set, else none. */
  tracing?: Tracing | undefined;
}

/** The GraphQL server without a port: tests call `yoga.fetch`, main.ts mounts it on node:http. */
export function createInstagraph({
  config,
  logger,
  metrics = new Metrics(),
  clients = ClientRegistry.fromConfig(config),
  demo = false,
  tracing = Tracing.create({ endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT }),
}: InstagraphOptions): Instagraph {
  const switches = edgeSwitches(config, demo);
  const telemetry = new Telemetry(logger === false ? pino({ level: 'silent' }) : (logger ?? loggerFor(config)), metrics);
  const redis = config.REDIS_URL ? connectRedis(config.REDIS_URL) : undefined;
  const { gateway, circuits, flights } = createGateway(config, redis, telemetry);
  const readiness = new Readiness(redis, circuits, config.READY_REDIS_GRACE_MS, () => flights?.connected ?? true);
  const cursors = new CursorCodec(cursorSecret(config));
  const identified = new WeakMap<Request, Client>();
  const spans = new WeakMap<Request, OperationSpan>();
  const yoga = createYoga<Record<string, never>, RequestContext>({
    schema,
    graphqlEndpoint: GRAPHQL_ENDPOINT,
    landingPage: false,
    logging: yogaLogger(telemetry.logger),
    graphiql: switches.graphiql ? { title: 'instagraph', defaultQuery: EXAMPLE_QUERY } : false,
    renderGraphiQL: renderLocalGraphiQL,
    cors: corsPolicy(switches.corsOrigins, config.CORS_CREDENTIALS),
    // Nothing here takes uploads: multipart bodies are refused (415) with forms.
    multipart: false,
    context: ({ request }) => {
      const client = identified.get(request);
      const span = tracing?.startOperation(request.headers);
      if (span) spans.set(request, span);
      return { data: new RequestData(gateway, requestCall(config, request.signal, client, span)), cursors, client };
    },
    plugins: requestPlugins({ config, switches, telemetry, readiness, clients, identified, spans, redis }),
    maskedErrors: { maskError: errorForClient },
  });
  return {
    yoga,
    gateway,
    telemetry,
    readiness,
    connected: async () => {
      if (redis) await Promise.all([redisReady(redis), flights?.whenStarted()]);
    },
    close: async () => {
      await Promise.all([gateway.close(), tracing?.shutdown()]);
    },
  };
}

type YogaPlugins = NonNullable<YogaServerOptions<Record<string, never>, RequestContext>['plugins']>;

interface PluginParts {
  config: Config;
  switches: EdgeSwitches;
  telemetry: Telemetry;
  readiness: Readiness;
  clients: ClientRegistry;
  /** The client each request's key names, set by the key check for the context. */
  identified: WeakMap<Request, Client>;
  spans: WeakMap<Request, OperationSpan>;
  redis: Redis | undefined;
}

/**
 * The plugins in the order a request meets them: its id and completion line, the probes and
 * metrics, who may call (key, body, CSRF, trusted documents), what the document may be (armor,
 * introspection), then the budget, quotas and cost, and last the codes on every error.
 */
function requestPlugins({ config, switches, telemetry, readiness, clients, identified, spans, redis }: PluginParts): YogaPlugins {
  return [
    useRequestTelemetry({
      logger: telemetry.logger,
      metrics: telemetry.metrics,
      clientOf: (request) => identified.get(request),
      spanOf: (request) => spans.get(request),
    }),
    useReadinessEndpoint(readiness),
    useMetricsEndpoint(telemetry.metrics, config.METRICS_PORT === undefined),
    // Above the key check: GraphiQL's files spend nothing.
    switches.graphiql ? useLocalGraphiQLAssets(telemetry.logger) : undefined,
    useClientKeys(clients, identified),
    useRequestBodyPolicy(config.MAX_BODY_BYTES),
    // A GET must carry a header no cross-site form or link can set; clients with a key always do.
    useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf', 'graphql-preflight', 'apollo-require-preflight', 'x-api-key', 'authorization'] }),
    useTrustedDocuments(config),
    switches.introspection ? undefined : useDisableIntrospection(),
    EnvelopArmorPlugin({
      maxDepth: { n: config.MAX_DEPTH },
      maxAliases: { n: config.MAX_ALIASES },
      maxTokens: { n: config.MAX_TOKENS },
      // Our own estimate prices operations in upstream calls, which is what costs money here.
      costLimit: { enabled: false },
      // Field suggestions help people in GraphiQL; without introspection they would leak the schema.
      blockFieldSuggestion: { enabled: !switches.introspection },
    }),
    useDeferStream(),
    useMaskedIncrementalErrors((error) => errorForClient(error, UNEXPECTED_ERROR)),
    useUpstreamCost(new QuotaBook(redis), telemetry.metrics),
    useEveryErrorCoded(),
  ].filter((plugin) => plugin !== undefined);
}

/** The logger LOG_LEVEL and LOG_FORMAT describe, scrubbing every secret `config` holds. */
export function loggerFor(config: Config): Logger {
  const format = config.LOG_FORMAT ?? (config.NODE_ENV === 'production' || !process.stdout.isTTY ? 'json' : 'pretty');
  return createLogger({ level: config.LOG_LEVEL, format, secrets: configuredSecrets(config) });
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
function createGateway(
  config: Config,
  redis: Redis | undefined,
  telemetry: Telemetry,
): { gateway: UpstreamGateway; circuits: ConfiguredProviders['circuits']; flights: SharedFlights | undefined } {
  const { providers, circuits } = createConfiguredProviders(
    config,
    { onCall: (event) => telemetry.exchange(event), observePolicy: (provider) => telemetry.observePolicy(provider) },
    redis,
  );
  if (providers.length === 0) {
    redis?.disconnect();
    throw new ConfigError(['PROVIDER_ORDER: none of the providers it lists has a key (set HIKERAPI_KEY and/or AISA_API_KEY)']);
  }
  const ttls = cacheTtls(config);
  const factStore = redis ? new RedisFactStore(redis) : new MemoryFactStore(config.CACHE_MAX_ENTRIES);
  const facts = new EntityFacts(factStore, { media: ttls.media, user: ttls.profile });
  const onLookup = (kind: CacheKind, result: LookupResult) => telemetry.lookup(kind, result);
  const flights = redis ? new SharedFlights(redis, { lockMs: config.COALESCE_LOCK_MS }) : undefined;
  return { gateway: new UpstreamGateway({ providers, cache: createCache(config, redis), facts, ttls, onLookup, flights }), circuits, flights };
}

function createCache(config: Config, redis: Redis | undefined): CacheStore {
  if (redis) return new RedisCacheStore(redis);
  return new MemoryCacheStore({ maxEntries: config.CACHE_MAX_ENTRIES, maxBytes: config.CACHE_MAX_MB * 1024 * 1024 });
}

/** A request's call context: the server's call limit (the cost plugin may lower it), a deadline started on first use, its client. */
function requestCall(config: Config, cancelled: AbortSignal, client: Client | undefined, trace: ExchangeTrace | undefined): RequestCall {
  const startDeadline = () => {
    const signal = requestDeadline(config.REQUEST_TIMEOUT_MS, cancelled);
    // Each upstream call in flight listens on the deadline; a wide fan-out is expected here.
    setMaxListeners(config.MAX_UPSTREAM_CALLS + 16, signal);
    return signal;
  };
  const callClient = client ? { name: client.name, concurrency: client.concurrency } : undefined;
  return new RequestCall(new CostMeter(config.MAX_UPSTREAM_CALLS), startDeadline, callClient, trace);
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
