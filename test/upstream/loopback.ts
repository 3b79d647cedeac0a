import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  parseRetryAfter,
  UpstreamAuthError,
  UpstreamBadRequestError,
  UpstreamError,
  UpstreamNotFoundError,
  UpstreamPaymentRequiredError,
  UpstreamRateLimitedError,
  UpstreamUnavailableError,
} from '../../src/upstream/errors';
import { UpstreamHttpClient, type UpstreamCallEvent, type UpstreamErrorResponse, type UpstreamTimeouts } from '../../src/upstream/http';
import type { UpstreamPolicy } from '../../src/upstream/resilience';

/** How the loopback upstream answers one request; `hit` counts from 1. */
export type Handler = (hit: number, request: IncomingMessage, response: ServerResponse) => void;

export interface Loopback {
  baseUrl: string;
  /** Requests that reached the server. */
  hits: number;
  /** Most requests the server was handling at the same moment. */
  maxInFlight: number;
  /** performance.now() of each request's arrival. */
  arrivals: number[];
  close(): Promise<void>;
}

/** A real node:http server on 127.0.0.1 that counts what reaches it. */
export async function startLoopback(handler: Handler): Promise<Loopback> {
  let inFlight = 0;
  const state = { hits: 0, maxInFlight: 0, arrivals: [] as number[] };
  const server: Server = createServer((request, response) => {
    state.hits += 1;
    state.arrivals.push(performance.now());
    inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    response.on('close', () => {
      inFlight -= 1;
    });
    handler(state.hits, request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    get hits() {
      return state.hits;
    },
    get maxInFlight() {
      return state.maxInFlight;
    },
    get arrivals() {
      return state.arrivals;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/** A plain status-to-error mapping, enough to exercise the policy without a provider. */
function mapStatus({ provider, endpoint, status, headers }: UpstreamErrorResponse): UpstreamError {
  const details = { provider, endpoint, status };
  const message = `${provider} ${endpoint} answered ${status}`;
  if (status === 429) return new UpstreamRateLimitedError(message, { ...details, retryAfterMs: parseRetryAfter(headers['retry-after']) });
  if (status === 401 || status === 403) return new UpstreamAuthError(message, details);
  if (status === 402) return new UpstreamPaymentRequiredError(message, details);
  if (status === 404) return new UpstreamNotFoundError(message, details);
  if (status === 400 || status === 422) return new UpstreamBadRequestError(message, details);
  return new UpstreamUnavailableError(message, details);
}

export function clientFor(
  loopback: Loopback,
  /** Undefined for a bare client, whose every getJson is exactly one exchange. */
  policy: UpstreamPolicy | undefined,
  calls: UpstreamCallEvent[] = [],
  timeouts?: UpstreamTimeouts,
): UpstreamHttpClient {
  return new UpstreamHttpClient({
    provider: 'hikerapi',
    baseUrl: loopback.baseUrl,
    authHeaders: { 'x-access-key': 'test-key-0123456789' },
    mapErrorResponse: mapStatus,
    onCall: (event) => calls.push(event),
    ...(policy ? { policy } : {}),
    ...(timeouts ? { timeouts } : {}),
  });
}

/** A response the test lets go when it chooses: the upstream's side of event ordering. */
export function gate(): { opened: Promise<void>; open(): void } {
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

/** Most of `times` (ms, any order) that fall within any window of `windowMs` starting at one of them. */
export function busiestWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (const [index, start] of sorted.entries()) {
    let count = 0;
    for (let next = index; next < sorted.length && (sorted[next] ?? Infinity) - start < windowMs; next++) count += 1;
    most = Math.max(most, count);
  }
  return most;
}
