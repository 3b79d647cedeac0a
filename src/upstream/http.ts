import { Pool, errors as undiciErrors } from 'undici';
import type { IncomingHttpHeaders } from 'undici/types/header';
import type { CallContext } from '../domain/call';
import type { ProviderName } from '../domain/types';
import type { UpstreamErrorCode } from '../domain/errors';
import {
  UpstreamBadResponseError,
  UpstreamError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
} from './errors';
import { parseJsonKeepingBigIds } from './json';
import { SecretRedactor } from './redact';
import type { UpstreamPolicy } from './resilience';

export interface UpstreamTimeouts {
  connectMs: number;
  headersMs: number;
  bodyMs: number;
}

export const DEFAULT_TIMEOUTS: UpstreamTimeouts = { connectMs: 5_000, headersMs: 30_000, bodyMs: 30_000 };

/** A non-2xx answer, handed to the provider to turn into its typed error. */
export interface UpstreamErrorResponse {
  provider: ProviderName;
  endpoint: string;
  status: number;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, or the raw text when it is not JSON. */
  body: unknown;
}

export interface UpstreamCallEvent {
  provider: ProviderName;
  endpoint: string;
  /** HTTP status, or undefined when no response arrived. */
  status: number | undefined;
  /** Which try of its call this exchange was, from 1. */
  attempt: number;
  /** The error it ended in, if any, and the upstream's own words about it (keys redacted): for operators only. */
  code: UpstreamErrorCode | undefined;
  detail: string | undefined;
  /** The client it was spent for; undefined for anonymous callers. */
  client: string | undefined;
  durationMs: number;
}

export interface UpstreamHttpOptions {
  provider: ProviderName;
  /** Base URL, possibly with a path prefix (AIsa's is /apis/v1). */
  baseUrl: string;
  /** The auth header(s). Their values are secrets: scrubbed from every error message. */
  authHeaders: Record<string, string>;
  mapErrorResponse: (response: UpstreamErrorResponse) => UpstreamError;
  timeouts?: UpstreamTimeouts;
  /** Keep-alive connections in the provider's pool. */
  connections?: number;
  /** Called once per HTTP exchange (each retry is its own call), for every request: process-wide observation. */
  onCall?: (event: UpstreamCallEvent) => void;
  /**
   * The real status of a 2xx body that is an error envelope (AIsa answers some failures as 200
   * `{success: false, errorStatus}`), so it is retried and mapped like the status it names.
   */
  errorStatusOf?: (body: unknown) => number | undefined;
  /** Limits, retries, circuit breaking and deadline for every getJson; each try is its own exchange. */
  policy?: UpstreamPolicy;
}

/** One keep-alive pool per provider; GET with query parameters; JSON that keeps 64-bit ids exact. */
export class UpstreamHttpClient {
  readonly provider: ProviderName;
  private readonly pool: Pool;
  private readonly pathPrefix: string;
  private readonly headers: Record<string, string>;
  private readonly redactor: SecretRedactor;
  private readonly options: UpstreamHttpOptions;

  constructor(options: UpstreamHttpOptions) {
    this.options = options;
    this.provider = options.provider;
    const base = new URL(options.baseUrl);
    this.pathPrefix = base.pathname.replace(/\/+$/, '');
    this.headers = { accept: 'application/json', ...options.authHeaders };
    this.redactor = new SecretRedactor(Object.values(options.authHeaders).map((value) => value.replace(/^Bearer\s+/i, '')));
    const timeouts = options.timeouts ?? DEFAULT_TIMEOUTS;
    this.pool = new Pool(base.origin, {
      connections: options.connections ?? 32,
      connectTimeout: timeouts.connectMs,
      headersTimeout: timeouts.headersMs,
      bodyTimeout: timeouts.bodyMs,
      keepAliveTimeout: 30_000,
    });
  }

  /**
   * GET `endpoint` (e.g. "/v1/user/by/id") and return its parsed JSON body, or throw an UpstreamError.
   * Each exchange, retries included, is reserved from and recorded on `call.meter`.
   */
  async getJson(endpoint: string, params: Record<string, string | undefined>, call: CallContext = {}): Promise<unknown> {
    const policy = this.options.policy;
    if (!policy) return this.exchange(endpoint, params, call, call.signal, 1);
    let attempt = 0;
    return policy.execute(endpoint, (attemptSignal) => this.exchange(endpoint, params, call, attemptSignal, ++attempt), {
      signal: call.signal,
      client: call.client,
    });
  }

