import type { Plugin } from 'graphql-yoga';
import { presentedKey, type Client, type ClientRegistry } from '../clients';
import { isOpenPath } from './paths';
import { errorResponse } from './responses';

/**
 * With client keys configured, every request but the open ones needs a valid key: one without is
 * answered 401 UNAUTHENTICATED before its document is even parsed, and costs nothing. Deny by
 * default (see isOpenPath). The GraphiQL page, preflights and the open paths spend nothing. The client found is remembered for the request's context.
 */
export function useClientKeys(registry: ClientRegistry, identified: WeakMap<Request, Client>): Plugin {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (!registry.configured || isOpenPath(url.pathname) || request.method === 'OPTIONS' || isGraphiQLPage(request)) return;
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
