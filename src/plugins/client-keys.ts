import type { Plugin } from 'graphql-yoga';
import { presentedKey, type Client, type ClientRegistry } from '../clients';
import { errorResponse } from './responses';

/**
 * With client keys configured, a GraphQL request without a valid key is answered 401
 * UNAUTHENTICATED before its document is even parsed, and costs nothing. The GraphiQL page, its
 * assets, preflights and /health stay open: none of them spends. The client found is remembered
 * for the request's context.
 */
export function useClientKeys(registry: ClientRegistry, graphqlEndpoint: string, identified: WeakMap<Request, Client>): Plugin {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (!registry.configured || url.pathname !== graphqlEndpoint || request.method === 'OPTIONS' || isGraphiQLPage(request)) return;
      const key = presentedKey(request.headers);
      const client = key === undefined ? undefined : registry.identify(key);
      if (client) {
        identified.set(request, client);
        return;
      }
      const message = key === undefined ? 'This API needs a key: send Authorization: Bearer <key> or x-api-key: <key>' : 'This API key is not valid';
      endResponse(errorResponse(fetchAPI, 401, 'UNAUTHENTICATED', message, { 'www-authenticate': 'Bearer realm="instagraph"' }));
    },
  };
}

function isGraphiQLPage(request: Request): boolean {
  return request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/html');
}
