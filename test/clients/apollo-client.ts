import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';
import type { FieldPolicy } from '@apollo/client/cache';
import { tap } from 'rxjs';
import { readCost, type Cost } from '../../examples/dashboard/src/cost';

/**
 * relayStylePagination (pages merged, keyed by the arguments other than paging ones), except that
 * a list that failed stays null: relayStylePagination alone stores a null connection (a private
 * account's list) as an empty one with hasNextPage true.
 */
export function relayPages(keyArgs: FieldPolicy['keyArgs'] = false): FieldPolicy {
  const pages = relayStylePagination(keyArgs);
  const merge = pages.merge;
  if (typeof merge !== 'function') throw new Error('relayStylePagination has no merge function');
  return { ...pages, merge: (existing, incoming, options) => (incoming === null ? null : merge(existing, incoming, options)) };
}

/**
 * The cache the README's client recipe gives: each connection merges its pages, and entities are
 * keyed by Apollo's default `__typename:id`, right for our global ids (no keyFields needed).
 */
export function instagraphCache(): InMemoryCache {
  return new InMemoryCache({
    typePolicies: {
      User: {
        fields: {
          posts: relayPages(),
          reels: relayPages(),
          taggedMedia: relayPages(),
          followers: relayPages(['query']),
          following: relayPages(['query']),
        },
      },
    },
  });
}

/** Hands each answer's `extensions.cost` to `onCost`, with its operation's name. */
export function costLink(onCost: (operationName: string | undefined, cost: Cost) => void): ApolloLink {
  return new ApolloLink((operation, forward) =>
    forward(operation).pipe(
      tap((result) => {
        const cost = readCost(result.extensions);
        if (cost) onCost(operation.operationName, cost);
      }),
    ),
  );
}

export function createApolloClient(url: string, onCost: (operationName: string | undefined, cost: Cost) => void = () => undefined): ApolloClient {
  return new ApolloClient({ cache: instagraphCache(), link: ApolloLink.from([costLink(onCost), new HttpLink({ uri: url })]) });
}