  /** One HTTP exchange; records it once on the call's meter and onCall, whatever its outcome. */
  private async exchange(
    endpoint: string,
    params: Record<string, string | undefined>,
    call: CallContext,
    signal: AbortSignal | undefined,
    attempt: number,
  ): Promise<unknown> {
    call.meter?.reserveExchange();
    const startedAt = Date.now();
    const started = performance.now();
    const outcome: { status?: number; error?: UpstreamError } = {};
    try {
      return await this.send(endpoint, params, signal, outcome);
    } catch (error) {
      outcome.error = this.scrub(this.toUpstreamError(endpoint, error, outcome.status));
      throw outcome.error;
    } finally {
      call.meter?.recordExchange(this.provider);
      const durationMs = performance.now() - started;
      call.trace?.exchanged({ provider: this.provider, endpoint, status: outcome.status, attempt, code: outcome.error?.code, startedAt, durationMs });
      this.options.onCall?.({
        provider: this.provider,
        endpoint,
        status: outcome.status,
        attempt,
        code: outcome.error?.code,
        detail: outcome.error?.message,
        client: call.client?.name,
        durationMs,
      });
    }
  }

  /** GET and read the body; a non-2xx answer (or an error envelope) becomes the provider's typed error. */
  private async send(
    endpoint: string,
    params: Record<string, string | undefined>,
    signal: AbortSignal | undefined,
    outcome: { status?: number },
  ): Promise<unknown> {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      if (value !== undefined) query.set(key, value);
    }
    const search = query.toString();
    const path = `${this.pathPrefix}${endpoint}${search ? `?${search}` : ''}`;
    const response = await this.pool.request({ method: 'GET', path, headers: this.headers, signal });
    let status = response.statusCode;
    outcome.status = status;
    const text = await response.body.text();
    const body = this.parseBody(endpoint, text, status);
    if (status >= 200 && status < 300) status = this.options.errorStatusOf?.(body) ?? status;
    outcome.status = status;
    if (status >= 200 && status < 300) return body;
    // Redacted before the error is built, so neither its message nor its stack can hold a key,
    // even where a long upstream detail is cut short around an echoed key.
    throw this.options.mapErrorResponse({
      provider: this.provider,
      endpoint,
      status,
      headers: response.headers,
      body: this.redactor.redactValue(body),
    });
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  private parseBody(endpoint: string, text: string, status: number): unknown {
    try {
      return parseJsonKeepingBigIds(text);
    } catch {
      if (status >= 200 && status < 300) {
        throw new UpstreamBadResponseError(`${this.provider} ${endpoint} answered malformed JSON`, {
          provider: this.provider,
          endpoint,
          status,
        });
      }
      return text;
    }
  }

  private toUpstreamError(endpoint: string, error: unknown, status: number | undefined): UpstreamError {
    if (error instanceof UpstreamError) return error;
    const details = { provider: this.provider, endpoint, status };
    if (
      error instanceof undiciErrors.ConnectTimeoutError ||
      error instanceof undiciErrors.HeadersTimeoutError ||
      error instanceof undiciErrors.BodyTimeoutError
    ) {
      return new UpstreamTimeoutError(`${this.provider} ${endpoint} timed out`, details);
    }
    if (isAbort(error)) {
      return new UpstreamTimeoutError(`${this.provider} ${endpoint} was cancelled at the request deadline`, details);
    }
    const reason = error instanceof Error ? ((error as NodeJS.ErrnoException).code ?? error.name) : 'unknown error';
    return new UpstreamUnavailableError(`${this.provider} ${endpoint} failed: ${reason}`, details);
  }

  /** Defence in depth: an upstream that echoes our key back must not leak it through us. */
  private scrub(error: UpstreamError): UpstreamError {
    error.message = this.redactor.redact(error.message);
    return error;
  }
}

function isAbort(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === 'AbortError' ||
      // AbortSignal.timeout aborts with a TimeoutError: that is the request deadline.
      error.name === 'TimeoutError' ||
      error instanceof undiciErrors.RequestAbortedError ||
      (error as NodeJS.ErrnoException).code === 'ABORT_ERR')
  );
}
