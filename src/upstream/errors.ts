import type { UpstreamErrorCode } from '../domain/errors';
import type { ProviderName } from '../domain/types';

export type { UpstreamErrorCode } from '../domain/errors';

export interface UpstreamErrorDetails {
  provider: ProviderName;
  endpoint: string;
  status?: number | undefined;
  /** The upstream's exception type or error code, e.g. HikerAPI's exc_type or AIsa's error.code. */
  upstreamType?: string | undefined;
}

/**
 * One class per upstream failure kind. `code` becomes the GraphQL error's extensions.code.
 * Messages are built from the endpoint and the upstream's own detail, never from request
 * headers, so an API key cannot end up in one (the HTTP client also scrubs keys defensively).
 */
export abstract class UpstreamError extends Error {
  abstract readonly code: UpstreamErrorCode;
  /** Whether the same call may succeed if tried again later. */
  abstract readonly retryable: boolean;
  readonly provider: ProviderName;
  readonly endpoint: string;
  readonly status: number | undefined;
  readonly upstreamType: string | undefined;

  constructor(message: string, details: UpstreamErrorDetails) {
    super(message);
    this.name = new.target.name;
    this.provider = details.provider;
    this.endpoint = details.endpoint;
    this.status = details.status;
    this.upstreamType = details.upstreamType;
    this.subject = undefined;
    this.hint = undefined;
  }

  /** What was asked for, in words a client understands (e.g. "Instagram account @ghost.user"). */
  subject: string | undefined;
  /** Advice for the client, added to the message it sees. */
  hint: string | undefined;

  /**
   * The same error about `subject`, with `hint`. A copy: one error object can be shared by every
   * request that joined the same in-flight call, and each describes it in its own terms.
   */
  with(details: { subject?: string; hint?: string }): this {
    const copy = Object.assign(Object.create(Object.getPrototypeOf(this) as object) as this, this);
    copy.subject = details.subject ?? this.subject;
    copy.hint = details.hint ?? this.hint;
    copy.stack = this.stack;
    return copy;
  }
}

export class UpstreamNotFoundError extends UpstreamError {
  readonly code = 'NOT_FOUND';
  readonly retryable = false;
}

export class UpstreamPrivateAccountError extends UpstreamError {
  readonly code = 'PRIVATE_ACCOUNT';
  readonly retryable = false;
}

export class UpstreamRateLimitedError extends UpstreamError {
  readonly code = 'UPSTREAM_RATE_LIMITED';
  readonly retryable = true;
  /** From Retry-After when the upstream sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, details: UpstreamErrorDetails & { retryAfterMs?: number | undefined }) {
    super(message, details);
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** 5xx, a retired endpoint (410), a refused or dropped connection, an open circuit. */
export class UpstreamUnavailableError extends UpstreamError {
  readonly code = 'UPSTREAM_UNAVAILABLE';
  readonly retryable: boolean;

  constructor(message: string, details: UpstreamErrorDetails & { retryable?: boolean }) {
    super(message, details);
    this.retryable = details.retryable ?? true;
  }
}

/** UPSTREAM_UNAVAILABLE without calling the upstream: the provider's circuit is open. */
export class UpstreamCircuitOpenError extends UpstreamUnavailableError {}

export class UpstreamTimeoutError extends UpstreamError {
  readonly code = 'UPSTREAM_TIMEOUT';
  readonly retryable = true;
}

export class UpstreamAuthError extends UpstreamError {
  readonly code = 'UPSTREAM_AUTH';
  readonly retryable = false;
}

export class UpstreamPaymentRequiredError extends UpstreamError {
  readonly code = 'UPSTREAM_PAYMENT_REQUIRED';
  readonly retryable = false;
}

/** 400 or 422: the upstream rejected our parameters. */
export class UpstreamBadRequestError extends UpstreamError {
  readonly code = 'UPSTREAM_BAD_REQUEST';
  readonly retryable = false;
}

/** Malformed JSON or a body that fails its wire schema. */
export class UpstreamBadResponseError extends UpstreamError {
  readonly code = 'UPSTREAM_BAD_RESPONSE';
  readonly retryable = false;
  /** Where the body failed its schema, e.g. "[0][3].code". */
  readonly failingPath: string | undefined;

  constructor(message: string, details: UpstreamErrorDetails & { failingPath?: string | undefined }) {
    super(message, details);
    this.failingPath = details.failingPath;
  }
}

export function isUpstreamError(error: unknown): error is UpstreamError {
  return error instanceof UpstreamError;
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
