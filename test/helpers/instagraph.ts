import { afterAll, afterEach, beforeAll } from 'vitest';
import { loadConfig, type Config } from '../../src/config';
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

export interface GraphQLResponse {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  extensions?: { cost?: { estimated: number | null; upstreamCalls: number; cacheHits: number; byProvider: Record<string, { upstreamCalls: number; cacheHits: number }> } };
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
