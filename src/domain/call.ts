import type { ProviderName } from './types';

/** Counts a request's upstream exchanges against its budget (the per-request cost meter). */
export interface ExchangeMeter {
  /** Before each HTTP exchange, retries included: reserve it, or throw when the request's budget is spent. */
  reserveExchange(): void;
  /** After each HTTP exchange, whatever its outcome: each one is billed upstream. */
  recordExchange(provider: ProviderName): void;
}

/**
 * What an upstream call carries from the request it runs for, passed explicitly with each call:
 * the request's meter, its deadline (and cancellation) and who is asking. Every part is optional,
 * so a script or a test can call a provider with nothing at all.
 */
export interface CallContext {
  readonly meter?: ExchangeMeter | undefined;
  /** The request's deadline combined with its cancellation. */
  readonly signal?: AbortSignal | undefined;
  /** The client the call is for; undefined for anonymous callers. */
  readonly client?: CallClient | undefined;
  /** Where the request's trace records each exchange; undefined when tracing is off. */
  readonly trace?: ExchangeTrace | undefined;
}

/** One HTTP exchange, as a trace records it. */
export interface ExchangeRecord {
  provider: ProviderName;
  endpoint: string;
  status: number | undefined;
  /** Which try of its call, from 1. */
  attempt: number;
  /** The error code it ended in, if any. */
  code: string | undefined;
  /** Epoch milliseconds. */
  startedAt: number;
  durationMs: number;
}

export interface ExchangeTrace {
  exchanged(record: ExchangeRecord): void;
}

/** Who a call is for: its share of upstream capacity is served round-robin with other clients'. */
export interface CallClient {
  /** The client's configured name (never its key). */
  readonly name: string;
  /** Most of this client's calls in flight at once, per provider; unlimited when undefined. */
  readonly concurrency?: number | undefined;
}
