import { describe, expect, it } from 'vitest';
import { errorAt, execute, useReplay } from '../helpers/instagraph';
import { codesOf, PATH, pkOf, world } from '../helpers/world';

const upstream = useReplay();
const app = upstream.app;

const PROFILE_AND_POSTS = `query { user(username: "natgeo") { followerCount posts(first: 3) { nodes { code } } } }`;
const natgeoFirstPosts = () => ({ user: { followerCount: 274988955, posts: { nodes: codesOf('natgeo', 'posts', 3).map((code) => ({ code })) } } });

describe('failover to the next provider in PROVIDER_ORDER', () => {
  it('serves the query from AIsa when HikerAPI rejects our key (401), without leaking the key', async () => {
    const wrongKey = 'wrong-hikerapi-key-DEADBEEF42';
    const answer = await execute(app({ PROVIDER_ORDER: 'hikerapi,aisa', HIKERAPI_KEY: wrongKey }), PROFILE_AND_POSTS);

    expect(answer.errors).toEqual([]);
    expect(answer.data).toEqual(natgeoFirstPosts());
    // One refused call per operation, never retried; AIsa answers both operations.
    expect(upstream.replay.stats.calls.filter((call) => call.provider === 'hikerapi').map((call) => [call.path, call.status])).toEqual([
      [PATH.hikerapi.profile, 401],
      [PATH.hikerapi.posts, 401],
    ]);
    expect(upstream.replay.stats.count({ provider: 'aisa', path: PATH.aisa.posts })).toBe(1);
    expect(answer.cost?.byProvider.hikerapi).toEqual({ upstreamCalls: 2, cacheHits: 0 });
    expect(answer.cost?.byProvider.aisa?.upstreamCalls).toBe(upstream.replay.stats.count({ provider: 'aisa' }));
    expect(answer.cost?.upstreamCalls).toBe(upstream.replay.stats.count());
    expect(answer.text).not.toContain(wrongKey);
    expect(answer.text).not.toContain('DEADBEEF42');
  });

  it('fails over on an injected 401 too, and on a 503 after HikerAPI has used its retries', async () => {
    upstream.replay.addFault({ provider: 'hikerapi', path: PATH.hikerapi.profile, status: 401 });
    upstream.replay.addFault({ provider: 'hikerapi', path: PATH.hikerapi.posts, status: 503 });
    const answer = await execute(app({ PROVIDER_ORDER: 'hikerapi,aisa', UPSTREAM_MAX_ATTEMPTS: '2' }), PROFILE_AND_POSTS);

    expect(answer.errors).toEqual([]);
    expect(answer.data).toEqual(natgeoFirstPosts());
    expect(upstream.replay.stats.count({ provider: 'hikerapi', path: PATH.hikerapi.profile })).toBe(1);
    expect(upstream.replay.stats.count({ provider: 'hikerapi', path: PATH.hikerapi.posts })).toBe(2);
    expect(upstream.replay.stats.count({ provider: 'aisa', path: PATH.aisa.posts })).toBe(1);
    expect(answer.cost?.byProvider.hikerapi?.upstreamCalls).toBe(3);
    // One jittered backoff (at most 200 ms) before giving the page to AIsa.
    expect(answer.elapsedMs).toBeLessThan(700);
  });
});

