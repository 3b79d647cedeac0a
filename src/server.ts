import { readFileSync } from 'node:fs';
import { createYoga, maskError, type YogaServerInstance } from 'graphql-yoga';
import type { GraphQLContext } from './context';
import type { Provider } from './domain/provider';
import { UpstreamGateway } from './data/gateway';
import { RequestData } from './data/request-data';
import { schema } from './schema';
import { toClientError } from './schema/errors';

const EXAMPLE_QUERY = readFileSync(new URL('../examples/followers-reels.graphql', import.meta.url), 'utf8');

export interface Instagraph {
  yoga: YogaServerInstance<Record<string, never>, GraphQLContext>;
  gateway: UpstreamGateway;
  close(): Promise<void>;
}

export interface InstagraphOptions {
  /** In PROVIDER_ORDER. */
  providers: Provider[];
  logErrors?: boolean;
}

/** The GraphQL server without a port: tests call `yoga.fetch`, main.ts mounts it on node:http. */
export function createInstagraph({ providers, logErrors = true }: InstagraphOptions): Instagraph {
  const gateway = new UpstreamGateway(providers);
  const yoga = createYoga<Record<string, never>, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: { title: 'instagraph', defaultQuery: EXAMPLE_QUERY },
    context: ({ request }) => ({ data: new RequestData(gateway, request.signal) }),
    maskedErrors: {
      maskError(error, message) {
        const clientError = toClientError(error);
        if (clientError) return clientError;
        // Never isDev: an unexpected error's stack is logged, not sent.
        const masked = maskError(error, message, false);
        if (logErrors && masked !== error) console.error('internal error', error);
        return masked;
      },
    },
  });
  return {
    yoga,
    gateway,
    close: () => gateway.close(),
  };
}
