import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  FollowersPageDocument,
  FollowingPageDocument,
  PostsPageDocument,
  ReelsPageDocument,
  TaggedMediaPageDocument,
} from '../../examples/generated/graphql';
import type { ReplayServer } from '../../src/replay/types';
import type { Instagraph } from '../../src/server';
import { createApp, execute, startReplay, type Answer, type Cost } from '../helpers/instagraph';
import { world, worldUser } from '../helpers/world';

let replay: ReplayServer;
let hikerapi: Instagraph;
let aisa: Instagraph;

beforeAll(async () => {
  replay = await startReplay();
  hikerapi = createApp(replay, { providers: 'hikerapi' });
  aisa = createApp(replay, { providers: 'aisa' });
});

afterAll(async () => {
  await hikerapi?.close();
  await aisa?.close();
  await replay?.close();
});

beforeEach(() => replay.stats.reset());

interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage?: boolean;
  startCursor?: string | null;
  endCursor?: string | null;
}

interface Connection {
  edges: { cursor: string; node: { pk: string } }[];
  pageInfo: PageInfo;
}

type ListName = 'posts' | 'reels' | 'taggedMedia' | 'followers' | 'following';

/** The connection of one list out of an answer, failing on any error. */
function connectionOf(answer: Answer<{ user?: Partial<Record<ListName, Connection | null>> | null }>, list: ListName): Connection {
  expect(answer.errors).toEqual([]);
  const connection = answer.data?.user?.[list];
  if (!connection) throw new Error(`no ${list} in ${answer.text}`);
  return connection;
}

interface ListSpec {
  list: ListName;
  /** Items per upstream page, which bounds the calls one GraphQL page may make. */
  upstreamPageSize: number;
  /** The upstream path of the list, per provider. */
  path: { hikerapi: string; aisa?: string };
  fetch: (app: Instagraph, username: string, first: number, after: string | undefined) => Promise<Connection & { cost: Cost | undefined }>;
}

const withCost = (answer: Answer<{ user?: Partial<Record<ListName, Connection | null>> | null }>, list: ListName) => ({
  ...connectionOf(answer, list),
  cost: answer.cost,
});

const LISTS: Record<ListName, ListSpec> = {
  posts: {
    list: 'posts',
    upstreamPageSize: 12,
    path: { hikerapi: '/v1/user/medias/chunk', aisa: '/instagram/user/posts' },
    fetch: async (app, username, first, after) => withCost(await execute(app, PostsPageDocument, { username, first, after }), 'posts'),
  },
  reels: {
    list: 'reels',
    upstreamPageSize: 12,
    path: { hikerapi: '/v1/user/clips/chunk', aisa: '/instagram/user/reels' },
    fetch: async (app, username, first, after) => withCost(await execute(app, ReelsPageDocument, { username, first, after }), 'reels'),
  },
  taggedMedia: {
    list: 'taggedMedia',
    upstreamPageSize: 12,
    path: { hikerapi: '/v1/user/tag/medias/chunk' },
    fetch: async (app, username, first, after) =>
      withCost(await execute(app, TaggedMediaPageDocument, { username, first, after }), 'taggedMedia'),
  },
  followers: {
    list: 'followers',
    upstreamPageSize: 25,
    path: { hikerapi: '/v1/user/followers/chunk' },
    fetch: async (app, username, first, after) => withCost(await execute(app, FollowersPageDocument, { username, first, after }), 'followers'),
  },
  following: {
    list: 'following',
    upstreamPageSize: 25,
    path: { hikerapi: '/v1/user/following/chunk' },
    fetch: async (app, username, first, after) => withCost(await execute(app, FollowingPageDocument, { username, first, after }), 'following'),
  },
};

const natgeoPk = String(worldUser('natgeo').pk);

const WORLD_KIND = { posts: 'posts', reels: 'reels', taggedMedia: 'tagged', followers: 'followers', following: 'following' } as const;

