import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { loadConfig } from '../../src/config';
import { startReplayServer } from '../../src/replay/server';
import type { ReplayServer } from '../../src/replay/types';
import { createInstagraph, type Instagraph } from '../../src/server';
import { expectNothingLeaked, NO_CACHE, UNTHROTTLED, type ClientError, type Cost } from '../helpers/instagraph';

export { errorAt, expectNothingLeaked, type ClientError, type Cost } from '../helpers/instagraph';

export const HIKERAPI_KEY = 'hk-graphql-SUITE-KEY-4c1d2e7a';
export const AISA_KEY = 'aisa-graphql-SUITE-KEY-9f8e7d31';

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

export interface GraphQLAnswer<T> {
  status: number;
  /** The raw body, for checks on what must never be sent. */
  text: string;
  data: T | null | undefined;
  errors: ClientError[];
  cost: Cost | undefined;
}

const LEAKED_SECRETS = [HIKERAPI_KEY, AISA_KEY];

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
  expectNothingLeaked(text, LEAKED_SECRETS);
  const body = JSON.parse(text) as { data?: TData | null; errors?: ClientError[]; extensions?: { cost?: Cost } };
  return { status: response.status, text, data: body.data, errors: body.errors ?? [], cost: body.extensions?.cost };
}

export function codes(errors: readonly ClientError[]): (string | undefined)[] {
  return errors.map((error) => error.extensions?.code);
}

export const globalId = (typename: 'User' | 'Media' | 'Location', pk: string): string =>
  Buffer.from(`${typename}:${pk}`, 'utf8').toString('base64');
