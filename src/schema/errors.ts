import { GraphQLError } from 'graphql';
import { GatewayError, type ErrorCode } from '../domain/errors';
import { UpstreamError, UpstreamRateLimitedError } from '../upstream/errors';

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
    return withExtensions(located, original.message, {
      code: original.code,
      provider: original.provider,
      ...(retryAfterMs !== undefined ? { retryAfterSeconds: Math.ceil(retryAfterMs / 1000) } : {}),
    });
  }
  return undefined;
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
