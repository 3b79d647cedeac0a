import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  FollowersReelsDocument,
  FollowersWithCountsDocument,
  MediaOwnerProfileDocument,
  MediaPeopleDocument,
  PostsPageDocument,
  PostsWithOwnersDocument,
  SameUserTwiceDocument,
} from '../../examples/generated/graphql';
import type { ReplayServer } from '../../src/replay/types';
import type { Instagraph } from '../../src/server';
import { createApp, execute, startReplay, type Cost } from '../helpers/instagraph';
import { world, worldMedia, worldUser } from '../helpers/world';

let replay: ReplayServer;
let app: Instagraph;

beforeAll(async () => {
  replay = await startReplay();
  app = createApp(replay, { providers: 'hikerapi' });
});

afterAll(async () => {
  await app?.close();
  await replay?.close();
});

beforeEach(() => {
  replay.stats.reset();
  replay.setLatency(0);
});

/** Upstream calls by path, in a stable order, from the replay upstream's own counters. */
function callsByPath(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of replay.stats.calls) counts[call.path] = (counts[call.path] ?? 0) + 1;
  return counts;
}

/** The floor, seen from both sides: the replay upstream's counters and extensions.cost. */
function expectCalls(cost: Cost | undefined, expected: Record<string, number>): void {
  const total = Object.values(expected).reduce((sum, count) => sum + count, 0);
  expect(callsByPath()).toEqual(expected);
  expect(replay.stats.count({ provider: 'hikerapi' })).toBe(total);
  expect(cost).toMatchObject({ upstreamCalls: total, cacheHits: 0, byProvider: { hikerapi: { upstreamCalls: total } } });
}

const natgeoPk = String(worldUser('natgeo').pk);
const firstFollowers = (count: number) => world.userList(natgeoPk, 'followers').slice(0, count);

