import { GraphQLError, type ExecutionResult } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { EMPTY_COST } from '../data/cost';
import type { ErrorCode } from '../domain/errors';

/** GraphQL Armor's rejections, by their messages (it gives them no code of their own). */
const ARMOR_REJECTIONS: [RegExp, ErrorCode][] = [
  [/Query depth limit of \d+ exceeded/, 'QUERY_TOO_DEEP'],
  [/Aliases limit of \d+ exceeded/, 'TOO_MANY_ALIASES'],
  [/Token limit of \d+ exceeded/, 'TOO_MANY_TOKENS'],
  [/Directives limit of \d+ exceeded/, 'TOO_MANY_DIRECTIVES'],
];

/** What graphql-js and yoga say in their own words or codes, in ours: the request was not one we run. */
const NOT_RUNNABLE: [RegExp, ErrorCode][] = [
  [/^Schema is not configured to execute (mutation|subscription) operation/, 'BAD_REQUEST'],
  [/^(Could not determine what operation to execute|Unknown operation named)/, 'BAD_REQUEST'],
];

const BY_STATUS: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  403: 'FORBIDDEN',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

interface HttpExtension {
  status?: number;
  spec?: boolean;
  headers?: Record<string, string>;
}

/**
 * The last word on every response: every error has an extensions.code, every response has
 * extensions.cost (zero where nothing ran), and a response with no data is a 4xx for a client that
 * accepts application/graphql-response+json (graphql-over-http; with application/json it stays 200).
 */
export function useEveryErrorCoded(): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || isAsyncIterable(result)) return;
      setResult(completed(result));
    },
  };
}

function completed(result: ExecutionResult): ExecutionResult {
  const withoutData = result.data === undefined || result.data === null;
  const errors = result.errors?.map((error) => coded(error, withoutData));
  const cost = result.extensions?.cost ?? EMPTY_COST;
  return { ...result, ...(errors ? { errors } : {}), extensions: { ...result.extensions, cost } };
}

function coded(error: GraphQLError, withoutData: boolean): GraphQLError {
  const extensions = error.extensions as Record<string, unknown> & { code?: string; http?: HttpExtension };
  const named = [...ARMOR_REJECTIONS, ...NOT_RUNNABLE].find(([pattern]) => pattern.test(error.message))?.[1];
  const code = named ?? extensions.code ?? BY_STATUS[extensions.http?.status ?? 0] ?? 'INTERNAL_SERVER_ERROR';
  // A refusal before execution says so in its status, when the client accepts the spec's media type.
  const http = withoutData && extensions.http?.status === undefined && code !== 'INTERNAL_SERVER_ERROR' ? { ...extensions.http, status: 400, spec: true } : extensions.http;
  if (code === extensions.code && http === extensions.http) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...extensions, code, ...(http ? { http } : {}) },
  });
}
