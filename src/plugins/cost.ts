import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GraphQLContext } from '../context';
import { estimateUpstreamCalls } from '../schema/cost-estimate';

/** A client may cap its own spend below the server's limit with this header. */
export const MAX_CALLS_HEADER = 'x-max-upstream-calls';

/**
 * Prices each operation before it runs (worst-case upstream calls, cache not counted), refuses
 * one over its limit before any upstream call, and reports what the request really spent as
 * extensions.cost.
 */
export function useUpstreamCost(): Plugin<GraphQLContext> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue;
      const meter = context.data.meter;
      if (context.invalidCallCap !== undefined) {
        setResultAndStopExecution({
          errors: [
            new GraphQLError(`${MAX_CALLS_HEADER} must be a positive integer, got "${context.invalidCallCap}"`, {
              extensions: { code: 'BAD_USER_INPUT' },
            }),
          ],
        });
        return;
      }
      meter.estimated = estimateUpstreamCalls(args.schema, args.document, args.operationName, args.variableValues);
      if (meter.estimated > meter.limit) {
        setResultAndStopExecution({
          errors: [
            new GraphQLError(
              `This query may cost up to ${meter.estimated} upstream calls, over the limit of ${meter.limit}. Ask for fewer items (first) or less nesting.`,
              { extensions: { code: 'QUERY_TOO_EXPENSIVE', estimated: meter.estimated, limit: meter.limit } },
            ),
          ],
          extensions: { cost: meter.toJSON() },
        });
        return;
      }
      return {
        onExecuteDone({ result, setResult }) {
          if (isSingleResult(result)) setResult({ ...result, extensions: { ...result.extensions, cost: meter.toJSON() } });
        },
      };
    },
  };
}

function isSingleResult(result: unknown): result is ExecutionResult {
  return typeof result === 'object' && result !== null && !(Symbol.asyncIterator in result);
}
