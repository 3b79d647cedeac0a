import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { loadConfig, type Config } from '../../src/config';
import type { ProviderName } from '../../src/domain/types';
import { startReplayServer } from '../../src/replay/server';
import type { ReplayServer } from '../../src/replay/types';
import { createInstagraph, type Instagraph } from '../../src/server';

export const KEYS = { hikerapiKey: 'test-hikerapi-key-1234', aisaKey: 'test-aisa-key-5678' };

export async function startReplay(latencyMs = 0): Promise<ReplayServer> {
  return startReplayServer({ ...KEYS, latencyMs });
}

/** An instagraph over the replay upstream, configured as from the environment. */
export function instagraphOver(replay: ReplayServer, env: Record<string, string> = {}): Instagraph {
  const config: Config = loadConfig({
    HIKERAPI_KEY: KEYS.hikerapiKey,
    HIKERAPI_URL: replay.hikerapiUrl,
    AISA_API_KEY: KEYS.aisaKey,
    AISA_URL: replay.aisaUrl,
    ...env,
  });
  return createInstagraph({ config, logErrors: false });
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
}

export interface GraphQLResponse {
  data?: Record<string, unknown> | null;
  errors?: ClientError[];
  extensions?: { cost?: Cost };
}

// A V8 stack frame ("at fn (file.ts:12:3)") or a source path.
const STACK_TRACE = /\bat [^\s"]+ \(|\bat (?:file:\/\/|\/)[^\s"]+:\d+:\d+|node_modules|\/src\/[a-z-]+\/[a-z-]+\.ts/;

/** Fails the test when a response body holds one of `secrets` or a stack trace. */
export function expectNothingLeaked(text: string, secrets: readonly string[]): void {
  for (const secret of secrets) expect(text, 'an API key reached the client').not.toContain(secret);
  expect(text, 'a stack trace reached the client').not.toMatch(STACK_TRACE);
}

/** The one error at `path`, failing the test when there is none or several. */
export function errorAt(errors: readonly ClientError[], path: readonly (string | number)[]): ClientError {
  const matching = errors.filter((error) => JSON.stringify(error.path) === JSON.stringify(path));
  expect(matching, `errors at ${JSON.stringify(path)} in ${JSON.stringify(errors)}`).toHaveLength(1);
  return matching[0] as ClientError;
}

export async function execute(
  app: Instagraph,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse> {
  const response = await app.yoga.fetch('http://instagraph.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse;
}

export interface ReplayFixture {
  /** The file's replay upstream (available from beforeAll on). */
  readonly replay: ReplayServer;
  /** An instagraph over it, closed after the test. */
  app(env?: Record<string, string>): Instagraph;
}

/**
 * One replay upstream per test file and the instagraph instances each test makes over it:
 * after every test the instances are closed and the replay's faults, latency and counters reset.
 */
export function useReplay(makeApp: (replay: ReplayServer, env: Record<string, string>) => Instagraph = instagraphOver): ReplayFixture {
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
      const instance = makeApp(current(), env);
      apps.push(instance);
      return instance;
    },
  };
}
