import { describe, expect, it } from 'vitest';
import { EngagementDocument, MoreLikersDocument } from '../../examples/generated/graphql';
import type { ReplayServer } from '../../src/replay/types';
import type { Instagraph } from '../../src/server';
import { codes, createApp, execute, globalId, useReplay, type Answer } from '../helpers/instagraph';
import { codesOf, pkOf, world, worldMedia } from '../helpers/world';

/** Comments, likers, transcripts, links and location feeds through GraphQL, counted at the replay upstream. */

const upstream = useReplay();
const app = (order: 'hikerapi' | 'aisa' | 'hikerapi,aisa', env: Record<string, string> = {}) =>
  upstream.app({ PROVIDER_ORDER: order, ...env });

/** Upstream calls by path, from the replay upstream's own counters. */
function callsByPath(replay: ReplayServer): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of replay.stats.calls) counts[call.path] = (counts[call.path] ?? 0) + 1;
  return counts;
}

interface Connection<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Follows a connection to its end, one request a page (`$after`); `select` finds it in each answer. */
async function walk<T>(server: Instagraph, query: string, select: (data: unknown) => Connection<T>): Promise<{ items: T[]; requests: number }> {
  const items: T[] = [];
  let after: string | null = null;
  let requests = 0;
  do {
    const answer: Answer = await execute(server, query, { after });
    expect(answer.errors).toEqual([]);
    expect(answer.cost!.upstreamCalls).toBeLessThanOrEqual(answer.cost!.estimated!);
    const connection = select(answer.data);
    items.push(...connection.nodes);
    after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
    requests += 1;
  } while (after !== null);
  return { items, requests };
}

const FIRST_POST = worldMedia('DWllQsJCPX_');
const commentsOf = (code: string) => world.comments(worldMedia(code).pk);

const POSTS_WITH_COMMENTS = `query { user(username: "natgeo") { posts(first: 10) { nodes { code comments(first: 5) { nodes { text user { username } } } } } } }`;

