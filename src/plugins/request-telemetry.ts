import { randomUUID } from 'node:crypto';
import { getOperationAST, type ExecutionResult } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { Client } from '../clients';
import type { Logger } from '../logging';
import type { Metrics } from '../metrics';
import type { OperationSpan } from '../tracing';

export const REQUEST_ID_HEADER = 'x-request-id';

/** Requests that are not GraphQL (probes, metrics, GraphiQL's files): logged at debug, not counted. */
const SERVICE_PATHS = new Set(['/health', '/ready', '/metrics']);
const ASSET_PREFIX = '/graphiql-assets/';

/** A request id a client or proxy may pass on: short, and nothing a log line could be confused by. */
const VALID_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

interface RequestRecord {
  id: string;
  startedAt: number;
  operation: string | undefined;
  result: ExecutionResult | undefined;
}

/**
 * Per request: an id (the client's x-request-id when valid, else a new one), echoed in the
 * response; one completion line (id, client, operation, status, duration, what it spent, error
 * codes); the request metrics. Other paths (health, metrics, GraphiQL assets) are logged at debug.
 */
export function useRequestTelemetry(options: {
  logger: Logger;
  metrics: Metrics;
  clientOf: (request: Request) => Client | undefined;
  spanOf: (request: Request) => OperationSpan | undefined;
}): Plugin {
  const { logger, metrics, clientOf, spanOf } = options;
  const records = new WeakMap<Request, RequestRecord>();
  return {
    onRequest({ request }) {
      const given = request.headers.get(REQUEST_ID_HEADER);
      records.set(request, {
        id: given !== null && VALID_REQUEST_ID.test(given) ? given : randomUUID(),
        startedAt: performance.now(),
        operation: undefined,
        result: undefined,
      });
    },
    onParams({ request, params }) {
      const record = records.get(request);
      if (record) record.operation = params.operationName ?? undefined;
    },
    onExecute({ args }) {
      // The name the document gives its operation, when the client did not say which it runs.
      const record = records.get((args.contextValue as { request: Request }).request);
      if (record) record.operation ??= getOperationAST(args.document, args.operationName)?.name?.value;
    },
    onResultProcess({ request, result }) {
      const record = records.get(request);
      // A stream's last payload carries the cost; its parts are not kept.
      if (record && !Array.isArray(result) && !isAsyncIterable(result)) record.result = result;
    },
    onResponse({ request, response }) {
      const record = records.get(request);
      if (!record) return;
      response.headers.set(REQUEST_ID_HEADER, record.id);
      const durationMs = performance.now() - record.startedAt;
      const url = new URL(request.url);
      if (SERVICE_PATHS.has(url.pathname) || url.pathname.startsWith(ASSET_PREFIX) || request.method === 'OPTIONS') {
        logger.debug({ requestId: record.id, method: request.method, path: url.pathname, status: response.status, durationMs }, 'request');
        return;
      }
      const client = clientOf(request)?.name;
      const codes = (record.result?.errors ?? []).map((error) => String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
      const cost = record.result?.extensions?.cost as { upstreamCalls?: number } | undefined;
      const operation = record.operation ?? 'anonymous';
      const outcome = response.status >= 400 || (codes.length > 0 && record.result?.data == null) ? 'error' : codes.length > 0 ? 'partial' : 'ok';
      const span = spanOf(request);
      span?.named(record.operation, client);
      span?.end(response.status, codes);
      metrics.graphqlRequests.inc({ operation, status: outcome });
      metrics.graphqlDuration.observe(durationMs / 1000);
      if (cost?.upstreamCalls) metrics.clientUpstreamCalls.inc({ client: client ?? 'anonymous' }, cost.upstreamCalls);
      logger.info(
        { requestId: record.id, client, operation: record.operation, status: response.status, durationMs: Math.round(durationMs), cost, errors: codes },
        'graphql request',
      );
    },
  };
}
