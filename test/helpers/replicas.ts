import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ReplayServer } from '../../src/replay/types';
import { startServerProcess, type ServerProcess, type ServerProcessOptions } from './server-process';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** `npm run build`'s own script: dist/main.js from the current sources, in well under a second. */
export function buildDist(): void {
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
}

/** The production process (`node dist/main.js`) with real-provider configuration pointed at `replay`. */
export function startProductionServer(
  replay: ReplayServer,
  keys: { hikerapiKey: string; aisaKey: string },
  env: Record<string, string> = {},
  wait: Pick<ServerProcessOptions, 'readyPath' | 'ready'> = {},
): Promise<ServerProcess> {
  return startServerProcess({
    ...wait,
    args: ['dist/main.js'],
    cwd: REPO,
    env: {
      HIKERAPI_KEY: keys.hikerapiKey,
      HIKERAPI_URL: replay.hikerapiUrl,
      AISA_API_KEY: keys.aisaKey,
      AISA_URL: replay.aisaUrl,
      PROVIDER_ORDER: 'hikerapi,aisa',
      ...env,
    },
  });
}

export interface GraphQLAnswer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
  extensions?: { cost?: { upstreamCalls: number; cacheHits: number } };
}

/** POSTs one operation to a server process's /graphql. */
export async function postGraphQL(origin: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLAnswer> {
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLAnswer;
}

/** The most of `times` (milliseconds, any order) that fall within any window of `windowMs`. */
export function mostInAnyWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let start = 0;
  for (const [end, time] of sorted.entries()) {
    while (time - (sorted[start] ?? time) >= windowMs) start += 1;
    most = Math.max(most, end - start + 1);
  }
  return most;
}
