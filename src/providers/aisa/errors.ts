import {
  parseRetryAfter,
  UpstreamAuthError,
  UpstreamBadRequestError,
  UpstreamNotFoundError,
  UpstreamPaymentRequiredError,
  UpstreamRateLimitedError,
  UpstreamUnavailableError,
  type UpstreamError,
} from '../../upstream/errors';
import type { UpstreamErrorResponse } from '../../upstream/http';

/** Upstream text is quoted in messages: keep it short (a gateway may answer a whole HTML page). */
const MAX_DETAIL_LENGTH = 300;

interface AisaErrorDetail {
  message: string | undefined;
  /** e.g. "invalid_api_key", "insufficient_wallet_balance". */
  code: string | undefined;
  /** 503 bodies may say whether a retry can help. */
  retryable: boolean | undefined;
}

function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * AIsa's error bodies vary by endpoint and gateway layer:
 *   401 {"code":"invalid_api_key","error":"..."}
 *   402 {"error":{"code":"insufficient_wallet_balance","message":"...","retryable":false}}
 *   400/502 {"error":"..."}
 *   declared {success, credits_remaining, error, errorStatus, message}
 * or plain text.
 */
export function readAisaErrorBody(body: unknown): AisaErrorDetail {
  if (typeof body === 'string') return { message: body.trim() || undefined, code: undefined, retryable: undefined };
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { message: undefined, code: undefined, retryable: undefined };
  }
  const record = body as Record<string, unknown>;
  const nested = record.error;
  if (typeof nested === 'object' && nested !== null && !Array.isArray(nested)) {
    const inner = nested as Record<string, unknown>;
    return {
      message: stringField(inner, 'message') ?? stringField(record, 'message'),
      code: stringField(inner, 'code') ?? stringField(record, 'code'),
      retryable: typeof inner.retryable === 'boolean' ? inner.retryable : undefined,
    };
  }
  const error = stringField(record, 'error');
  const message = stringField(record, 'message');
  return {
    message: error && message && error !== message ? `${error}: ${message}` : (message ?? error ?? stringField(record, 'detail')),
    code: stringField(record, 'code'),
    retryable: typeof record.retryable === 'boolean' ? record.retryable : undefined,
  };
}

/** Defence in depth: never quote a bearer token, even one the upstream echoed back. */
function redactBearer(text: string): string {
  return text.replace(/Bearer\s+\S+/gi, 'Bearer [redacted]');
}

function clip(text: string): string {
  return text.length > MAX_DETAIL_LENGTH ? `${text.slice(0, MAX_DETAIL_LENGTH)}…` : text;
}

/** A non-2xx AIsa answer → its typed UpstreamError. */
export function mapAisaError(response: UpstreamErrorResponse): UpstreamError {
  const { endpoint, status } = response;
  const detail = readAisaErrorBody(response.body);
  const quoted = detail.message ? `: ${clip(redactBearer(detail.message))}` : '';
  const message = `aisa ${endpoint} answered ${status}${detail.code ? ` (${detail.code})` : ''}${quoted}`;
  const details = { provider: response.provider, endpoint, status, upstreamType: detail.code };

  if (status === 401 || status === 403) return new UpstreamAuthError(message, details);
  if (status === 402) return new UpstreamPaymentRequiredError(message, details);
  if (status === 404) return new UpstreamNotFoundError(message, details);
  if (status === 410) return new UpstreamUnavailableError(message, { ...details, retryable: false });
  if (status === 429) {
    return new UpstreamRateLimitedError(message, { ...details, retryAfterMs: parseRetryAfter(response.headers['retry-after']) });
  }
  if (status >= 400 && status < 500) return new UpstreamBadRequestError(message, details);
  // 5xx, or a redirect we do not follow.
  return new UpstreamUnavailableError(message, { ...details, retryable: detail.retryable ?? status >= 500 });
}
