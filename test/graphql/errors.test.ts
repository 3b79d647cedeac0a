import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  FollowersPageDocument,
  FollowersReelsDocument,
  FollowingPageDocument,
  MediaDetailDocument,
  PostsBackwardDocument,
  PostsPageDocument,
  ProfileDocument,
  ReelsPageDocument,
  UserByPkDocument,
  UserOverviewDocument,
} from '../../examples/generated/graphql';
import type { FaultRule, ReplayServer } from '../../src/replay/types';
import type { Instagraph } from '../../src/server';
import { codes, createApp, errorAt, execute, expectNothingLeaked, startReplay, type ClientError } from '../helpers/instagraph';
import { world, worldUser } from '../helpers/world';

let replay: ReplayServer;
let app: Instagraph;
/** Apps a test made for itself (faults trip per-provider state such as circuit breakers). */
const ownApps: Instagraph[] = [];

beforeAll(async () => {
  replay = await startReplay();
  app = createApp(replay, { providers: 'hikerapi' });
});

afterAll(async () => {
  await app?.close();
  await replay?.close();
});

beforeEach(() => replay.stats.reset());

afterEach(async () => {
  replay.clearFaults();
  await Promise.all(ownApps.splice(0).map((own) => own.close()));
});

/** A fresh app for a fault test: one try per call, so a fault is seen exactly once per call. */
function faultApp(setup: 'hikerapi' | 'aisa', env: Record<string, string> = {}): Instagraph {
  const own = createApp(replay, { providers: setup, env: { UPSTREAM_MAX_ATTEMPTS: '1', ...env } });
  ownApps.push(own);
  return own;
}

const natgeoPk = String(worldUser('natgeo').pk);
const firstCodes = (kind: 'posts' | 'reels', count = 3) => world.mediaList(natgeoPk, kind).slice(0, count).map(({ code }) => ({ code }));
const firstUsernames = (kind: 'followers' | 'following', count = 3) =>
  world.userList(natgeoPk, kind).slice(0, count).map(({ username }) => ({ username }));

/** A list call of this request, by path; profile lookups are not list calls. */
const listCalls = () => replay.stats.calls.filter((call) => !call.path.includes('/by/') && !call.path.endsWith('/profile'));

describe('NOT_FOUND', () => {
  it('an unknown username: user is null, with the error at ["user"]', async () => {
    const answer = await execute(app, ProfileDocument, { username: 'no.such.user.zz9' });
    expect(answer.status).toBe(200);
    expect(answer.data).toEqual({ user: null });
    expect(errorAt(answer.errors, ['user']).extensions).toMatchObject({ code: 'NOT_FOUND', provider: 'hikerapi' });
    expect(replay.stats.count()).toBe(1);
  });

  it('an unknown pk and an unknown shortcode', async () => {
    const byPk = await execute(app, UserByPkDocument, { pk: '1' });
    expect(byPk.data).toEqual({ userByPk: null });
    expect(errorAt(byPk.errors, ['userByPk']).extensions?.code).toBe('NOT_FOUND');
    const media = await execute(app, MediaDetailDocument, { code: 'ZZZZZZZZZZZ' });
    expect(media.data).toEqual({ media: null });
    expect(errorAt(media.errors, ['media']).extensions?.code).toBe('NOT_FOUND');
  });
});

