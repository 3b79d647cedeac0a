import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { loadConfig } from '../../src/config';
import type { ProviderName } from '../../src/domain/types';
import { startReplayServer } from '../../src/replay/server';
import type { ReplayServer } from '../../src/replay/types';
import { createLogger, type Logger } from '../../src/logging';
import { createInstagraph, type Instagraph } from '../../src/server';
import type { Tracing } from '../../src/tracing';

/**
 * The one GraphQL test harness: a replay upstream, instagraph apps over it, and a POST helper
 * whose every answer is checked for leaked keys and stack traces.
 */

/** The API keys the replay upstream accepts; no answer may ever quote them. */
export const KEYS = { hikerapiKey: 'hk-test-KEY-4c1d2e7a', aisaKey: 'aisa-test-KEY-9f8e7d31' } as const;

export function startReplay(latencyMs = 0): Promise<ReplayServer> {
  return startReplayServer({ ...KEYS, latencyMs });
}

/** Every cache off, so each request's upstream calls are its own and counts stay exact. */
export const NO_CACHE = {
  CACHE_TTL_PROFILE_S: '0',
  CACHE_TTL_MEDIA_LIST_S: '0',
  CACHE_TTL_USER_LIST_S: '0',
  CACHE_TTL_MEDIA_S: '0',
  CACHE_TTL_LOCATION_S: '0',
  CACHE_TTL_NEGATIVE_S: '0',
} as const;

/**
 * The vendors' real request rates: right for production, but against the replay upstream (which
 * has no limit) they would make the rate limiter shape timings and slow page walks to minutes.
 */
export const UNTHROTTLED = { HIKERAPI_RPS: '10000', AISA_RPM: '600000' } as const;

/** Which providers get a key; with both, PROVIDER_ORDER is hikerapi,aisa. */
export type Providers = 'both' | 'hikerapi' | 'aisa';

export interface AppOptions {
  providers?: Providers;
  /** Environment variables on top of the harness's, as loadConfig reads them. */
  env?: Record<string, string>;
  /** The cross-request cache at its configured TTLs; off by default so call counts are exact. */
  cache?: boolean;
  /** Where the app logs; nowhere by default. */
  logger?: Logger;
  /** Traces, e.g. to an in-memory exporter; none by default. */
  tracing?: Tracing;
}

/** An instagraph over the replay upstream: unthrottled, and without cache unless asked. */
export function createApp(replay: ReplayServer, { providers = 'both', env = {}, cache = false, logger, tracing }: AppOptions = {}): Instagraph {
  const hikerapi = providers !== 'aisa' ? { HIKERAPI_KEY: KEYS.hikerapiKey, HIKERAPI_URL: replay.hikerapiUrl } : {};
  const aisa = providers !== 'hikerapi' ? { AISA_API_KEY: KEYS.aisaKey, AISA_URL: replay.aisaUrl } : {};
  const order = providers === 'both' ? 'hikerapi,aisa' : providers;
  const caching = cache ? {} : NO_CACHE;
  const config = loadConfig({ ...hikerapi, ...aisa, PROVIDER_ORDER: order, ...caching, ...UNTHROTTLED, ...env });
  return createInstagraph({ config, logger: logger ?? false, tracing });
}

export interface ClientError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; provider?: ProviderName; retryAfterSeconds?: number; [key: string]: unknown };
}

/** extensions.cost */
export interface Cost {
  estimated: number | null;
  upstreamCalls: number;
  cacheHits: number;
  byProvider: Partial<Record<ProviderName, { upstreamCalls: number; cacheHits: number }>>;
  /** For a client with a quota. */
  quota?: { remainingMinute?: number; remainingDay?: number };
}

export interface Extensions {
  cost?: Cost;
  [key: string]: unknown;
}

export interface Answer<TData = Record<string, unknown>> {
  status: number;
  headers: Headers;
  /** The raw body, for checks on what must never reach a client. */
  text: string;
  data: TData | null | undefined;
  /** [] when the answer has none. */
  errors: ClientError[];
  extensions: Extensions | undefined;
  /** extensions.cost */
  cost: Cost | undefined;
  /** From sending the request to reading the whole answer. */
  elapsedMs: number;
}

