import type { GraphQLError } from 'graphql';
import { handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';

/**
 * Yoga masks the errors of a result, but not those inside @defer/@stream payloads
 * (`incremental[].errors`): without this, a deferred field's error would reach the client without
 * its extensions.code, and an unexpected one unmasked. The same mask applies to both.
 */
export function useMaskedIncrementalErrors(mask: (error: GraphQLError) => GraphQLError): Plugin {
  return {
    onExecute: () => ({
      onExecuteDone: (payload) =>
        handleStreamOrSingleExecutionResult(payload, ({ result, setResult }) => {
          if (!('incremental' in result) || !Array.isArray(result.incremental)) return;
          const incremental = result.incremental.map((part) => (part.errors ? { ...part, errors: part.errors.map(mask) } : part));
          setResult(Object.assign({}, result, { incremental }));
        }),
    }),
  };
}
