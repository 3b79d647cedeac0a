import type { ExecutionResult, GraphQLError } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { GraphQLContext } from '../context';
import type { CostMeter, QuotaRemaining } from '../data/cost';
import { echo } from '../domain/errors';
import type { Metrics } from '../metrics';
import { estimateUpstreamCalls } from '../schema/cost-estimate';
import { clientError } from '../schema/errors';
import type { QuotaBook, QuotaWindow } from './quota';

/** A client may cap its own spend below the server's limit with this header. */
export const MAX_CALLS_HEADER = 'x-max-upstream-calls';

/**
 * Prices each operation before it runs (worst-case upstream calls, cache not counted), refuses one
 * over its limit (the server's, the client's maxCallsPerRequest, or the lower x-max-upstream-calls)
 * or over the client's quota before any upstream call, refunds the quota what the request did not
 * spend, and reports what it really spent as extensions.cost (and the quota as RateLimit-* headers).
 */
export function useUpstreamCost(quotas: QuotaBook, metrics: Metrics): Plugin<GraphQLContext> {
  const windowsOf = new WeakMap<Request, QuotaWindow[]>();
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue;
      const meter = context.data.meter;
      const refuse = (error: GraphQLError) => setResultAndStopExecution({ errors: [error], extensions: { cost: meter.toJSON() } });

      const capError = applyCaps(meter, context);
      if (capError) return refuse(capError);
      meter.estimated = estimateUpstreamCalls(args.schema, args.document, args.operationName, args.variableValues, context.cursors, context.data.providerNames);
      metrics.costEstimated.observe(meter.estimated);
      if (meter.estimated > meter.limit) {
        metrics.budgetRefusals.inc();
        return refuse(tooExpensive(meter));
      }

      const client = context.client;
      let reserved: QuotaWindow[] = [];
      if (client) {
        const reservation = await quotas.reserve(client, meter.estimated);
        meter.quota = remainingOf(reservation.windows);
        windowsOf.set(context.request, reservation.windows);
        if (!reservation.granted) {
          metrics.quotaRefusals.inc({ client: client.name });
          return refuse(quotaExceeded(reservation.refused));
        }
        reserved = reservation.windows;
        // Retries and failover may spend past the estimate, but never past what the quota has left.
        if (reserved.length > 0) meter.capAt(meter.estimated + Math.min(...reserved.map((window) => window.remaining)));
      }
      // A deferred or streamed response reports its cost on its last payload, when all is spent.
      const finish = async ({ result, setResult }: ResultHandle): Promise<void> => {
        if ('hasNext' in result && result.hasNext === true) return;
        if (client) {
          const windows = await quotas.settle(client, reserved, (meter.estimated ?? 0) - meter.upstreamCalls);
          meter.quota = remainingOf(windows);
          windowsOf.set(context.request, windows);
        }
        setResult({ ...result, extensions: { ...result.extensions, cost: meter.toJSON() } });
      };
      return {
        // Both handlers' promises are awaited before the payload goes out.
        onExecuteDone: (payload) => (isAsyncIterable(payload.result) ? { onNext: finish } : finish({ result: payload.result, setResult: payload.setResult })),
      };
    },
    onResponse({ request, response }) {
      const windows = windowsOf.get(request) ?? [];
      if (windows.length === 0) return;
      const tightest = windows.reduce((least, window) => (window.remaining < least.remaining ? window : least));
      response.headers.set('RateLimit-Limit', String(tightest.limit));
      response.headers.set('RateLimit-Remaining', String(tightest.remaining));
      response.headers.set('RateLimit-Reset', String(secondsUntil(tightest.resetAt)));
    },
  };
}

interface ResultHandle {
  result: ExecutionResult;
  setResult: (result: ExecutionResult) => void;
}

/** Lower the meter's limit to the client's own caps; an unreadable header is an error. */
function applyCaps(meter: CostMeter, context: GraphQLContext): GraphQLError | undefined {
  if (context.client?.maxCallsPerRequest !== undefined) meter.capAt(context.client.maxCallsPerRequest);
  const cap = context.request.headers.get(MAX_CALLS_HEADER);
  if (cap === null) return undefined;
  const calls = Number(cap);
  if (!Number.isInteger(calls) || calls < 1) return clientError('BAD_USER_INPUT', `${MAX_CALLS_HEADER} must be a positive integer, got "${echo(cap)}"`);
  meter.capAt(calls);
  return undefined;
}

function tooExpensive(meter: CostMeter): GraphQLError {
  return clientError(
    'QUERY_TOO_EXPENSIVE',
    `This query may cost up to ${meter.estimated} upstream calls, over the limit of ${meter.limit}. Ask for fewer items (first) or less nesting.`,
    { estimated: meter.estimated, limit: meter.limit },
  );
}

function quotaExceeded(window: QuotaWindow): GraphQLError {
  const retryAfter = secondsUntil(window.resetAt);
  return clientError(
    'QUOTA_EXCEEDED',
    `This query may cost more upstream calls than your quota has left this ${window.name} (${window.remaining} of ${window.limit}); it resets at ${window.resetAt.toISOString()}`,
    {
      limit: window.limit,
      remaining: window.remaining,
      resetAt: window.resetAt.toISOString(),
      http: { status: 429, headers: { 'Retry-After': String(retryAfter) } },
    },
  );
}

function remainingOf(windows: QuotaWindow[]): QuotaRemaining | undefined {
  if (windows.length === 0) return undefined;
  const byName = Object.fromEntries(windows.map((window) => [window.name, window.remaining]));
  return { ...(byName.minute !== undefined ? { remainingMinute: byName.minute } : {}), ...(byName.day !== undefined ? { remainingDay: byName.day } : {}) };
}

function secondsUntil(moment: Date): number {
  return Math.max(0, Math.ceil((moment.getTime() - Date.now()) / 1000));
}
