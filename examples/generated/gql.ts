/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query FollowersReels($username: String! = \"natgeo\", $followers: Int = 10, $reels: Int = 3) {\n  user(username: $username) {\n    username\n    fullName\n    followerCount\n    followers(first: $followers) {\n      nodes {\n        username\n        isVerified\n        reels(first: $reels) {\n          nodes {\n            code\n            playCount\n            likeCount\n          }\n        }\n      }\n    }\n  }\n}": typeof types.FollowersReelsDocument,
    "query MediaDetail($code: String!) {\n  media(code: $code) {\n    id\n    pk\n    code\n    url\n    mediaType\n    productType\n    takenAt\n    caption\n    likeCount\n    commentCount\n    playCount\n    videoDuration\n    videoUrl\n    thumbnailUrl\n    width\n    height\n    isPaidPartnership\n    owner {\n      pk\n      username\n      isVerified\n    }\n    location {\n      id\n      pk\n      name\n      city\n      lat\n      lng\n    }\n    usertags {\n      x\n      y\n      user {\n        username\n      }\n    }\n    coauthors {\n      username\n    }\n    carouselItems {\n      pk\n      mediaType\n      imageUrl\n      videoUrl\n      width\n      height\n    }\n  }\n}": typeof types.MediaDetailDocument,
    "query NodeById($id: ID!) {\n  node(id: $id) {\n    __typename\n    id\n    ... on User {\n      username\n    }\n    ... on Media {\n      code\n    }\n    ... on Location {\n      name\n    }\n  }\n}": typeof types.NodeByIdDocument,
    "query PostsPage($username: String!, $first: Int, $after: String) {\n  user(username: $username) {\n    posts(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...MediaCard\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}\n\nfragment MediaCard on Media {\n  id\n  pk\n  code\n  url\n  mediaType\n  productType\n  takenAt\n  caption\n  likeCount\n  commentCount\n  playCount\n  thumbnailUrl\n}": typeof types.PostsPageDocument,
    "query Profile($username: String!) {\n  user(username: $username) {\n    id\n    pk\n    username\n    fullName\n    biography\n    isPrivate\n    isVerified\n    isBusiness\n    category\n    externalUrl\n    profilePicUrl\n    followerCount\n    followingCount\n    mediaCount\n  }\n}": typeof types.ProfileDocument,
};
const documents: Documents = {
    "query FollowersReels($username: String! = \"natgeo\", $followers: Int = 10, $reels: Int = 3) {\n  user(username: $username) {\n    username\n    fullName\n    followerCount\n    followers(first: $followers) {\n      nodes {\n        username\n        isVerified\n        reels(first: $reels) {\n          nodes {\n            code\n            playCount\n            likeCount\n          }\n        }\n      }\n    }\n  }\n}": types.FollowersReelsDocument,
    "query MediaDetail($code: String!) {\n  media(code: $code) {\n    id\n    pk\n    code\n    url\n    mediaType\n    productType\n    takenAt\n    caption\n    likeCount\n    commentCount\n    playCount\n    videoDuration\n    videoUrl\n    thumbnailUrl\n    width\n    height\n    isPaidPartnership\n    owner {\n      pk\n      username\n      isVerified\n    }\n    location {\n      id\n      pk\n      name\n      city\n      lat\n      lng\n    }\n    usertags {\n      x\n      y\n      user {\n        username\n      }\n    }\n    coauthors {\n      username\n    }\n    carouselItems {\n      pk\n      mediaType\n      imageUrl\n      videoUrl\n      width\n      height\n    }\n  }\n}": types.MediaDetailDocument,
    "query NodeById($id: ID!) {\n  node(id: $id) {\n    __typename\n    id\n    ... on User {\n      username\n    }\n    ... on Media {\n      code\n    }\n    ... on Location {\n      name\n    }\n  }\n}": types.NodeByIdDocument,
    "query PostsPage($username: String!, $first: Int, $after: String) {\n  user(username: $username) {\n    posts(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...MediaCard\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}\n\nfragment MediaCard on Media {\n  id\n  pk\n  code\n  url\n  mediaType\n  productType\n  takenAt\n  caption\n  likeCount\n  commentCount\n  playCount\n  thumbnailUrl\n}": types.PostsPageDocument,
    "query Profile($username: String!) {\n  user(username: $username) {\n    id\n    pk\n    username\n    fullName\n    biography\n    isPrivate\n    isVerified\n    isBusiness\n    category\n    externalUrl\n    profilePicUrl\n    followerCount\n    followingCount\n    mediaCount\n  }\n}": types.ProfileDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query FollowersReels($username: String! = \"natgeo\", $followers: Int = 10, $reels: Int = 3) {\n  user(username: $username) {\n    username\n    fullName\n    followerCount\n    followers(first: $followers) {\n      nodes {\n        username\n        isVerified\n        reels(first: $reels) {\n          nodes {\n            code\n            playCount\n            likeCount\n          }\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query FollowersReels($username: String! = \"natgeo\", $followers: Int = 10, $reels: Int = 3) {\n  user(username: $username) {\n    username\n    fullName\n    followerCount\n    followers(first: $followers) {\n      nodes {\n        username\n        isVerified\n        reels(first: $reels) {\n          nodes {\n            code\n            playCount\n            likeCount\n          }\n        }\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MediaDetail($code: String!) {\n  media(code: $code) {\n    id\n    pk\n    code\n    url\n    mediaType\n    productType\n    takenAt\n    caption\n    likeCount\n    commentCount\n    playCount\n    videoDuration\n    videoUrl\n    thumbnailUrl\n    width\n    height\n    isPaidPartnership\n    owner {\n      pk\n      username\n      isVerified\n    }\n    location {\n      id\n      pk\n      name\n      city\n      lat\n      lng\n    }\n    usertags {\n      x\n      y\n      user {\n        username\n      }\n    }\n    coauthors {\n      username\n    }\n    carouselItems {\n      pk\n      mediaType\n      imageUrl\n      videoUrl\n      width\n      height\n    }\n  }\n}"): (typeof documents)["query MediaDetail($code: String!) {\n  media(code: $code) {\n    id\n    pk\n    code\n    url\n    mediaType\n    productType\n    takenAt\n    caption\n    likeCount\n    commentCount\n    playCount\n    videoDuration\n    videoUrl\n    thumbnailUrl\n    width\n    height\n    isPaidPartnership\n    owner {\n      pk\n      username\n      isVerified\n    }\n    location {\n      id\n      pk\n      name\n      city\n      lat\n      lng\n    }\n    usertags {\n      x\n      y\n      user {\n        username\n      }\n    }\n    coauthors {\n      username\n    }\n    carouselItems {\n      pk\n      mediaType\n      imageUrl\n      videoUrl\n      width\n      height\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query NodeById($id: ID!) {\n  node(id: $id) {\n    __typename\n    id\n    ... on User {\n      username\n    }\n    ... on Media {\n      code\n    }\n    ... on Location {\n      name\n    }\n  }\n}"): (typeof documents)["query NodeById($id: ID!) {\n  node(id: $id) {\n    __typename\n    id\n    ... on User {\n      username\n    }\n    ... on Media {\n      code\n    }\n    ... on Location {\n      name\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PostsPage($username: String!, $first: Int, $after: String) {\n  user(username: $username) {\n    posts(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...MediaCard\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}\n\nfragment MediaCard on Media {\n  id\n  pk\n  code\n  url\n  mediaType\n  productType\n  takenAt\n  caption\n  likeCount\n  commentCount\n  playCount\n  thumbnailUrl\n}"): (typeof documents)["query PostsPage($username: String!, $first: Int, $after: String) {\n  user(username: $username) {\n    posts(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...MediaCard\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}\n\nfragment MediaCard on Media {\n  id\n  pk\n  code\n  url\n  mediaType\n  productType\n  takenAt\n  caption\n  likeCount\n  commentCount\n  playCount\n  thumbnailUrl\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Profile($username: String!) {\n  user(username: $username) {\n    id\n    pk\n    username\n    fullName\n    biography\n    isPrivate\n    isVerified\n    isBusiness\n    category\n    externalUrl\n    profilePicUrl\n    followerCount\n    followingCount\n    mediaCount\n  }\n}"): (typeof documents)["query Profile($username: String!) {\n  user(username: $username) {\n    id\n    pk\n    username\n    fullName\n    biography\n    isPrivate\n    isVerified\n    isBusiness\n    category\n    externalUrl\n    profilePicUrl\n    followerCount\n    followingCount\n    mediaCount\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;