/**
 * The one error vocabulary: every extensions.code a client can see. Sets of codes elsewhere
 * (logging, failover, caching) are typed against these unions, so they cannot drift.
 */

/** Codes for what an upstream answered or failed to answer (see upstream/errors.ts). */
export type UpstreamErrorCode =
  | 'NOT_FOUND'
  | 'PRIVATE_ACCOUNT'
  | 'UPSTREAM_RATE_LIMITED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_AUTH'
  | 'UPSTREAM_PAYMENT_REQUIRED'
  | 'UPSTREAM_BAD_REQUEST'
  | 'UPSTREAM_BAD_RESPONSE';

/**
 * Codes for what the gateway decides itself, before or instead of an upstream call (NOT_FOUND: an
 * id names nothing in the answer that should hold it, e.g. a highlight its owner no longer has).
 */
export type GatewayErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'PRIVATE_ACCOUNT' | 'UNSUPPORTED_BY_PROVIDERS' | 'QUERY_TOO_EXPENSIVE';

/** Codes for who may spend: a request without a valid client key, or over its client's quota. */
export type AccessErrorCode = 'UNAUTHENTICATED' | 'QUOTA_EXCEEDED';

/** Codes for requests refused at the edge, before their document runs. */
export type EdgeErrorCode =
  | 'BAD_REQUEST'
  | 'FORBIDDEN'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'METHOD_NOT_ALLOWED'
  | 'QUERY_TOO_DEEP'
  | 'TOO_MANY_ALIASES'
  | 'TOO_MANY_TOKENS'
  | 'TOO_MANY_DIRECTIVES'
  | 'PERSISTED_QUERY_ONLY'
  | 'PERSISTED_QUERY_NOT_FOUND'
  | 'GRAPHQL_PARSE_FAILED'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'INTERNAL_SERVER_ERROR';

export type ErrorCode = UpstreamErrorCode | GatewayErrorCode | AccessErrorCode | EdgeErrorCode;

/** Errors the gateway raises itself (as opposed to UpstreamError, which an upstream answered). */
export class GatewayError extends Error {
  readonly code: GatewayErrorCode;

  constructor(code: GatewayErrorCode, message: string) {
    super(message);
    this.name = 'GatewayError';
    this.code = code;
  }
}

export function badUserInput(message: string): GatewayError {
  return new GatewayError('BAD_USER_INPUT', message);
}

/** Longest part of a client's input an error message repeats: a 10 MB username gives a short answer. */
const ECHO_LIMIT = 64;

/** `value` as an error message may quote it: cut to 64 characters with "…". */
export function echo(value: string): string {
  return value.length > ECHO_LIMIT ? `${value.slice(0, ECHO_LIMIT)}…` : value;
}