// A V8 stack frame ("at fn (file.ts:12:3)") or a source path.
const STACK_TRACE = /\bat [^\s"]+ \(|\bat (?:file:\/\/|\/)[^\s"]+:\d+:\d+|node_modules|\/src\/[a-z-]+\/[a-z-]+\.ts/;

/** Fails the test when a response body holds one of `secrets` or a stack trace. */
export function expectNothingLeaked(text: string, secrets: readonly string[]): void {
  for (const secret of secrets) expect(text, 'an API key reached the client').not.toContain(secret);
  expect(text, 'a stack trace reached the client').not.toMatch(STACK_TRACE);
}

/** POSTs one operation through yoga.fetch, timed; every answer is checked for leaked keys and stack traces. */
export function execute<TData, TVariables>(
  app: Instagraph,
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  headers?: Record<string, string>,
): Promise<Answer<TData>>;
export function execute(app: Instagraph, query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<Answer>;
export async function execute(
  app: Instagraph,
  operation: string | TypedDocumentNode<unknown, unknown>,
  variables: unknown = {},
  headers: Record<string, string> = {},
): Promise<Answer<unknown>> {
  const started = performance.now();
  const response = await app.yoga.fetch('http://instagraph.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query: typeof operation === 'string' ? operation : print(operation), variables }),
  });
  const text = await response.text();
  const elapsedMs = performance.now() - started;
  expectNothingLeaked(text, Object.values(KEYS));
  const body = JSON.parse(text) as { data?: unknown; errors?: ClientError[]; extensions?: Extensions };
  return {
    status: response.status,
    headers: response.headers,
    text,
    data: body.data,
    errors: body.errors ?? [],
    extensions: body.extensions,
    cost: body.extensions?.cost,
    elapsedMs,
  };
}

/** The one error at `path`, failing the test when there is none or several. */
export function errorAt(errors: readonly ClientError[], path: readonly (string | number)[]): ClientError {
  const matching = errors.filter((error) => JSON.stringify(error.path) === JSON.stringify(path));
  expect(matching, `errors at ${JSON.stringify(path)} in ${JSON.stringify(errors)}`).toHaveLength(1);
  return matching[0] as ClientError;
}

export function codes(errors: readonly ClientError[]): (string | undefined)[] {
  return errors.map((error) => error.extensions?.code);
}

/** A node's global id; a Comment's id is "<mediaPk>:<commentPk>", a Highlight's "<ownerPk>:<highlightId>". */
export const globalId = (typename: 'User' | 'Media' | 'Location' | 'Comment' | 'Highlight', pk: string): string =>
  Buffer.from(`${typename}:${pk}`, 'utf8').toString('base64');

export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface ReplayFixture {
  /** The file's replay upstream (available from beforeAll on). */
  readonly replay: ReplayServer;
  /** An app over it (the fixture's options, `env` on top of theirs), closed after the test. */
  app(env?: Record<string, string>): Instagraph;
}

/**
 * One replay upstream per test file and the apps each test makes over it: after every test
 * the apps are closed and the replay's faults, latency and counters reset.
 */
export function useReplay(defaults: AppOptions = {}): ReplayFixture {
  let replay: ReplayServer | undefined;
  const apps: Instagraph[] = [];
  const current = (): ReplayServer => {
    if (!replay) throw new Error('useReplay: the replay upstream starts in beforeAll');
    return replay;
  };
  beforeAll(async () => {
    replay = await startReplay();
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((instance) => instance.close()));
    current().clearFaults();
    current().setLatency(0);
    current().stats.reset();
  });
  afterAll(async () => {
    await current().close();
  });
  return {
    get replay() {
      return current();
    },
    app(env = {}) {
      const instance = createApp(current(), { ...defaults, env: { ...defaults.env, ...env } });
      apps.push(instance);
      return instance;
    },
  };
}

/** A JSON logger at debug level whose lines the test reads, scrubbing `secrets` as production does. */
export function capturingLogger(secrets: readonly string[] = Object.values(KEYS)): { logger: Logger; lines: () => Record<string, unknown>[]; text: () => string } {
  const written: string[] = [];
  const logger = createLogger({ level: 'debug', format: 'json', secrets, destination: { write: (line: string) => written.push(line) } });
  return {
    logger,
    text: () => written.join(''),
    lines: () => written.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
