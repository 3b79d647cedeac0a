import type { ProviderName } from '../domain/types';

/** A fault the replay upstream injects into matching calls, for failure-handling tests. */
export interface FaultRule {
  provider?: ProviderName;
  /** Wire path without AIsa's /apis/v1 prefix, e.g. "/v1/user/clips/chunk" or "/instagram/user/reels". */
  path?: string;
  /** Only calls whose query parameters include these values. */
  params?: Record<string, string>;
  /** How many matching calls the rule applies to; unlimited when omitted. */
  times?: number;
  /** Answer with this status (and `body`, or the provider's documented error body for it). */
  status?: number;
  body?: unknown;
  /** Sent as the Retry-After header (seconds). */
  retryAfterSeconds?: number;
  /** Delay before answering, on top of the global latency. */
  delayMs?: number;
  /** Never answer (the client's timeout or deadline must end the call). */
  hang?: boolean;
  /** Answer 200 with a body that is not valid JSON. */
  malformedJson?: boolean;
  /** Send headers and part of the body, then destroy the socket. */
  dropConnection?: boolean;
  /** Answer the normal body with this dotted field removed from every item, e.g. "code" or "user.username". */
  omitField?: string;
}

export interface ReplayCall {
  provider: ProviderName;
  path: string;
  params: Record<string, string>;
  status: number;
  at: number;
}

export interface ReplayStats {
  /** Calls answered (any status), optionally for one provider and/or path. */
  count(filter?: { provider?: ProviderName; path?: string }): number;
  /** Every call in arrival order. */
  readonly calls: readonly ReplayCall[];
  /** Most calls in flight at once since the last reset. */
  readonly maxInFlight: number;
  reset(): void;
}

export interface ReplayServer {
  /** Origin, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  /** Base URL to configure as HIKERAPI_URL (paths /v1/...). */
  readonly hikerapiUrl: string;
  /** Base URL to configure as AISA_URL (paths /instagram/...), i.e. `${url}/apis/v1`. */
  readonly aisaUrl: string;
  readonly stats: ReplayStats;
  /** Latency added to every call, in ms. */
  setLatency(ms: number): void;
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  close(): Promise<void>;
}

export interface ReplayOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The keys the server accepts; any other (or none) gets the provider's 401. */
  hikerapiKey: string;
  aisaKey: string;
  latencyMs?: number;
}
