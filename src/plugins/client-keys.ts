import type { Plugin } from 'graphql-yoga';
import { presentedKey, type Client, type ClientRegistry } from '../clients';
import { errorResponse } from './responses';

/**
 * With client keys configured, every request that gets this far needs a valid key: one without is
 * answered 401 UNAUTHENTICATED before its document is even parsed, and costs nothing. Deny by
 * default: yoga serves GraphQL on any URL whose text ends in /graphql (/graphql/, /health?/graphql,
 * ...), so no path may be exempt here. What spends nothing answers before this plugin: yoga's
 * health check and GraphiQL page, the readiness, metrics and GraphiQL-asset plugins, preflights.
 * The client found is remembered for the request's context.
 */
export function useClientKeys(registry: ClientRegistry, identified: WeakMap<Request, Client>): Plugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      if (!registry.configured || request.method === 'OPTIONS') return;
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
