/**
 * Errors the gateway raises itself (as opposed to UpstreamError, which an upstream answered).
 * Each carries the GraphQL extensions.code a client sees.
 */
export type GatewayErrorCode = 'BAD_USER_INPUT' | 'PRIVATE_ACCOUNT' | 'UNSUPPORTED_BY_PROVIDERS' | 'QUERY_TOO_EXPENSIVE';

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