function worldList(username: string, list: ListName): string[] {
  const pk = String(worldUser(username).pk);
  const kind = WORLD_KIND[list];
  return kind === 'followers' || kind === 'following'
    ? world.userList(pk, kind).map((user) => String(user.pk))
    : world.mediaList(pk, kind).map((media) => media.pk);
}

/**
 * Walk a whole list `first` items at a time following endCursor, checking each page's shape,
 * and that no page spends more upstream list calls than ceil(first / page size), plus one when
 * resuming mid-page.
 */
async function walk(app: Instagraph, provider: 'hikerapi' | 'aisa', spec: ListSpec, username: string, first: number): Promise<string[]> {
  const expectedLength = worldList(username, spec.list).length;
  const path = spec.path[provider];
  if (!path) throw new Error(`${provider} has no ${spec.list}`);
  const pks: string[] = [];
  let after: string | undefined;
  for (let pageNumber = 1; ; pageNumber++) {
    const label = `${username} ${spec.list} first=${first} page ${pageNumber}`;
    replay.stats.reset();
    const page = await spec.fetch(app, username, first, after);
    const { edges, pageInfo } = page;
    pks.push(...edges.map((edge) => edge.node.pk));

    if (pageInfo.hasNextPage) expect(edges, label).toHaveLength(first);
    else expect(edges.length, `${label}: the last page`).toBeGreaterThan(0);
    expect(edges.length, label).toBeLessThanOrEqual(first);
    if ('hasPreviousPage' in pageInfo) expect(pageInfo.hasPreviousPage, label).toBe(after !== undefined);
    if ('startCursor' in pageInfo) expect(pageInfo.startCursor, label).toBe(edges[0]?.cursor);
    expect(pageInfo.endCursor, label).toBe(edges.at(-1)?.cursor);
    expect(new Set(edges.map((edge) => edge.cursor)).size, `${label}: distinct cursors`).toBe(edges.length);

    const listCalls = replay.stats.count({ provider, path });
    const maxListCalls = Math.ceil(first / spec.upstreamPageSize) + (after === undefined ? 0 : 1);
    expect(listCalls, `${label}: upstream list calls`).toBeGreaterThanOrEqual(1);
    expect(listCalls, `${label}: upstream list calls`).toBeLessThanOrEqual(maxListCalls);
    expect(page.cost?.upstreamCalls, `${label}: extensions.cost`).toBe(replay.stats.count());
    expect(page.cost?.upstreamCalls, `${label}: within the estimate`).toBeLessThanOrEqual(page.cost?.estimated ?? 0);

    if (!pageInfo.hasNextPage) break;
    after = pageInfo.endCursor ?? undefined;
    expect(pageNumber, `${label}: the walk does not end`).toBeLessThanOrEqual(Math.ceil(expectedLength / first));
  }
  return pks;
}

const SIZES = [5, 12, 25, 100];

describe('page walks over whole lists (HikerAPI)', () => {
  const natgeoLists = (['posts', 'reels', 'taggedMedia', 'followers', 'following'] as const).flatMap((list) =>
    SIZES.map((first) => ({ list, first })),
  );

  it.each(natgeoLists)("natgeo's $list, first=$first: exactly the world's list, in order", async ({ list, first }) => {
    const expected = worldList('natgeo', list);
    expect(expected.length).toBeGreaterThan(first === 100 ? 30 : first);
    const pks = await walk(hikerapi, 'hikerapi', LISTS[list], 'natgeo', first);
    expect(pks).toEqual(expected);
  });

  it.each([8, 12, 24, 25])("natgeoanimals' 24 posts (two full upstream pages), first=%i: hasNextPage is false exactly at the end", async (first) => {
    const expected = worldList('natgeoanimals', 'posts');
    expect(expected).toHaveLength(24);
    const pks = await walk(hikerapi, 'hikerapi', LISTS.posts, 'natgeoanimals', first);
    expect(pks).toEqual(expected);
  });

  it('uses 12 media and 25 users per page when first is not given', async () => {
    const posts = await execute(hikerapi, PostsPageDocument, { username: 'natgeo' });
    expect(connectionOf(posts, 'posts').edges.map((edge) => edge.node.pk)).toEqual(worldList('natgeo', 'posts').slice(0, 12));
    const followers = await execute(hikerapi, FollowersPageDocument, { username: 'natgeo' });
    expect(connectionOf(followers, 'followers').edges.map((edge) => edge.node.pk)).toEqual(worldList('natgeo', 'followers').slice(0, 25));
    expect(replay.stats.count({ path: '/v1/user/medias/chunk' })).toBe(1);
    expect(replay.stats.count({ path: '/v1/user/followers/chunk' })).toBe(1);
  });
});