describe('upstream calls equal the floor (HikerAPI, nothing cached)', () => {
  it("natgeo's first 10 followers with 3 reels each: 1 profile + 1 followers page + 10 reels pages = 12", async () => {
    const answer = await execute(app, FollowersReelsDocument, { username: 'natgeo', followers: 10, reels: 3 });
    expect(answer.errors).toEqual([]);
    const followers = answer.data?.user?.followers?.nodes ?? [];
    expect(followers.map((follower) => follower.username)).toEqual(firstFollowers(10).map((user) => user.username));
    followers.forEach((follower, index) => {
      const reels = world.mediaList(String(firstFollowers(10)[index]!.pk), 'reels').slice(0, 3);
      expect(reels).toHaveLength(3);
      expect(follower.reels?.nodes, follower.username).toEqual(
        reels.map((reel) => ({ code: reel.code, playCount: reel.play_count, likeCount: reel.like_count })),
      );
    });

    expectCalls(answer.cost, { '/v1/user/by/username': 1, '/v1/user/followers/chunk': 1, '/v1/user/clips/chunk': 10 });
    const reelOwners = replay.stats.calls.filter((call) => call.path === '/v1/user/clips/chunk').map((call) => call.params.user_id);
    expect(new Set(reelOwners)).toEqual(new Set(firstFollowers(10).map((user) => String(user.pk))));
    expect(answer.cost?.estimated).toBe(12);
  });

  it("natgeo's posts(first: 30): 1 profile + 3 pages of 12 = 4", async () => {
    const answer = await execute(app, PostsPageDocument, { username: 'natgeo', first: 30 });
    expect(answer.errors).toEqual([]);
    expect(answer.data?.user?.posts?.edges.map((edge) => edge.node.pk)).toEqual(
      world.mediaList(natgeoPk, 'posts').slice(0, 30).map((media) => media.pk),
    );
    expectCalls(answer.cost, { '/v1/user/by/username': 1, '/v1/user/medias/chunk': 3 });
    expect(answer.cost?.estimated).toBe(4);
  });

  it('the same user twice under aliases with the same follower page twice: 2, no extra calls', async () => {
    const answer = await execute(app, SameUserTwiceDocument, { username: 'natgeo' });
    expect(answer.errors).toEqual([]);
    const usernames = firstFollowers(10).map((user) => user.username);
    expect(answer.data?.byName).toEqual({ username: 'natgeo', followers: { nodes: usernames.map((username) => ({ username })) } });
    expect(answer.data?.again).toEqual({
      fullName: 'National Geographic',
      followers: { nodes: firstFollowers(10).map((user) => ({ pk: String(user.pk) })) },
    });
    expectCalls(answer.cost, { '/v1/user/by/username': 1, '/v1/user/followers/chunk': 1 });
    // Identical (field, arguments) under different aliases are priced once, as they are fetched once.
    expect(answer.cost?.estimated).toBe(2);
  });

  it("a post's owner, coauthors and tagged users are summaries: 1 call", async () => {
    const wire = worldMedia('DWP8aeHgDk_');
    expect(wire.coauthor_producers.length).toBeGreaterThan(0);
    expect(wire.usertags.length).toBeGreaterThan(0);
    const answer = await execute(app, MediaPeopleDocument, { code: wire.code });
    expect(answer.errors).toEqual([]);
    expect(answer.data?.media).toEqual({
      code: wire.code,
      owner: { username: 'natgeo', isVerified: true },
      coauthors: wire.coauthor_producers.map((coauthor) => ({ username: coauthor.username })),
      usertags: wire.usertags.map((tag) => ({ user: { username: tag.user.username } })),
    });
    expectCalls(answer.cost, { '/v1/media/by/code': 1 });
    expect(answer.cost?.estimated).toBe(1);
  });

  it("a post's owner's follower count needs the owner's profile: 2 calls", async () => {
    const answer = await execute(app, MediaOwnerProfileDocument, { code: 'DWLs6XzhLIr' });
    expect(answer.errors).toEqual([]);
    const owner = worldUser('leo.shoots.birds');
    expect(answer.data?.media).toEqual({ code: 'DWLs6XzhLIr', owner: { username: owner.username, followerCount: owner.follower_count } });
    expectCalls(answer.cost, { '/v1/media/by/code': 1, '/v1/user/by/id': 1 });
    expect(replay.stats.calls.find((call) => call.path === '/v1/user/by/id')?.params.id).toBe(String(owner.pk));
    expect(answer.cost?.estimated).toBe(2);
  });

  it.each([
    { username: 'jane', otherOwners: [] as string[] },
    // natgeo's grid holds a collab post natgeoanimals owns: that owner's profile is one more call.
    { username: 'natgeo', otherOwners: ['natgeoanimals'] },
  ])("$username's posts(first: 12) with each owner's follower count: the account's own profile is loaded already", async ({
    username,
    otherOwners,
  }) => {
    const posts = world.mediaList(String(worldUser(username).pk), 'posts').slice(0, 12);
    expect([...new Set(posts.map((media) => media.user.username))].filter((owner) => owner !== username)).toEqual(otherOwners);
    const answer = await execute(app, PostsWithOwnersDocument, { username, first: 12 });
    expect(answer.errors).toEqual([]);
    expect(answer.data?.user?.posts?.nodes).toEqual(
      posts.map((media) => ({
        code: media.code,
        owner: { username: media.user.username, followerCount: worldUser(media.user.username).follower_count },
      })),
    );
    const profileLookups = otherOwners.length;
    expectCalls(answer.cost, {
      '/v1/user/by/username': 1,
      '/v1/user/medias/chunk': 1,
      ...(profileLookups > 0 ? { '/v1/user/by/id': profileLookups } : {}),
    });
    expect(answer.cost?.estimated).toBeGreaterThanOrEqual(2 + profileLookups);
  });

  it("natgeo's first 10 followers with their follower counts: 1 + 1 + 10 profiles = 12", async () => {
    const answer = await execute(app, FollowersWithCountsDocument, { username: 'natgeo', first: 10 });
    expect(answer.errors).toEqual([]);
    expect(answer.data?.user?.followers?.nodes).toEqual(
      firstFollowers(10).map((user) => ({ username: user.username, followerCount: user.follower_count })),
    );
    expectCalls(answer.cost, { '/v1/user/by/username': 1, '/v1/user/followers/chunk': 1, '/v1/user/by/id': 10 });
    expect(answer.cost?.estimated).toBe(12);
  });

  it('runs the 10 reels calls of one level concurrently (DataLoader batching)', async () => {
    const latencyMs = 100;
    replay.setLatency(latencyMs);
    const started = performance.now();
    const answer = await execute(app, FollowersReelsDocument, { username: 'natgeo', followers: 10, reels: 3 });
    const elapsed = performance.now() - started;
    expect(answer.errors).toEqual([]);
    expect(replay.stats.count()).toBe(12);
    expect(replay.stats.maxInFlight).toBeGreaterThanOrEqual(2);
    // Three rounds (profile, followers, reels) rather than twelve calls one after another.
    expect(elapsed).toBeLessThan(8 * latencyMs);
  });
});
