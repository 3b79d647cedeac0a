import {
  parseRetryAfter,
  UpstreamAuthError,
  UpstreamBadRequestError,
  UpstreamNotFoundError,
  UpstreamPaymentRequiredError,
  UpstreamPrivateAccountError,
  UpstreamRateLimitedError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
  type UpstreamError,
} from '../../upstream/errors';
import type { UpstreamErrorResponse } from '../../upstream/http';

const MAX_DETAIL_LENGTH = 300;

/**
 * HikerAPI's error body is `{"detail": ..., "exc_type": ...}`, where detail is a message or FastAPI's
 * validation list; proxies in front of it may answer plain text or HTML instead.
 */
export function mapHikerApiError(response: UpstreamErrorResponse): UpstreamError {
  const { endpoint, status } = response;
  const upstreamType = excTypeOf(response.body);
  const detail = detailOf(response.body);
  const message = `hikerapi ${endpoint} answered ${status}${upstreamType ? ` ${upstreamType}` : ''}${detail ? `: ${detail}` : ''}`;
  const details = { provider: response.provider, endpoint, status, upstreamType };

  if (status === 401) return new UpstreamAuthError(message, details);
  if (status === 402) return new UpstreamPaymentRequiredError(message, details);
  // HikerAPI answers 403 only when the account hides its data; a bad key is 401.
  if (status === 403) return new UpstreamPrivateAccountError(message, details);
  if (status === 404) return new UpstreamNotFoundError(message, details);
  if (status === 408) return new UpstreamTimeoutError(message, details);
  // 410: the endpoint is retired, asking again will not help.
  if (status === 410) return new UpstreamUnavailableError(message, { ...details, retryable: false });
  if (status === 429) {
    return new UpstreamRateLimitedError(message, { ...details, retryAfterMs: parseRetryAfter(response.headers['retry-after']) });
  }
  if (status >= 500) return new UpstreamUnavailableError(message, details);
  if (status >= 400) return new UpstreamBadRequestError(message, details);
  // A redirect or other non-2xx status we never asked for: a deployment problem, not a transient one.
  return new UpstreamUnavailableError(message, { ...details, retryable: false });
}

function excTypeOf(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  return typeof body.exc_type === 'string' && body.exc_type !== '' ? body.exc_type : undefined;
}

function detailOf(body: unknown): string | null {
  let text: string | null = null;
  if (typeof body === 'string') {
    text = body;
  } else if (isRecord(body)) {
    const { detail } = body;
    if (typeof detail === 'string') text = detail;
    else if (Array.isArray(detail)) text = detail.map(describeValidationIssue).join('; ');
    else if (typeof body.message === 'string') text = body.message;
    else if (typeof body.error === 'string') text = body.error;
  }
  const collapsed = text?.replace(/\s+/g, ' ').trim() ?? '';
  if (collapsed === '') return null;
  return collapsed.length > MAX_DETAIL_LENGTH ? `${collapsed.slice(0, MAX_DETAIL_LENGTH)}…` : collapsed;
}

/** FastAPI: `{"loc": ["query", "user_id"], "msg": "Field required", "type": "missing"}`. */
function describeValidationIssue(issue: unknown): string {
  if (!isRecord(issue)) return String(issue);
  const location = Array.isArray(issue.loc) ? issue.loc.join('.') : '';
  const text = typeof issue.msg === 'string' ? issue.msg : 'invalid';
  return location ? `${location}: ${text}` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

