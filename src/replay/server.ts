import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { createCallLog, type CallLog } from './call-log';
import { createFaultRegistry, type FaultRegistry } from './fault-registry';
import { cloneBody, omitDottedField, serializeBody } from './respond';
import { AISA_PREFIX, answer, isAuthorized, protocolOf, route, type RoutedRequest } from './routing';
import type { FaultRule, ReplayOptions, ReplayServer } from './types';
import { loadWorld, type World } from './world';

/** What goes on the wire for one call. */
interface Reply {
  status: number;
  text: string;
  headers: Record<string, string>;
  /** Send the headers and half the body, then destroy the socket. */
  cutShort?: boolean;
}

const TRUNCATED_JSON = '{"items": [{"id": "3865659729796199935_787132", "code": ';

/** The reply to an authorized call: the fault's, or the world's answer (possibly damaged by the fault). */
function replyFor(routed: RoutedRequest, method: string, fault: FaultRule | null, world: World): Reply {
  const headers: Record<string, string> =
    fault?.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
  if (fault?.status !== undefined) {
    const body = fault.body ?? protocolOf(routed.provider).errorBody(fault.status);
    return { status: fault.status, text: serializeBody(body), headers };
  }
  if (fault?.malformedJson) return { status: 200, text: TRUNCATED_JSON, headers };

  const normal = answer(routed, method, world);
  let body = normal.body;
  if (fault?.omitField && normal.items) {
    body = cloneBody(body);
    for (const item of normal.items(body)) omitDottedField(item, fault.omitField);
  }
  const text = serializeBody(body);
  if (fault?.dropConnection) return { status: normal.status, text, headers: {}, cutShort: true };
  return { status: normal.status, text, headers: { ...headers, ...normal.headers } };
}

function send(response: ServerResponse, reply: Reply): void {
  response.writeHead(reply.status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(reply.text)),
    ...reply.headers,
  });
  if (!reply.cutShort) {
    response.end(reply.text);
    return;
  }
  response.write(reply.text.slice(0, Math.max(1, Math.floor(reply.text.length / 2))));
  setImmediate(() => response.socket?.destroy());
}

/** Timers the server waits on, cleared at close so no call outlives the server. */
class Delays {
  private readonly timers = new Set<NodeJS.Timeout>();

  wait(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  clear(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

interface Handling {
  world: World;
  options: ReplayOptions;
  faults: FaultRegistry;
  log: CallLog;
  delays: Delays;
  latencyMs(): number;
  closing(): boolean;
}

async function handle(request: IncomingMessage, response: ServerResponse, context: Handling): Promise<void> {
  const routed = route(request);
  const authorized = isAuthorized(request, routed.provider, context.options);
  // The gateway checks the key before anything else, so faults never replace a 401.
  const fault = authorized ? context.faults.take(routed) : null;
  await context.delays.wait(context.latencyMs() + (fault?.delayMs ?? 0));
  if (context.closing() || response.destroyed) return;

  if (fault?.hang) {
    // Never answered; recorded (status 0) so tests can see the call arrived.
    context.log.record(routed, 0);
    return;
  }
  const reply: Reply = authorized
    ? replyFor(routed, request.method ?? 'GET', fault, context.world)
    : unauthorizedReply(routed);
  context.log.record(routed, reply.status);
  send(response, reply);
}

function unauthorizedReply(routed: RoutedRequest): Reply {
  const unauthorized = protocolOf(routed.provider).unauthorized();
  return { status: unauthorized.status, text: serializeBody(unauthorized.body), headers: {} };
}

/** Destroys every open connection (keep-alive ones included) when the server closes. */
function trackSockets(server: Server): () => void {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return () => {
    for (const socket of sockets) socket.destroy();
  };
}

/** Listens and returns the origin URL, e.g. http://127.0.0.1:41234. */
async function listen(server: Server, options: ReplayOptions): Promise<string> {
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
  return `http://${host}:${address.port}`;
}

/** Starts the replay upstream: both providers' wire protocols over the fixture world, with faults. */
export async function startReplayServer(options: ReplayOptions): Promise<ReplayServer> {
  let latencyMs = options.latencyMs ?? 0;
  let closing = false;
  const context: Handling = {
    world: loadWorld(),
    options,
    faults: createFaultRegistry(),
    log: createCallLog(),
    delays: new Delays(),
    latencyMs: () => latencyMs,
    closing: () => closing,
  };

  const server = createServer((request, response) => {
    context.log.track(response);
    handle(request, response, context).catch((error: unknown) => {
      if (response.headersSent || response.destroyed) return;
      send(response, { status: 500, text: JSON.stringify({ detail: `replay upstream failed: ${String(error)}` }), headers: {} });
    });
  });
  const destroySockets = trackSockets(server);
  const url = await listen(server, options);

  return {
    url,
    hikerapiUrl: url,
    aisaUrl: `${url}${AISA_PREFIX}`,
    stats: context.log.stats,
    setLatency(ms) {
      latencyMs = ms;
    },
    addFault: (rule) => context.faults.add(rule),
    clearFaults: () => context.faults.clear(),
    async close() {
      closing = true;
      context.delays.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      destroySockets();
      await closed;
    },
  };
}