describe('PRIVATE_ACCOUNT', () => {
  it("a private account's profile resolves, each list is null with its own error, and the lists cost no call", async () => {
    const hidden = worldUser('hidden.trails');
    const answer = await execute(app, UserOverviewDocument, { username: hidden.username });
    expect(answer.data?.user).toEqual({
      id: expect.any(String),
      pk: String(hidden.pk),
      username: hidden.username,
      fullName: hidden.full_name,
      isPrivate: true,
      isVerified: false,
      followerCount: hidden.follower_count,
      posts: null,
      reels: null,
      taggedMedia: null,
      pinnedMedia: null,
      followers: null,
      following: null,
    });
    for (const list of ['posts', 'reels', 'taggedMedia', 'pinnedMedia', 'followers', 'following']) {
      const error = errorAt(answer.errors, ['user', list]);
      expect(error.extensions?.code, list).toBe('PRIVATE_ACCOUNT');
      expect(error.message).toContain('@hidden.trails');
    }
    expect(answer.errors).toHaveLength(6);
    // We know it is private from its profile: asking upstream would only buy a 403.
    expect(replay.stats.calls.map((call) => call.path)).toEqual(['/v1/user/by/username']);
    expect(answer.cost?.upstreamCalls).toBe(1);
  });

  it("a private follower's reels are null at that follower's path, known from the list's summary with no call", async () => {
    const followers = world.userList(natgeoPk, 'followers').slice(0, 15);
    const privateIndexes = followers.flatMap((user, index) => (user.is_private ? [index] : []));
    expect(privateIndexes.length).toBeGreaterThanOrEqual(2);
    const answer = await execute(app, FollowersReelsDocument, { username: 'natgeo', followers: 15, reels: 2 });
    const nodes = answer.data?.user?.followers?.nodes ?? [];
    expect(nodes.map((node) => node.username)).toEqual(followers.map((user) => user.username));
    nodes.forEach((node, index) => {
      if (privateIndexes.includes(index)) expect(node.reels, node.username).toBeNull();
      else expect(node.reels?.nodes.length, node.username).toBe(Math.min(2, world.mediaList(String(followers[index]!.pk), 'reels').length));
    });
    expect(answer.errors.map((error) => error.path)).toEqual(privateIndexes.map((index) => ['user', 'followers', 'nodes', index, 'reels']));
    expect(new Set(codes(answer.errors))).toEqual(new Set(['PRIVATE_ACCOUNT']));
    expect(replay.stats.count({ path: '/v1/user/clips/chunk' })).toBe(15 - privateIndexes.length);
  });
});