describe('cursors stay with the provider that issued them', () => {
  const PAGE = `query ($after: String) {
    user(username: "natgeo") { posts(first: 12, after: $after) { nodes { code } pageInfo { endCursor hasNextPage } } }
  }`;

  it('answers a clear UPSTREAM_UNAVAILABLE, not AIsa data, when the cursor provider is down', async () => {
    // A breaker that stays closed through the profile's and the page's retries keeps the counts exact.
    const server = app({ PROVIDER_ORDER: 'hikerapi,aisa', BREAKER_FAILURES: '10' });
    const first = await execute(server, PAGE);
    expect(first.errors).toEqual([]);
    const posts = (first.data as { user: { posts: { nodes: { code: string }[]; pageInfo: { endCursor: string } } } }).user.posts;
    expect(posts.nodes.map((node) => node.code)).toEqual(codesOf('natgeo', 'posts', 12));
    expect(upstream.replay.stats.count({ provider: 'aisa' })).toBe(0);

    upstream.replay.stats.reset();
    upstream.replay.addFault({ provider: 'hikerapi', status: 503 });
    const next = await execute(server, PAGE, { after: posts.pageInfo.endCursor });

    // The profile may come from AIsa; the page may not.
    expect(next.data).toEqual({ user: { posts: null } });
    const error = errorAt(next.errors, ['user', 'posts']);
    expect(error.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'hikerapi' });
    expect(error.message).toContain('this cursor belongs to hikerapi');
    expect(upstream.replay.stats.count({ provider: 'aisa', path: PATH.aisa.posts })).toBe(0);
    expect(upstream.replay.stats.count({ provider: 'aisa', path: PATH.aisa.profile })).toBe(1);
    expect(upstream.replay.stats.count({ provider: 'hikerapi', path: PATH.hikerapi.posts })).toBe(3);
    // Two calls' retries, each at most 200 + 400 ms of backoff.
    expect(next.elapsedMs).toBeLessThan(1_600);
  });

  it('resumes the same cursor on HikerAPI once it is back', async () => {
    const server = app({ PROVIDER_ORDER: 'hikerapi,aisa' });
    const first = await execute(server, PAGE);
    const cursor = (first.data as { user: { posts: { pageInfo: { endCursor: string } } } }).user.posts.pageInfo.endCursor;

    upstream.replay.addFault({ provider: 'hikerapi', path: PATH.hikerapi.posts, status: 503, times: 3 });
    const down = await execute(server, PAGE, { after: cursor });
    expect(errorAt(down.errors, ['user', 'posts']).extensions?.code).toBe('UPSTREAM_UNAVAILABLE');

    const back = await execute(server, PAGE, { after: cursor });
    expect(back.errors).toEqual([]);
    const codes = (back.data as { user: { posts: { nodes: { code: string }[] } } }).user.posts.nodes.map((node) => node.code);
    expect(codes).toEqual(codesOf('natgeo', 'posts', 24).slice(12));
    expect(upstream.replay.stats.count({ provider: 'aisa' })).toBe(0);
  });
});

describe('partial data', () => {
  it('nulls only a failing list, with its code and path; the rest of the user arrives', async () => {
    upstream.replay.addFault({ provider: 'hikerapi', path: PATH.hikerapi.followers, status: 500 });
    const answer = await execute(
      app({ PROVIDER_ORDER: 'hikerapi,aisa', UPSTREAM_MAX_ATTEMPTS: '2' }),
      `query { user(username: "natgeo") {
        username
        followers(first: 5) { nodes { username } }
        posts(first: 2) { nodes { code } }
        reels(first: 2) { nodes { code } }
      } }`,
    );

    expect(answer.status).toBe(200);
    expect(answer.data).toEqual({
      user: {
        username: 'natgeo',
        followers: null,
        posts: { nodes: codesOf('natgeo', 'posts', 2).map((code) => ({ code })) },
        reels: { nodes: codesOf('natgeo', 'reels', 2).map((code) => ({ code })) },
      },
    });
    expect(answer.errors).toHaveLength(1);
    expect(errorAt(answer.errors, ['user', 'followers']).extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'hikerapi' });
    expect(upstream.replay.stats.count({ provider: 'hikerapi', path: PATH.hikerapi.followers })).toBe(2);
    expect(answer.elapsedMs).toBeLessThan(700);
  });

  it('nulls one follower’s failing reels inside a list, every other follower keeps theirs', async () => {
    const followers = world
      .userList(pkOf('natgeo'), 'followers')
      .slice(0, 3)
      .map((user) => ({ username: user.username, pk: String(user.pk) }));
    const failing = followers[1] as { username: string; pk: string };
    upstream.replay.addFault({ provider: 'hikerapi', path: PATH.hikerapi.reels, params: { user_id: failing.pk }, status: 503 });
    const answer = await execute(
      app({ PROVIDER_ORDER: 'hikerapi', UPSTREAM_MAX_ATTEMPTS: '1' }),
      `query { user(username: "natgeo") { followers(first: 3) { nodes { username reels(first: 2) { nodes { code } } } } } }`,
    );

    const nodes = followers.map(({ username }) => ({
      username,
      reels: username === failing.username ? null : { nodes: codesOf(username, 'reels', 2).map((code) => ({ code })) },
    }));
    expect(answer.data).toEqual({ user: { followers: { nodes } } });
    expect(answer.errors).toHaveLength(1);
    expect(errorAt(answer.errors, ['user', 'followers', 'nodes', 1, 'reels']).extensions).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      provider: 'hikerapi',
    });
    expect(upstream.replay.stats.count({ provider: 'hikerapi', path: PATH.hikerapi.reels })).toBe(3);
    expect(answer.elapsedMs).toBeLessThan(500);
  });
});
