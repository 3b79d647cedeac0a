import { Client, fetchExchange, mapExchange, type Exchange, type Operation } from '@urql/core';
import { cacheExchange, type CacheExchangeOpts } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';
import schema from '../../generated/introspection';
import { readCost, type Cost } from './cost';
import type { FieldErrors } from './field-errors';

/**
 * Graphcache for instagraph. With the schema it knows which fields may be null: a follower whose
 * reels failed (a private account) is then a partial result, not a cache miss that drops the whole
 * list. Users, media and locations are keyed by their global `id` (graphcache's default); the
 * connection types have none and live inside their parent.
 */
export const graphcacheOptions: CacheExchangeOpts = {
  schema,
  keys: {
    UserConnection: () => null,
    UserEdge: () => null,
    MediaConnection: () => null,
    MediaEdge: () => null,
    PageInfo: () => null,
    CarouselItem: () => null,
    Usertag: () => null,
  },
  resolvers: {
    // The lists walked by cursor: every page loaded so far, as one list. Media lists are read at
    // fixed sizes here (12 for the chart, 3 per follower), so they stay one entry per size.
    User: { followers: relayPagination(), following: relayPagination() },
  },
};

/** Reports `extensions.cost` of every answer from the network, once it is complete. */
export function costExchange(onCost: (operation: Operation, cost: Cost) => void): Exchange {
  return mapExchange({
    onResult(result) {
      // A deferred answer carries the cost on its last payload.
      const cost = result.hasNext ? undefined : readCost(result.extensions);
      if (cost) onCost(result.operation, cost);
    },
  });
}

export interface DashboardClientOptions {
  /** instagraph's GraphQL endpoint. */
  url: string;
  onCost(operation: Operation, cost: Cost): void;
  fieldErrors: FieldErrors;
}

/** The dashboard's urql client: graphcache, then what the network answered, then fetch. */
export function createDashboardClient({ url, onCost, fieldErrors }: DashboardClientOptions): Client {
  return new Client({
    url,
    // POST with JSON: a GET would need the server's CSRF-prevention header (x-graphql-yoga-csrf).
    preferGetMethod: false,
    exchanges: [
      cacheExchange(graphcacheOptions),
      costExchange(onCost),
      mapExchange({ onResult: (result) => fieldErrors.record(result) }),
      fetchExchange,
    ],
  });
}
