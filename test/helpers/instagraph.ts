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
