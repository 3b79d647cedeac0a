import type { ServerResponse } from 'node:http';
import type { RoutedRequest } from './routing';
import type { ReplayCall, ReplayStats } from './types';

/** Every answered call and the concurrency seen; tests read them through `stats`. */
export interface CallLog {
  readonly stats: ReplayStats;
  record(request: RoutedRequest, status: number): void;
  /** Counts a request as in flight until its response closes. */
  track(response: ServerResponse): void;
}

export function createCallLog(): CallLog {
  let calls: ReplayCall[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  return {
    stats: {
      count(filter) {
        return calls.filter(
          (call) => (!filter?.provider || call.provider === filter.provider) && (!filter?.path || call.path === filter.path),
        ).length;
      },
      get calls() {
        return calls;
      },
      get maxInFlight() {
        return maxInFlight;
      },
      reset() {
        calls = [];
        maxInFlight = inFlight;
      },
    },
    record(request, status) {
      const params = Object.fromEntries(request.params.entries());
      calls.push({ provider: request.provider, path: request.path, params, status, at: Date.now() });
    },
    track(response) {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      response.once('close', () => {
        inFlight -= 1;
      });
    },
  };
}
