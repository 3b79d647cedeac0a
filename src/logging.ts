import { GraphQLError } from 'graphql';
import type { YogaLogger } from 'graphql-yoga';
import { GatewayError, type ErrorCode } from './domain/errors';
import { UpstreamError } from './upstream/errors';

/** Client-caused or data-shaped outcomes: the client was told, the operator needs no log line. */
const QUIET_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['NOT_FOUND', 'PRIVATE_ACCOUNT', 'BAD_USER_INPUT', 'QUERY_TOO_EXPENSIVE', 'UNSUPPORTED_BY_PROVIDERS']);

/**
 * Yoga logs every error it hands to maskError. Upstream trouble becomes one warn line (no
 * stack: it is not our bug); expected client outcomes are not logged; anything else is an
 * internal error and keeps its stack.
 */
export function createLogger(enabled: boolean): YogaLogger {
  const silent = () => undefined;
  return {
    debug: silent,
    info: enabled ? console.info : silent,
    warn: enabled ? console.warn : silent,
    error: (...args: unknown[]) => {
      if (!enabled) return;
      const known = knownError(args[0]);
      if (known instanceof UpstreamError && !QUIET_CODES.has(known.code)) {
        console.warn(`upstream ${known.code}: ${known.message}`);
      } else if (!known) {
        console.error(...args);
      }
    },
  };
}

function knownError(value: unknown): UpstreamError | GatewayError | undefined {
  const original = value instanceof GraphQLError ? value.originalError : value;
  return original instanceof UpstreamError || original instanceof GatewayError ? original : undefined;
}