describe('Media.comments', () => {
  it.each([
    ['hikerapi', { '/v1/user/by/username': 1, '/v1/user/medias/chunk': 1, '/v1/media/comments/chunk': 10 }],
    ['aisa', { '/instagram/profile': 1, '/instagram/user/posts': 1, '/instagram/post/comments': 10 }],
  ] as const)("natgeo's 10 posts with 5 comments each cost 1 profile + 1 posts page + 10 comment pages (%s)", async (order, expected) => {
    const answer = await execute(app(order), POSTS_WITH_COMMENTS);
    expect(answer.errors).toEqual([]);
    const posts = (answer.data as { user: { posts: { nodes: { code: string; comments: unknown }[] } } }).user.posts.nodes;
    expect(posts.map((post) => post.code)).toEqual(codesOf('natgeo', 'posts', 10));
    for (const post of posts) {
      expect(post.comments, post.code).toEqual({
        nodes: commentsOf(post.code)
          .slice(0, 5)
          .map((comment) => ({ text: comment.text, user: { username: comment.user.username } })),
      });
    }
    expect(callsByPath(upstream.replay)).toEqual(expected);
    expect(answer.cost).toMatchObject({ estimated: 12, upstreamCalls: 12 });
  });

  it.each(['hikerapi', 'aisa'] as const)('walks all 40 comments of a post 7 at a time, each once and in order (%s)', async (order) => {
    const WALK = `query ($after: String) { media(code: "${FIRST_POST.code}") { comments(first: 7, after: $after) {
      nodes { pk text likeCount createdAt } pageInfo { hasNextPage endCursor } } } }`;
    const expected = commentsOf(FIRST_POST.code);
    const { items: walked, requests } = await walk(app(order), WALK, (data) => (data as { media: { comments: Connection<unknown> } }).media.comments);
    expect(walked).toEqual(
      expected.map((comment) => ({
        pk: comment.pk,
        text: comment.text,
        likeCount: comment.like_count,
        createdAt: new Date(comment.created_at * 1000).toISOString(),
      })),
    );
    expect(requests).toBe(Math.ceil(40 / 7));
    // Without a cache each request reads the upstream pages (15 comments) its 7 comments sit in.
    const pagesPerRequest = Array.from({ length: requests }, (_, request) => {
      const positions = Array.from({ length: Math.min(7, 40 - request * 7) }, (_, index) => Math.floor((request * 7 + index) / 15));
      return new Set(positions).size;
    });
    const path = order === 'hikerapi' ? '/v1/media/comments/chunk' : '/instagram/post/comments';
    expect(upstream.replay.stats.count({ path })).toBe(pagesPerRequest.reduce((sum, pages) => sum + pages, 0));
  });

  it('fails over to AIsa on the first page, and keeps the next pages with the provider of the cursor', async () => {
    upstream.replay.addFault({ provider: 'hikerapi', path: '/v1/media/comments/chunk', status: 503 });
    const server = app('hikerapi,aisa', { UPSTREAM_MAX_ATTEMPTS: '1' });
    const PAGE = `query ($after: String) { media(code: "${FIRST_POST.code}") { comments(first: 15, after: $after) { nodes { pk } pageInfo { endCursor } } } }`;
    const first = await execute(server, PAGE);
    expect(first.errors).toEqual([]);
    const page = (first.data as { media: { comments: { nodes: { pk: string }[]; pageInfo: { endCursor: string } } } }).media.comments;
    expect(page.nodes.map((node) => node.pk)).toEqual(commentsOf(FIRST_POST.code).slice(0, 15).map((comment) => comment.pk));
    upstream.replay.clearFaults();
    upstream.replay.stats.reset();

    const second = await execute(server, PAGE, { after: page.pageInfo.endCursor });
    expect(second.errors).toEqual([]);
    const next = (second.data as { media: { comments: { nodes: { pk: string }[] } } }).media.comments.nodes;
    expect(next.map((node) => node.pk)).toEqual(commentsOf(FIRST_POST.code).slice(15, 30).map((comment) => comment.pk));
    expect(upstream.replay.stats.count({ path: '/instagram/post/comments' })).toBe(1);
    expect(upstream.replay.stats.count({ path: '/v1/media/comments/chunk' })).toBe(0);
  });

  it('refetches a comment by its node id through its media, as the list showed it', async () => {
    const comment = commentsOf(FIRST_POST.code)[20]!;
    const id = globalId('Comment', `${FIRST_POST.pk}:${comment.pk}`);
    const listed = await execute(app('hikerapi'), `{ media(code: "${FIRST_POST.code}") { comments(first: 21) { nodes { id } } } }`);
    expect((listed.data as { media: { comments: { nodes: { id: string }[] } } }).media.comments.nodes[20]!.id).toBe(id);
    upstream.replay.stats.reset();

    const answer = await execute(app('hikerapi'), `{ node(id: "${id}") { id ... on Comment { pk text likeCount user { username } } } }`);
    expect(answer.errors).toEqual([]);
    expect(answer.data).toEqual({ node: { id, pk: comment.pk, text: comment.text, likeCount: comment.like_count, user: { username: comment.user.username } } });
    // Its media's comments up to its page (the second of 15), within the 3 pages the estimate allows.
    expect(callsByPath(upstream.replay)).toEqual({ '/v1/media/comments/chunk': 2 });
    expect(answer.cost).toMatchObject({ estimated: 3, upstreamCalls: 2 });
  });
});