describe('BAD_USER_INPUT, before any upstream call', () => {
  it.each(['no spaces!', 'a'.repeat(31), 'slash/name', 'emoji🙂', ''])('username %j', async (username) => {
    const answer = await execute(app, ProfileDocument, { username });
    expect(answer.data).toEqual({ user: null });
    const error = errorAt(answer.errors, ['user']);
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(replay.stats.count()).toBe(0);
    expect(answer.cost?.upstreamCalls).toBe(0);
  });

  it('a 30-character username is valid: it is looked up (and not found)', async () => {
    const answer = await execute(app, ProfileDocument, { username: 'a'.repeat(30) });
    expect(codes(answer.errors)).toEqual(['NOT_FOUND']);
    expect(replay.stats.count()).toBe(1);
  });

  it('a malformed pk or shortcode', async () => {
    const byPk = await execute(app, UserByPkDocument, { pk: '12ab' });
    expect(errorAt(byPk.errors, ['userByPk']).extensions?.code).toBe('BAD_USER_INPUT');
    const media = await execute(app, MediaDetailDocument, { code: 'not a code' });
    expect(errorAt(media.errors, ['media']).extensions?.code).toBe('BAD_USER_INPUT');
    expect(replay.stats.count()).toBe(0);
  });

  /** The list is null with BAD_USER_INPUT at its path; only the parent's profile was fetched. */
  function expectRefusedList(answer: { errors: ClientError[] }, path: (string | number)[]): void {
    expect(errorAt(answer.errors, path).extensions?.code).toBe('BAD_USER_INPUT');
    expect(answer.errors).toHaveLength(1);
    expect(listCalls()).toEqual([]);
    expect(replay.stats.calls.map((call) => call.path)).toEqual(['/v1/user/by/username']);
  }

  it.each([0, -1, 101, 1000])('posts(first: %i)', async (first) => {
    const answer = await execute(app, PostsPageDocument, { username: 'natgeo', first });
    expect(answer.data).toEqual({ user: { posts: null } });
    expectRefusedList(answer, ['user', 'posts']);
  });

  it.each([0, 101])('followers(first: %i)', async (first) => {
    const answer = await execute(app, FollowersPageDocument, { username: 'natgeo', first });
    expect(answer.data).toEqual({ user: { followers: null } });
    expectRefusedList(answer, ['user', 'followers']);
  });

  it('first: 1 and first: 100 are the bounds that work', async () => {
    const one = await execute(app, PostsPageDocument, { username: 'natgeo', first: 1 });
    const hundred = await execute(app, FollowersPageDocument, { username: 'natgeo', first: 100 });
    expect(one.errors).toEqual([]);
    expect(one.data?.user?.posts?.edges).toHaveLength(1);
    expect(hundred.errors).toEqual([]);
    expect(hundred.data?.user?.followers?.edges).toHaveLength(world.userList(natgeoPk, 'followers').length);
  });

  it('last: 5 and before: are refused (upstream pages forward only), the parent still resolves', async () => {
    const page = await execute(app, PostsPageDocument, { username: 'natgeo', first: 2 });
    const cursor = page.data?.user?.posts?.pageInfo.endCursor;
    expect(cursor).toEqual(expect.any(String));
    for (const variables of [{ last: 5 }, { before: cursor ?? '' }, { last: 2, before: cursor ?? '' }]) {
      replay.stats.reset();
      const answer = await execute(app, PostsBackwardDocument, { username: 'natgeo', ...variables });
      expect(answer.data, JSON.stringify(variables)).toEqual({ user: { username: 'natgeo', posts: null } });
      expectRefusedList(answer, ['user', 'posts']);
    }
  });

  describe('after: cursors we did not issue, or issued for another list', () => {
    const encode = (cursor: Record<string, unknown>) => `ig1.${Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url')}`;
    const endCursor = (answer: { data?: unknown }, list: string): string => {
      const cursor = (answer.data as { user?: Record<string, { pageInfo: { endCursor: string | null } } | null> } | undefined)?.user?.[list]
        ?.pageInfo.endCursor;
      if (!cursor) throw new Error(`no ${list} cursor`);
      return cursor;
    };

    it.each([
      ['garbage', 'abc'],
      ['empty', ''],
      ['our prefix with garbage', 'ig1.!!!'],
      ['base64 of another shape', `ig1.${Buffer.from('{"page":2}').toString('base64url')}`],
      ['an unknown version', encode({ v: 2, k: 'posts', u: natgeoPk, p: 'hikerapi', c: null, o: 3 })],
      ['a provider that is not configured', encode({ v: 1, k: 'posts', u: natgeoPk, p: 'aisa', c: null, o: 3 })],
    ])('%s', async (_what, after) => {
      const answer = await execute(app, PostsPageDocument, { username: 'natgeo', first: 3, after });
      expect(answer.data).toEqual({ user: { posts: null } });
      expectRefusedList(answer, ['user', 'posts']);
    });

    it("a reels cursor on posts, a followers cursor on following, natgeo's cursor on jane's list", async () => {
      const reelsCursor = endCursor(await execute(app, ReelsPageDocument, { username: 'natgeo', first: 3 }), 'reels');
      const followersCursor = endCursor(await execute(app, FollowersPageDocument, { username: 'natgeo', first: 3 }), 'followers');
      const postsCursor = endCursor(await execute(app, PostsPageDocument, { username: 'natgeo', first: 3 }), 'posts');

      replay.stats.reset();
      expectRefusedList(await execute(app, PostsPageDocument, { username: 'natgeo', first: 3, after: reelsCursor }), ['user', 'posts']);
      replay.stats.reset();
      expectRefusedList(await execute(app, FollowingPageDocument, { username: 'natgeo', first: 3, after: followersCursor }), [
        'user',
        'following',
      ]);
      replay.stats.reset();
      expectRefusedList(await execute(app, PostsPageDocument, { username: 'jane', first: 3, after: postsCursor }), ['user', 'posts']);
    });

    it('a search cursor without its query, and a plain cursor with a query', async () => {
      const searchCursor = endCursor(await execute(app, FollowersPageDocument, { username: 'natgeo', first: 1, query: 'lens' }), 'followers');
      const plainCursor = endCursor(await execute(app, FollowersPageDocument, { username: 'natgeo', first: 3 }), 'followers');
      for (const variables of [
        { after: searchCursor },
        { after: searchCursor, query: 'coast' },
        { after: plainCursor, query: 'lens' },
      ]) {
        replay.stats.reset();
        const answer = await execute(app, FollowersPageDocument, { username: 'natgeo', first: 3, ...variables });
        expect(answer.data, JSON.stringify(variables)).toEqual({ user: { followers: null } });
        expectRefusedList(answer, ['user', 'followers']);
      }
    });

    it('a forged cursor in our format, with an upstream cursor we never issued', async () => {
      const forged = encode({ v: 1, k: 'posts', u: natgeoPk, p: 'hikerapi', c: '123_787132', o: 0 });
      const answer = await execute(app, PostsPageDocument, { username: 'natgeo', first: 3, after: forged });
      expectRefusedList(answer, ['user', 'posts']);
    });
  });
});

