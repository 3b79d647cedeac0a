import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { expect } from 'vitest';
import { loadConfig } from '../../src/config';
import type { ProviderName } from '../../src/domain/types';
import { startReplayServer } from '../../src/replay/server';
import type { ReplayServer } from '../../src/replay/types';
import { createInstagraph, type Instagraph } from '../../src/server';

export const HIKERAPI_KEY = 'hk-graphql-SUITE-KEY-4c1d2e7a';
export const AISA_KEY = 'aisa-graphql-SUITE-KEY-9f8e7d31';

/** Every cache off, so each request's upstream calls are its own. */
const NO_CACHE = {
  CACHE_TTL_PROFILE_S: '0',
  CACHE_TTL_MEDIA_LIST_S: '0',
  CACHE_TTL_USER_LIST_S: '0',
  CACHE_TTL_MEDIA_S: '0',
  CACHE_TTL_LOCATION_S: '0',
  CACHE_TTL_NEGATIVE_S: '0',
} as const;

/**
 * The providers' request rates are the vendors' real limits; the replay upstream has none, and a
 * page walk makes hundreds of calls.
 */
const UNTHROTTLED = { HIKERAPI_RPS: '10000', AISA_RPM: '600000' } as const;

export function startReplay(): Promise<ReplayServer> {
  return startReplayServer({ hikerapiKey: HIKERAPI_KEY, aisaKey: AISA_KEY });
}

export type Setup = 'both' | 'hikerapi' | 'aisa';

/** An instagraph over the replay upstream with no cache; `setup` decides which keys it has. */
export function createApp(replay: ReplayServer, setup: Setup = 'hikerapi', env: Record<string, string> = {}): Instagraph {
  const keys = {
    ...(setup !== 'aisa' ? { HIKERAPI_KEY, HIKERAPI_URL: replay.hikerapiUrl } : {}),
    ...(setup !== 'hikerapi' ? { AISA_API_KEY: AISA_KEY, AISA_URL: replay.aisaUrl } : {}),
  };
  const order = setup === 'both' ? 'hikerapi,aisa' : setup;
  const config = loadConfig({ ...keys, PROVIDER_ORDER: order, ...NO_CACHE, ...UNTHROTTLED, ...env });
  return createInstagraph({ config, logErrors: false });
}

export interface ClientError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; provider?: ProviderName; retryAfterSeconds?: number; [key: string]: unknown };
}

export interface Cost {
  estimated: number | null;
  upstreamCalls: number;
  cacheHits: number;
  byProvider: Partial<Record<ProviderName, { upstreamCalls: number; cacheHits: number }>>;
}

export interface GraphQLAnswer<T> {
  status: number;
  /** The raw body, for checks on what must never be sent. */
  text: string;
  data: T | null | undefined;
  errors: ClientError[];
  cost: Cost | undefined;
}

const LEAKED_SECRETS = [HIKERAPI_KEY, AISA_KEY];
// A V8 stack frame ("at fn (file.ts:12:3)") or a source path.
const STACK_TRACE = /\bat [^\s"]+ \(|\bat (?:file:\/\/|\/)[^\s"]+:\d+:\d+|node_modules|\/src\/[a-z-]+\/[a-z-]+\.ts/;

/**
 * POSTs one typed operation through yoga.fetch. Every answer is checked here for what must
 * never leave the server: an API key or a stack trace.
 */
export async function execute<TData, TVariables>(
  app: Instagraph,
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  headers: Record<string, string> = {},
): Promise<GraphQLAnswer<TData>> {
  const response = await app.yoga.fetch('http://instagraph/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const text = await response.text();
  expectNothingLeaked(text);
  const body = JSON.parse(text) as { data?: TData | null; errors?: ClientError[]; extensions?: { cost?: Cost } };
  return { status: response.status, text, data: body.data, errors: body.errors ?? [], cost: body.extensions?.cost };
}

export function expectNothingLeaked(text: string, secrets: readonly string[] = LEAKED_SECRETS): void {
  for (const secret of secrets) expect(text, 'an API key reached the client').not.toContain(secret);
  expect(text, 'a stack trace reached the client').not.toMatch(STACK_TRACE);
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

export const globalId = (typename: 'User' | 'Media' | 'Location', pk: string): string =>
  Buffer.from(`${typename}:${pk}`, 'utf8').toString('base64');