describe('page walks over whole lists (AIsa)', () => {
  const cases = (['posts', 'reels'] as const).flatMap((list) =>
    ['natgeo', 'coralcam'].flatMap((username) => SIZES.map((first) => ({ list, username, first }))),
  );

  it.each(cases)("$username's $list on AIsa, first=$first: exactly the world's list, in order", async ({ list, username, first }) => {
    const pks = await walk(aisa, 'aisa', LISTS[list], username, first);
    expect(pks).toEqual(worldList(username, list));
    expect(replay.stats.count({ provider: 'hikerapi' })).toBe(0);
  });
});

interface SearchPage {
  errors: Answer<unknown>['errors'];
  connection: { edges: { node: { username: string } }[]; pageInfo: PageInfo } | null | undefined;
}

const SEARCHES = [
  {
    kind: 'followers',
    query: 'lens',
    search: async (query: string, first: number, after?: string): Promise<SearchPage> => {
      const answer = await execute(hikerapi, FollowersPageDocument, { username: 'natgeo', query, first, after });
      return { errors: answer.errors, connection: answer.data?.user?.followers };
    },
  },
  {
    kind: 'following',
    query: 'singh',
    search: async (query: string, first: number, after?: string): Promise<SearchPage> => {
      const answer = await execute(hikerapi, FollowingPageDocument, { username: 'natgeo', query, first, after });
      return { errors: answer.errors, connection: answer.data?.user?.following };
    },
  },
] as const;

describe('search in followers and following', () => {
  const matching = (kind: 'followers' | 'following', query: string) =>
    world
      .userList(natgeoPk, kind)
      .filter((user) => user.username.toLowerCase().includes(query) || user.full_name.toLowerCase().includes(query))
      .map((user) => user.username);

  it.each(SEARCHES)('natgeo\'s $kind(query: $query) returns the matching users and pages through them', async ({ kind, query, search }) => {
    const expected = matching(kind, query);
    expect(expected.length).toBeGreaterThan(4);
    expect(expected.length).toBeLessThan(world.userList(natgeoPk, kind).length);

    const whole = await search(query, 100);
    expect(whole.errors).toEqual([]);
    expect(whole.connection?.edges.map((edge) => edge.node.username)).toEqual(expected);
    expect(whole.connection?.pageInfo.hasNextPage).toBe(false);
    expect(replay.stats.count({ path: `/v1/user/search/${kind}` })).toBe(1);
    expect(replay.stats.calls.find((call) => call.path === `/v1/user/search/${kind}`)?.params.query).toBe(query);

    const usernames: string[] = [];
    let after: string | undefined;
    for (let page = 1; page <= expected.length; page++) {
      const { errors, connection } = await search(query, 2, after);
      expect(errors).toEqual([]);
      const edges = connection?.edges ?? [];
      if (connection?.pageInfo.hasNextPage) expect(edges).toHaveLength(2);
      else expect(edges.length).toBeGreaterThan(0);
      usernames.push(...edges.map((edge) => edge.node.username));
      if (!connection?.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor ?? undefined;
    }
    expect(usernames).toEqual(expected);
    expect(replay.stats.count({ path: `/v1/user/${kind}/chunk` })).toBe(0);
  });
});
