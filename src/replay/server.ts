import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { ProviderName } from '../domain/types';
import { aisaErrorBody, aisaMethodNotAllowed, aisaRoutes, aisaUnauthorized, aisaUnknownPath } from './aisa';
import {
  hikerapiErrorBody,
  hikerapiMethodNotAllowed,
  hikerapiRoutes,
  hikerapiUnauthorized,
  hikerapiUnknownPath,
} from './hikerapi';
import { cloneBody, omitDottedField, serializeBody, type ReplayResponse } from './respond';
import type { FaultRule, ReplayCall, ReplayOptions, ReplayServer, ReplayStats } from './types';
import { loadWorld, type World } from './world';

export const AISA_PREFIX = '/apis/v1';

interface ActiveFault {
  rule: FaultRule;
  remaining: number;
}

interface RoutedRequest {
  provider: ProviderName;
  path: string;
  params: URLSearchParams;
}

function route(request: IncomingMessage): RoutedRequest {
  const url = new URL(request.url ?? '/', 'http://replay.invalid');
  if (url.pathname === AISA_PREFIX || url.pathname.startsWith(`${AISA_PREFIX}/`)) {
    return { provider: 'aisa', path: url.pathname.slice(AISA_PREFIX.length) || '/', params: url.searchParams };
  }
  return { provider: 'hikerapi', path: url.pathname, params: url.searchParams };
}

function isAuthorized(request: IncomingMessage, provider: ProviderName, options: ReplayOptions): boolean {
  if (provider === 'hikerapi') return request.headers['x-access-key'] === options.hikerapiKey;
  return request.headers.authorization === `Bearer ${options.aisaKey}`;
}

function answer(request: RoutedRequest, method: string, world: World): ReplayResponse {
  const handler = request.provider === 'hikerapi' ? hikerapiRoutes[request.path] : aisaRoutes[request.path];
  if (!handler) return request.provider === 'hikerapi' ? hikerapiUnknownPath() : aisaUnknownPath();
  if (method !== 'GET') return request.provider === 'hikerapi' ? hikerapiMethodNotAllowed() : aisaMethodNotAllowed();
  return handler(request.params, world);
}

function faultMatches(rule: FaultRule, request: RoutedRequest): boolean {
  if (rule.provider && rule.provider !== request.provider) return false;
  if (rule.path && rule.path !== request.path) return false;
  for (const [name, value] of Object.entries(rule.params ?? {})) {
    if (request.params.get(name) !== value) return false;
  }
  return true;
}

function paramsRecord(params: URLSearchParams): Record<string, string> {
  return Object.fromEntries(params.entries());
}

/** Starts the replay upstream: both providers' wire protocols over the fixture world, with faults. */
export async function startReplayServer(options: ReplayOptions): Promise<ReplayServer> {
  const world = loadWorld();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let faults: ActiveFault[] = [];
  let latencyMs = options.latencyMs ?? 0;
  let calls: ReplayCall[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let closing = false;

  const stats: ReplayStats = {
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
  };

  const wait = (ms: number): Promise<void> =>
    ms <= 0
      ? Promise.resolve()
      : new Promise((resolve) => {
          const timer = setTimeout(() => {
            timers.delete(timer);
            resolve();
          }, ms);
          timers.add(timer);
        });

  function takeFault(request: RoutedRequest): FaultRule | null {
    const active = faults.find((fault) => fault.remaining > 0 && faultMatches(fault.rule, request));
    if (!active) return null;
    active.remaining -= 1;
    return active.rule;
  }

  function record(request: RoutedRequest, status: number): void {
    calls.push({ provider: request.provider, path: request.path, params: paramsRecord(request.params), status, at: Date.now() });
  }

  function send(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
    response.writeHead(status, {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(text)),
      ...headers,
    });
    response.end(text);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const routed = route(request);
    const authorized = isAuthorized(request, routed.provider, options);
    // The gateway checks the key before anything else, so faults never replace a 401.
    const fault = authorized ? takeFault(routed) : null;
    await wait(latencyMs + (fault?.delayMs ?? 0));
    if (closing || response.destroyed) return;

    if (fault?.hang) {
      // Never answered; recorded (status 0) so tests can see the call arrived.
      record(routed, 0);
      return;
    }
    if (!authorized) {
      const unauthorized = routed.provider === 'hikerapi' ? hikerapiUnauthorized() : aisaUnauthorized();
      record(routed, unauthorized.status);
      send(response, unauthorized.status, serializeBody(unauthorized.body));
      return;
    }
    const headers: Record<string, string> = {};
    if (fault?.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);

    if (fault?.status !== undefined) {
      const body = fault.body ?? (routed.provider === 'hikerapi' ? hikerapiErrorBody(fault.status) : aisaErrorBody(fault.status));
      record(routed, fault.status);
      send(response, fault.status, serializeBody(body), headers);
      return;
    }
    if (fault?.malformedJson) {
      record(routed, 200);
      send(response, 200, '{"items": [{"id": "3865659729796199935_787132", "code": ', headers);
      return;
    }

    const normal = answer(routed, request.method ?? 'GET', world);
    let body = normal.body;
    if (fault?.omitField && normal.items) {
      body = cloneBody(body);
      for (const item of normal.items(body)) omitDottedField(item, fault.omitField);
    }
    const text = serializeBody(body);
    record(routed, normal.status);

    if (fault?.dropConnection) {
      response.writeHead(normal.status, {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(text)),
      });
      response.write(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
      setImmediate(() => request.socket.destroy());
      return;
    }
    send(response, normal.status, text, { ...headers, ...normal.headers });
  }

  const server = createServer((request, response) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let finished = false;
    const done = (): void => {
      if (finished) return;
      finished = true;
      inFlight -= 1;
    };
    response.on('close', done);
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent && !response.destroyed) {
        send(response, 500, JSON.stringify({ detail: `replay upstream failed: ${String(error)}` }));
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('replay upstream: no TCP address');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  return {
    url,
    hikerapiUrl: url,
    aisaUrl: `${url}${AISA_PREFIX}`,
    stats,
    setLatency(ms) {
      latencyMs = ms;
    },
    addFault(rule) {
      faults.push({ rule, remaining: rule.times ?? Number.POSITIVE_INFINITY });
    },
    clearFaults() {
      faults = [];
    },
    async close() {
      closing = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
