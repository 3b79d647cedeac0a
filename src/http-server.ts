import { createServer, type Server } from 'node:http';
import type { Config } from './config';
import type { Instagraph } from './server';

const draining = new WeakSet<Server>();

/** From now on, keep-alive connections close as soon as their answer is out (see createHttpServer). */
export function markDraining(server: Server): void {
  draining.add(server);
}

/**
 * node:http with the operator's limits: a slow client cannot hold a connection long past the
 * request deadline (headers within 10 s at most, the whole request within REQUEST_TIMEOUT_MS plus
 * a second), idle keep-alive connections close after 5 s, and MAX_CONNECTIONS caps them. While
 * draining, keep-alive connections close as soon as their answer is out, so the process exits when
 * the last in-flight request is done.
 */
export function createHttpServer(app: Instagraph, config: Pick<Config, 'REQUEST_TIMEOUT_MS' | 'MAX_CONNECTIONS'>): Server {
  const server = createServer(
    {
      requestTimeout: config.REQUEST_TIMEOUT_MS + 1_000,
      headersTimeout: Math.min(config.REQUEST_TIMEOUT_MS, 10_000) + 1_000,
      keepAliveTimeout: 5_000,
      // How often node checks those timeouts (its default, 30 s, would let a slow client linger).
      connectionsCheckingInterval: 1_000,
    },
    app.yoga,
  );
  if (config.MAX_CONNECTIONS !== undefined) server.maxConnections = config.MAX_CONNECTIONS;
  server.on('request', (_request, response) => {
    if (draining.has(server)) response.setHeader('connection', 'close');
    response.once('finish', () => {
      if (draining.has(server)) setImmediate(() => server.closeIdleConnections());
    });
  });
  return server;
}
