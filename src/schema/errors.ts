import { GraphQLError } from 'graphql';
import { GatewayError, type ErrorCode, type UpstreamErrorCode } from '../domain/errors';
import type { ProviderName } from '../domain/types';
import { UpstreamCircuitOpenError, UpstreamError, UpstreamRateLimitedError } from '../upstream/errors';

/**
 * Errors clients may see, with their extensions.code. Anything else is an internal error:
 * yoga masks it ("Unexpected error.") and we log it with its stack.
 */
export function toClientError(error: unknown): GraphQLError | undefined {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  const located = error instanceof GraphQLError ? error : undefined;
  if (original instanceof GatewayError) {
    return withExtensions(located, original.message, { code: original.code });
  }
  if (original instanceof UpstreamError) {
    const retryAfterMs = original instanceof UpstreamRateLimitedError ? original.retryAfterMs : undefined;
    return withExtensions(located, clientMessage(original, retryAfterMs), {
      code: original.code,
      provider: original.provider,
      ...(retryAfterMs !== undefined ? { retryAfterSeconds: Math.ceil(retryAfterMs / 1000) } : {}),
    });
  }
  return undefined;
}

const PROVIDER_NAMES_SHOWN: Record<ProviderName, string> = { hikerapi: 'HikerAPI', aisa: 'AIsa' };

/**
 * What a client reads of an upstream failure: what was missing or failed, and what to do. The
 * upstream's paths and own words (which could hint at our setup) stay in the log.
 */
function clientMessage(error: UpstreamError, retryAfterMs: number | undefined): string {
  const provider = PROVIDER_NAMES_SHOWN[error.provider];
  const subject = error.subject;
  const retry = retryAfterMs !== undefined ? `retry in ${Math.ceil(retryAfterMs / 1000)} s` : 'retry later';
  const messages: Record<UpstreamErrorCode, string> = {
    NOT_FOUND: `No ${subject ?? 'such account, post or location'}`,
    PRIVATE_ACCOUNT: `${subject ?? 'This account'} is a private account: its lists and media are not public`,
    UPSTREAM_RATE_LIMITED: `${provider} is rate limiting us: ${retry}`,
    UPSTREAM_UNAVAILABLE: `${provider} is unavailable${error instanceof UpstreamCircuitOpenError ? ' (circuit open after repeated failures)' : ''}: retry later`,
    UPSTREAM_TIMEOUT: `${provider} did not answer in time: retry later`,
    UPSTREAM_AUTH: `${provider} rejected our API key: the operator must fix it`,
    UPSTREAM_PAYMENT_REQUIRED: `Our ${provider} balance is exhausted: the operator must top it up`,
    UPSTREAM_BAD_REQUEST: `${provider} refused the parameters of this request`,
    UPSTREAM_BAD_RESPONSE: `${provider} answered something we could not read`,
  };
  const message = messages[error.code];
  return error.hint ? `${message} (${error.hint})` : message;
}

/** An error for the client with its code from the one vocabulary, for refusals made outside resolvers. */
export function clientError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

function withExtensions(
  located: GraphQLError | undefined,
  message: string,
  extensions: { code: ErrorCode } & Record<string, unknown>,
): GraphQLError {
  return new GraphQLError(message, {
    nodes: located?.nodes,
    source: located?.source,
    positions: located?.positions,
    path: located?.path,
    extensions,
  });
}
