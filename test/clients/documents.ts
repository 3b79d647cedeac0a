import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Kind, parse, print, visit, type DocumentNode } from 'graphql';

export interface FollowersWalkPage {
  user: {
    id: string;
    followers: {
      edges: { cursor: string; node: { id: string; username: string; isPrivate: boolean | null; reels: { nodes: { id: string }[] } | null } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    } | null;
  } | null;
}

/**
 * A page of followers, each with its latest reel: a private follower's reels fail with
 * PRIVATE_ACCOUNT, so its `reels` is null with an error while the rest of the page is data.
 */
export const FollowersWalkDocument: TypedDocumentNode<FollowersWalkPage, { username: string; first: number; after?: string | null }> = parse(`
  query FollowersWalk($username: String!, $first: Int!, $after: String) {
    user(username: $username) {
      id
      followers(first: $first, after: $after) {
        edges { cursor node { id username isPrivate reels(first: 1) { nodes { id } } } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);

/**
 * The same operation with its @defer directives removed. Printed and parsed again: urql marks the
 * documents it has seen with a key, which a visited copy would keep.
 */
export function withoutDefer(document: DocumentNode): DocumentNode {
  return parse(print(visit(document, { [Kind.DIRECTIVE]: (directive) => (directive.name.value === 'defer' ? null : undefined) })));
}
