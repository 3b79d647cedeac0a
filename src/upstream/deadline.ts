/**
 * The request deadline travels as an AbortSignal. A signal does not say when it will fire, so
 * `requestDeadline` remembers the end time: the resilience policy reads it to skip a wait (for a
 * rate-limit token or a retry) that could not end in time, and fails at once instead of idling.
 */
const deadlines = new WeakMap<AbortSignal, { end: number; timeout: AbortSignal }>();

/**
 * A signal that aborts with a TimeoutError after `timeoutMs`, or earlier with `cancel`'s reason
 * (the client went away). Pass this signal itself to the policy: a signal derived from it
 * (e.g. another AbortSignal.any) still aborts in time, but its end time is no longer known.
 */
export function requestDeadline(timeoutMs: number, cancel?: AbortSignal): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = cancel ? AbortSignal.any([timeout, cancel]) : timeout;
  // Node 20's AbortSignal.any holds its sources weakly and the timer holds its signal weakly too:
  // after a GC the timeout could vanish and the deadline never fire. Keep it alive with `signal`.
  deadlines.set(signal, { end: Date.now() + timeoutMs, timeout });
  return signal;
}

/** Milliseconds left before `signal`'s deadline: Infinity when there is none or it is not known. */
export function remainingMs(signal: AbortSignal | undefined): number {
  if (signal === undefined) return Infinity;
  if (signal.aborted) return 0;
  const deadline = deadlines.get(signal);
  return deadline === undefined ? Infinity : deadline.end - Date.now();
}

/** True when `signal` fired because time ran out (AbortSignal.timeout), not because someone cancelled. */
export function abortedByDeadline(signal: AbortSignal | undefined): boolean {
  const reason: unknown = signal?.aborted ? signal.reason : undefined;
  return reason instanceof Error && reason.name === 'TimeoutError';
}