describe('upstream failures null only the failing field', () => {
  const FAULTS: { code: string; fault: Omit<FaultRule, 'provider' | 'path'>; extensions?: Record<string, unknown> }[] = [
    { code: 'UPSTREAM_RATE_LIMITED', fault: { status: 429, retryAfterSeconds: 30 }, extensions: { retryAfterSeconds: 30 } },
    { code: 'UPSTREAM_UNAVAILABLE', fault: { status: 503 } },
    { code: 'UPSTREAM_UNAVAILABLE', fault: { status: 500 } },
    { code: 'UPSTREAM_AUTH', fault: { status: 401 } },
    { code: 'UPSTREAM_PAYMENT_REQUIRED', fault: { status: 402 } },
    { code: 'UPSTREAM_BAD_RESPONSE', fault: { malformedJson: true } },
    { code: 'UPSTREAM_BAD_RESPONSE', fault: { omitField: 'code' } },
  ];

  it.each(FAULTS)('HikerAPI reels answering $fault: $code at ["user","reels"], siblings resolve', async ({ code, fault, extensions }) => {
    const own = faultApp('hikerapi');
    replay.addFault({ provider: 'hikerapi', path: '/v1/user/clips/chunk', ...fault });
    const answer = await execute(own, UserOverviewDocument, { username: 'natgeo' });
    expect(answer.status).toBe(200);
    expect(answer.data?.user).toMatchObject({
      username: 'natgeo',
      followerCount: worldUser('natgeo').follower_count,
      posts: { nodes: firstCodes('posts') },
      reels: null,
      followers: { nodes: firstUsernames('followers') },
      following: { nodes: firstUsernames('following') },
    });
    expect(answer.data?.user?.taggedMedia?.nodes).toHaveLength(3);
    expect(answer.data?.user?.pinnedMedia).toHaveLength(3);
    expect(answer.errors).toHaveLength(1);
    expect(errorAt(answer.errors, ['user', 'reels']).extensions).toEqual({ code, provider: 'hikerapi', ...extensions });
    expect(replay.stats.count({ path: '/v1/user/clips/chunk' })).toBe(1);
  });

  it.each(FAULTS)('AIsa reels answering $fault: $code at ["user","reels"], posts resolve', async ({ code, fault, extensions }) => {
    const own = faultApp('aisa');
    replay.addFault({ provider: 'aisa', path: '/instagram/user/reels', ...fault });
    const answer = await execute(own, UserOverviewDocument, { username: 'natgeo' });
    expect(answer.data?.user).toMatchObject({ username: 'natgeo', posts: { nodes: firstCodes('posts') }, reels: null });
    expect(errorAt(answer.errors, ['user', 'reels']).extensions).toEqual({ code, provider: 'aisa', ...extensions });
    expect(replay.stats.count({ path: '/instagram/user/reels' })).toBe(1);
  });

  it('a failing profile nulls user at ["user"]; another root field still resolves', async () => {
    const own = faultApp('hikerapi');
    replay.addFault({ provider: 'hikerapi', path: '/v1/user/by/username', status: 503 });
    const answer = await execute(own, ProfileDocument, { username: 'natgeo' });
    expect(answer.data).toEqual({ user: null });
    expect(errorAt(answer.errors, ['user']).extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    const media = await execute(own, MediaDetailDocument, { code: 'DWLs6XzhLIr' });
    expect(media.errors).toEqual([]);
  });

  it("one follower's failing reels null only that follower's reels", async () => {
    const own = faultApp('hikerapi');
    const followers = world.userList(natgeoPk, 'followers').slice(0, 10);
    const victim = followers[3]!;
    replay.addFault({ provider: 'hikerapi', path: '/v1/user/clips/chunk', params: { user_id: String(victim.pk) }, status: 503 });
    const answer = await execute(own, FollowersReelsDocument, { username: 'natgeo', followers: 10, reels: 3 });
    const nodes = answer.data?.user?.followers?.nodes ?? [];
    expect(nodes).toHaveLength(10);
    expect(nodes[3]).toEqual({ username: victim.username, isVerified: victim.is_verified, reels: null });
    expect(nodes.filter((node) => node.reels?.nodes.length === 3)).toHaveLength(9);
    expect(answer.errors.map((error) => [error.path, error.extensions?.code])).toEqual([
      [['user', 'followers', 'nodes', 3, 'reels'], 'UPSTREAM_UNAVAILABLE'],
    ]);
  });

  it('a wrong API key: UPSTREAM_AUTH, and neither key is ever quoted', async () => {
    const wrongKey = 'hk-WRONG-graphql-key-0b7a66f1';
    const own = faultApp('hikerapi', { HIKERAPI_KEY: wrongKey });
    const answer = await execute(own, UserOverviewDocument, { username: 'natgeo' });
    expect(answer.data).toEqual({ user: null });
    expect(errorAt(answer.errors, ['user']).extensions).toMatchObject({ code: 'UPSTREAM_AUTH', provider: 'hikerapi' });
    expectNothingLeaked(answer.text, [wrongKey]);
    expect(replay.stats.calls.map((call) => call.status)).toEqual([401]);
  });
});

describe('UNSUPPORTED_BY_PROVIDERS', () => {
  it('with only AIsa configured, followers, following and tagged media are null with their errors; posts and reels resolve', async () => {
    const aisa = faultApp('aisa');
    const answer = await execute(aisa, UserOverviewDocument, { username: 'natgeo' });
    expect(answer.data?.user).toMatchObject({
      username: 'natgeo',
      followerCount: worldUser('natgeo').follower_count,
      posts: { nodes: firstCodes('posts') },
      reels: { nodes: firstCodes('reels') },
      taggedMedia: null,
      followers: null,
      following: null,
    });
    for (const list of ['taggedMedia', 'followers', 'following']) {
      expect(errorAt(answer.errors, ['user', list]).extensions?.code, list).toBe('UNSUPPORTED_BY_PROVIDERS');
    }
    expect(replay.stats.calls.map((call) => `${call.provider} ${call.path}`).sort()).toEqual([
      'aisa /instagram/profile',
      'aisa /instagram/user/posts',
      'aisa /instagram/user/reels',
    ]);
  });

  it('with only AIsa configured, pinnedMedia is UNSUPPORTED_BY_PROVIDERS, not an internal error', async () => {
    const aisa = faultApp('aisa');
    const answer = await execute(aisa, UserOverviewDocument, { username: 'natgeo' });
    expect(answer.data?.user?.pinnedMedia).toBeNull();
    expect(errorAt(answer.errors, ['user', 'pinnedMedia']).extensions?.code).toBe('UNSUPPORTED_BY_PROVIDERS');
  });

  it('with only AIsa configured, followers(query:) is UNSUPPORTED_BY_PROVIDERS with no call', async () => {
    const aisa = faultApp('aisa');
    const answer = await execute(aisa, FollowersPageDocument, { username: 'natgeo', first: 3, query: 'lens' });
    expect(answer.data).toEqual({ user: { followers: null } });
    expect(errorAt(answer.errors, ['user', 'followers']).extensions?.code).toBe('UNSUPPORTED_BY_PROVIDERS');
    expect(replay.stats.calls.map((call) => call.path)).toEqual(['/instagram/profile']);
  });
});