describe('Media.likers', () => {
  it('cuts pages from one upstream list: 30, then 30 after, cost one likers call within the cache TTL', async () => {
    const server = createApp(upstream.replay, { providers: 'hikerapi', cache: true });
    try {
      const likers = world.likers(FIRST_POST.pk).map((user) => user.username);
      expect(likers.length).toBeGreaterThan(60);
      const first = await execute(server, MoreLikersDocument, { code: FIRST_POST.code, first: 30 });
      expect(first.errors).toEqual([]);
      expect(first.data?.media?.likers?.nodes.map((user) => user.username)).toEqual(likers.slice(0, 30));
      expect(first.cost?.estimated).toBe(2);
      const after = first.data?.media?.likers?.pageInfo.endCursor;
      const second = await execute(server, MoreLikersDocument, { code: FIRST_POST.code, first: 30, after });
      expect(second.errors).toEqual([]);
      expect(second.data?.media?.likers?.nodes.map((user) => user.username)).toEqual(likers.slice(30, 60));
      expect(second.data?.media?.likers?.pageInfo.hasNextPage).toBe(true);

      expect(callsByPath(upstream.replay)).toEqual({ '/v1/media/by/code': 1, '/v1/media/likers': 1 });
      expect(second.cost).toMatchObject({ upstreamCalls: 0, cacheHits: 2 });
    } finally {
      await server.close();
    }
  });

  it('is UNSUPPORTED_BY_PROVIDERS on AIsa alone, for that field only', async () => {
    const answer = await execute(app('aisa'), `{ media(code: "${FIRST_POST.code}") { code likers(first: 5) { nodes { username } } } }`);
    expect(answer.data).toEqual({ media: { code: FIRST_POST.code, likers: null } });
    expect(codes(answer.errors)).toEqual(['UNSUPPORTED_BY_PROVIDERS']);
    expect(callsByPath(upstream.replay)).toEqual({ '/instagram/post': 1 });
  });
});

