import type { GraphQLError } from 'graphql';
import { handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';
import type { GraphQLContext } from '../context';
import { estimateUpstreamCalls } from '../schema/cost-estimate';
import { clientError } from '../schema/errors';

/** A client may cap its own spend below the server's limit with this header. */
export const MAX_CALLS_HEADER = 'x-max-upstream-calls';

/**
 * Prices each operation before it runs (worst-case upstream calls, cache not counted), refuses
 * one over its limit (the server's, or the client's lower x-max-upstream-calls) before any
 * upstream call, and reports what the request really spent as extensions.cost.
 */
export function useUpstreamCost(): Plugin<GraphQLContext> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue;
      const meter = context.data.meter;
      const refuse = (error: GraphQLError) => setResultAndStopExecution({ errors: [error], extensions: { cost: meter.toJSON() } });
      const cap = context.request.headers.get(MAX_CALLS_HEADER);
      if (cap !== null) {
        const calls = Number(cap);
        if (!Number.isInteger(calls) || calls < 1) {
          refuse(clientError('BAD_USER_INPUT', `${MAX_CALLS_HEADER} must be a positive integer, got "${cap}"`));
          return;
        }
        meter.capAt(calls);
      }
      meter.estimated = estimateUpstreamCalls(args.schema, args.document, args.operationName, args.variableValues, context.cursors);
      if (meter.estimated > meter.limit) {
        refuse(
          clientError(
            'QUERY_TOO_EXPENSIVE',
            `This query may cost up to ${meter.estimated} upstream calls, over the limit of ${meter.limit}. Ask for fewer items (first) or less nesting.`,
            { estimated: meter.estimated, limit: meter.limit },
          ),
        );
        return;
      }
      return {
        // A deferred or streamed response reports its cost on its last payload, when all is spent.
        onExecuteDone: (payload) =>
          handleStreamOrSingleExecutionResult(payload, ({ result, setResult }) => {
            if ('hasNext' in result && result.hasNext === true) return;
            setResult({ ...result, extensions: { ...result.extensions, cost: meter.toJSON() } });
          }),
      };
    },
  };
}