describe('Media.transcript', () => {
  const REEL = worldMedia('DHsD6HGqJhp');
  const PHOTO = world.mediaList(pkOf('natgeo'), 'posts').find((media) => media.media_type === 1)!;
  const TRANSCRIPTS = `{ reel: media(code: "${REEL.code}") { transcript } photo: media(code: "${PHOTO.code}") { transcript } }`;

  it("reads a reel's words from AIsa (after HikerAPI), and gives a photo null without a call", async () => {
    const answer = await execute(app('hikerapi,aisa'), TRANSCRIPTS);
    expect(answer.errors).toEqual([]);
    expect(answer.data).toEqual({ reel: { transcript: world.transcript(REEL.pk) }, photo: { transcript: null } });
    expect(answer.data).toMatchObject({ reel: { transcript: expect.stringMatching(/^Let's fry up the perfect bunzel/) } });
    expect(callsByPath(upstream.replay)).toEqual({ '/v1/media/by/code': 2, '/instagram/media/transcript': 1 });
  });

  it('is UNSUPPORTED_BY_PROVIDERS on HikerAPI alone, for that field only', async () => {
    const answer = await execute(app('hikerapi'), TRANSCRIPTS);
    expect(answer.data).toEqual({ reel: { transcript: null }, photo: { transcript: null } });
    expect(codes(answer.errors)).toEqual(['UNSUPPORTED_BY_PROVIDERS', 'UNSUPPORTED_BY_PROVIDERS']);
    expect(callsByPath(upstream.replay)).toEqual({ '/v1/media/by/code': 2 });
    expect(answer.cost?.estimated).toBe(2);
  });
});

describe('Query.mediaByUrl', () => {
  it.each([
    `https://www.instagram.com/p/${FIRST_POST.code}/`,
    `https://www.instagram.com/reel/${FIRST_POST.code}/?igsh=MTc4MmM1YmI2Ng==`,
    `http://instagram.com/tv/${FIRST_POST.code}`,
    `instagram.com/p/${FIRST_POST.code}/#comments`,
    ` https://m.instagram.com/reel/${FIRST_POST.code}/ `,
  ])('reads %s locally, then costs what media(code) costs', async (url) => {
    const answer = await execute(app('hikerapi'), `query ($url: String!) { mediaByUrl(url: $url) { code pk } }`, { url });
    expect(answer.errors).toEqual([]);
    expect(answer.data).toEqual({ mediaByUrl: { code: FIRST_POST.code, pk: FIRST_POST.pk } });
    expect(callsByPath(upstream.replay)).toEqual({ '/v1/media/by/code': 1 });
    expect(answer.cost).toMatchObject({ estimated: 1, upstreamCalls: 1 });
  });

  it.each([
    'https://www.instagram.com/natgeo/',
    `https://example.com/p/${FIRST_POST.code}/`,
    `https://www.instagram.com.evil.example/p/${FIRST_POST.code}/`,
    `https://www.instagram.com/stories/natgeo/${FIRST_POST.pk}/`,
    'https://www.instagram.com/p/',
    `ftp://instagram.com/p/${FIRST_POST.code}/`,
    `https://user@www.instagram.com/p/${FIRST_POST.code}/`,
    'not a link',
    '',
  ])('refuses %j as BAD_USER_INPUT before any call', async (url) => {
    const answer = await execute(app('hikerapi'), `query ($url: String!) { mediaByUrl(url: $url) { code } }`, { url });
    expect(answer.data).toEqual({ mediaByUrl: null });
    expect(codes(answer.errors)).toEqual(['BAD_USER_INPUT']);
    expect(upstream.replay.stats.count()).toBe(0);
    expect(answer.cost).toMatchObject({ estimated: 0, upstreamCalls: 0 });
  });
});

describe('Location.recentMedia and topMedia', () => {
  const MONTEREY = '213047514';

  it("walks a place's recent media 5 at a time, every item once", async () => {
    const WALK = `query ($after: String) { location(pk: "${MONTEREY}") { name recentMedia(first: 5, after: $after) {
      nodes { code } pageInfo { hasNextPage endCursor } } } }`;
    const { items, requests } = await walk(app('hikerapi'), WALK, (data) => {
      const location = (data as { location: { name: string; recentMedia: Connection<{ code: string }> } }).location;
      expect(location.name).toBe('Monterey Bay Aquarium');
      return location.recentMedia;
    });
    const codesWalked = items.map((node) => node.code);
    expect(requests).toBe(Math.ceil(38 / 5));
    expect(codesWalked).toEqual(world.locationFeed(MONTEREY, 'recent').map((media) => media.code));
    expect(codesWalked).toHaveLength(38);
  });

  it("costs one page per distinct place under a user's posts", async () => {
    const posts = world.mediaList(pkOf('coralcam'), 'posts').slice(0, 10);
    const places = [...new Set(posts.flatMap((media) => (media.location ? [String(media.location.pk)] : [])))];
    expect(posts.filter((media) => media.location !== null).length).toBeGreaterThan(places.length);
    const answer = await execute(
      app('hikerapi'),
      `{ user(username: "coralcam") { posts(first: 10) { nodes { location { pk topMedia(first: 2) { nodes { code } } recentMedia(first: 3) { nodes { code } } } } } } }`,
    );
    expect(answer.errors).toEqual([]);
    const nodes = (answer.data as { user: { posts: { nodes: { location: { pk: string; recentMedia: { nodes: { code: string }[] } } | null }[] } } }).user.posts.nodes;
    nodes.forEach((node, index) => {
      const place = posts[index]!.location;
      if (place === null) return expect(node.location).toBeNull();
      expect(node.location?.recentMedia.nodes.map((media) => media.code)).toEqual(
        world.locationFeed(String(place.pk), 'recent').slice(0, 3).map((media) => media.code),
      );
    });
    expect(callsByPath(upstream.replay)).toEqual({
      '/v1/user/by/username': 1,
      '/v1/user/medias/chunk': 1,
      '/v1/location/medias/recent/chunk': places.length,
      '/v1/location/medias/top/chunk': places.length,
    });
    // Planned at worst: every post with a place of its own.
    expect(answer.cost?.estimated).toBe(22);
  });
});

describe('the Engagement example', () => {
  it('answers counts, newest comments and likers for 10 posts at its estimate: 22 calls', async () => {
    const answer = await execute(app('hikerapi'), EngagementDocument, { username: 'natgeo' });
    expect(answer.errors).toEqual([]);
    const posts = answer.data?.user?.posts?.nodes ?? [];
    expect(posts.map((post) => [post.code, post.likeCount, post.commentCount])).toEqual(
      world.mediaList(pkOf('natgeo'), 'posts').slice(0, 10).map((media) => [media.code, media.like_count, media.comment_count]),
    );
    for (const post of posts) {
      expect(post.comments?.nodes.map((comment) => comment.text)).toEqual(commentsOf(post.code).slice(0, 5).map((comment) => comment.text));
      expect(post.likers?.nodes.map((user) => user.username)).toEqual(
        world.likers(worldMedia(post.code).pk).slice(0, 30).map((user) => user.username),
      );
    }
    expect(answer.cost).toMatchObject({ estimated: 22, upstreamCalls: 22 });
  });
});
