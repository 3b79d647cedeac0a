import { z } from 'zod';
import type { Provider } from '../src/domain/provider';
import type { Media, Page } from '../src/domain/types';
import type { World } from '../src/replay/world';
import { encodeGlobalId } from '../src/schema/global-id';
import type { GraphQLRequestBody, GraphQLResponseBody } from './graphql';

/**
 * One benchmark query: the GraphQL requests a client sends (more than one for a walk), the fewest
 * upstream calls the upstream APIs allow for them (floor) and the number of sequential upstream
 * rounds they need (the critical path), all reasoned for HikerAPI, first in PROVIDER_ORDER.
 */
export interface BenchQuery {
  id: string;
  title: string;
  floor: number;
  rounds: number;
  /** Queries whose calls fan out: the wall-time target (≤ 1.25 × the bound) applies to them. */
  fanOut: boolean;
  /** In order; each is built from the previous response (a walk follows endCursor). */
  requests: Array<(previous: GraphQLResponseBody | null) => GraphQLRequestBody>;
  /** Why the answer is not the data asked for, or null: a fast wrong answer must not pass. */
  check(responses: GraphQLResponseBody[]): string | null;
  /**
   * The upstream calls the requests make with every cache TTL at 0, made directly with a provider
   * client: the baseline the gateway overhead is measured against.
   */
  direct(provider: Provider): Promise<void>;
}

const PROFILE_FIELDS = `pk username fullName biography followerCount followingCount mediaCount
  isPrivate isVerified isBusiness category externalUrl profilePicUrl`;
const MEDIA_FIELDS = 'pk code mediaType productType takenAt likeCount commentCount playCount caption thumbnailUrl url';

const mediaNodes = z.object({ nodes: z.array(z.object({ code: z.string() }).loose()) });
const mediaPage = mediaNodes.extend({ pageInfo: z.object({ endCursor: z.string().nullable(), hasNextPage: z.boolean() }) });
const followersWithReels = z.object({
  nodes: z.array(z.object({ reels: mediaNodes }).loose()),
});

function dataOf<S extends z.ZodType>(schema: S, response: GraphQLResponseBody | undefined): z.output<S> | string {
  const parsed = schema.safeParse(response?.data);
  return parsed.success ? parsed.data : `unexpected data: ${z.prettifyError(parsed.error)}`;
}

function expectFollowersReels(followers: z.infer<typeof followersWithReels>): string | null {
  if (followers.nodes.length !== 10) return `expected 10 followers, got ${followers.nodes.length}`;
  const empty = followers.nodes.filter((follower) => follower.reels.nodes.length === 0 || follower.reels.nodes.length > 3);
  return empty.length === 0 ? null : `${empty.length} followers without 1 to 3 reels`;
}

async function followersReelsDirect(provider: Provider): Promise<void> {
  const natgeo = await provider.userByUsername('natgeo');
  const followers = await required(provider.followers)(natgeo, null);
  await Promise.all(followers.items.slice(0, 10).map((follower) => provider.userReels(follower, null)));
}

function required<F>(method: F | undefined): F {
  if (!method) throw new Error('the benchmark baseline needs HikerAPI, which serves every operation');
  return method;
}

export function benchQueries(world: World): BenchQuery[] {
  const natgeo = world.userByUsername('natgeo');
  if (!natgeo) throw new Error('fixture world: no natgeo');
  const natgeoReels = world.mediaList(String(natgeo.pk), 'reels').length;
  const firstPost = world.mediaList(String(natgeo.pk), 'posts')[0];
  if (!firstPost) throw new Error('fixture world: natgeo has no posts');
  // Twenty accounts in the world's order, natgeo left out so no earlier query's data overlaps.
  const twentyUsers = world.users.filter((user) => user.pk !== natgeo.pk).slice(0, 20);

  const reelsWalkQuery = `query ReelsWalk($after: String) {
    user(username: "natgeo") { reels(first: 12, after: $after) { nodes { ${MEDIA_FIELDS} } pageInfo { endCursor hasNextPage } } }
  }`;
  const walkStep = (previous: GraphQLResponseBody | null): GraphQLRequestBody => {
    const page = previous === null ? null : dataOf(z.object({ user: z.object({ reels: mediaPage }) }), previous);
    if (typeof page === 'string') throw new Error(`reels walk: ${page}`);
    return { query: reelsWalkQuery, variables: { after: page?.user.reels.pageInfo.endCursor ?? null } };
  };

  return [
    {
      id: 'profile',
      title: 'profile',
      // /v1/user/by/username answers the whole profile in one call; nothing cheaper exists.
      floor: 1,
      rounds: 1,
      fanOut: false,
      requests: [() => ({ query: `{ user(username: "natgeo") { ${PROFILE_FIELDS} } }` })],
      check: ([response]) => {
        const data = dataOf(z.object({ user: z.object({ username: z.literal('natgeo'), followerCount: z.number() }).loose() }), response);
        return typeof data === 'string' ? data : null;
      },
      direct: async (provider) => {
        await provider.userByUsername('natgeo');
      },
    },
    {
      id: 'posts',
      title: 'first page of posts',
      // /v1/user/medias/chunk takes a user_id, not a username, so the pk comes from a profile call
      // first; an upstream page holds 12 posts, so first: 12 is one page. 2 calls, one after the other.
      floor: 2,
      rounds: 2,
      fanOut: false,
      requests: [() => ({ query: `{ user(username: "natgeo") { posts(first: 12) { nodes { ${MEDIA_FIELDS} } } } }` })],
      check: ([response]) => {
        const data = dataOf(z.object({ user: z.object({ posts: mediaNodes }) }), response);
        if (typeof data === 'string') return data;
        return data.user.posts.nodes.length === 12 ? null : `expected 12 posts, got ${data.user.posts.nodes.length}`;
      },
      direct: async (provider) => {
        await provider.userPosts(await provider.userByUsername('natgeo'), null);
      },
    },
    {
      id: 'reels-walk',
      title: `3-page walk (${natgeoReels} reels)`,
      // One profile call for the pk (the two later requests find it in the cache), then
      // ceil(34 / 12) = 3 pages of /v1/user/clips/chunk, each needing the previous page's cursor.
      floor: 4,
      rounds: 4,
      fanOut: false,
      requests: [walkStep, walkStep, walkStep],
      check: (responses) => {
        const pages = responses.map((response) => dataOf(z.object({ user: z.object({ reels: mediaPage }) }), response));
        const failed = pages.find((page) => typeof page === 'string');
        if (failed !== undefined) return failed;
        const valid = pages as Array<{ user: { reels: z.infer<typeof mediaPage> } }>;
        const codes = new Set(valid.flatMap((page) => page.user.reels.nodes.map((node) => node.code)));
        if (codes.size !== natgeoReels) return `expected ${natgeoReels} distinct reels, got ${codes.size}`;
        return valid.at(-1)?.user.reels.pageInfo.hasNextPage === false ? null : 'the last page says there is a next page';
      },
      direct: async (provider) => {
        // With every TTL at 0 each request looks the profile up again before its page.
        let cursor: string | null = null;
        for (let request = 0; request < 3; request += 1) {
          const page: Page<Media> = await provider.userReels(await provider.userByUsername('natgeo'), cursor);
          cursor = page.nextCursor;
        }
      },
    },
    {
      id: 'followers-reels',
      title: "followers' recent reels",
      // Profile (the pk) -> /v1/user/followers/chunk (25 a page, so one page covers 10) -> one
      // /v1/user/clips/chunk per follower (no batch endpoint): 1 + 1 + 10 = 12 calls, and the ten
      // depend only on the followers page, so they can all run in the third round.
      floor: 12,
      rounds: 3,
      fanOut: true,
      requests: [
        () => ({
          query: `{ user(username: "natgeo") { followers(first: 10) { nodes { username reels(first: 3) { nodes { code playCount } } } } } }`,
        }),
      ],
      check: ([response]) => {
        const data = dataOf(z.object({ user: z.object({ followers: followersWithReels }) }), response);
        return typeof data === 'string' ? data : expectFollowersReels(data.user.followers);
      },
      direct: followersReelsDirect,
    },
    {
      id: 'aliased',
      title: 'the same, aliases repeating parts',
      // The same user twice, the same followers page twice, the same reels pages twice: identical
      // upstream (endpoint, parameters) are one upstream answer, so the floor and rounds stay 12 and 3.
      floor: 12,
      rounds: 3,
      fanOut: true,
      requests: [
        () => ({
          query: `{
            first: user(username: "natgeo") {
              username
              followers(first: 10) {
                nodes { username reels(first: 3) { nodes { code playCount } } again: reels(first: 3) { nodes { code } } }
              }
              sameFollowers: followers(first: 10) { nodes { username reels(first: 3) { nodes { code likeCount } } } }
            }
            second: user(username: "natgeo") {
              followerCount
              followers(first: 10) { nodes { reels(first: 3) { nodes { code } } } }
            }
          }`,
        }),
      ],
      check: ([response]) => {
        const data = dataOf(
          z.object({
            first: z.object({ followers: followersWithReels, sameFollowers: followersWithReels }),
            second: z.object({ followers: followersWithReels }),
          }),
          response,
        );
        if (typeof data === 'string') return data;
        return (
          expectFollowersReels(data.first.followers) ??
          expectFollowersReels(data.first.sameFollowers) ??
          expectFollowersReels(data.second.followers)
        );
      },
      direct: followersReelsDirect,
    },
    {
      id: 'twenty-users',
      title: '20 distinct users',
      // A profile is one /v1/user/by/id call per user (neither API has a batch lookup), and the 20
      // are independent: 20 calls in a single round.
      floor: 20,
      rounds: 1,
      fanOut: true,
      requests: [
        () => ({
          query: 'query TwentyUsers($ids: [ID!]!) { nodes(ids: $ids) { ... on User { username followerCount } } }',
          variables: { ids: twentyUsers.map((user) => encodeGlobalId('User', user.pk)) },
        }),
      ],
      check: ([response]) => {
        const data = dataOf(z.object({ nodes: z.array(z.object({ username: z.string(), followerCount: z.number() })) }), response);
        if (typeof data === 'string') return data;
        const expected = twentyUsers.map((user) => user.username).join(',');
        return data.nodes.map((node) => node.username).join(',') === expected ? null : 'the 20 users differ from the ids asked for';
      },
      direct: async (provider) => {
        await Promise.all(twentyUsers.map((user) => provider.userByPk(String(user.pk))));
      },
    },
    {
      id: 'media-owner',
      title: 'media by code with owner profile',
      // /v1/media/by/code carries the owner as a short user without counts; followerCount needs
      // /v1/user/by/id with the owner's pk from that answer: 2 calls, one after the other.
      floor: 2,
      rounds: 2,
      fanOut: false,
      requests: [
        () => ({
          query: `{ media(code: "${firstPost.code}") { ${MEDIA_FIELDS} owner { username followerCount biography } } }`,
        }),
      ],
      check: ([response]) => {
        const data = dataOf(z.object({ media: z.object({ code: z.string(), owner: z.object({ username: z.string(), followerCount: z.number() }) }) }), response);
        if (typeof data === 'string') return data;
        return data.media.owner.username === 'natgeo' ? null : `owner is ${data.media.owner.username}, not natgeo`;
      },
      direct: async (provider) => {
        const media = await provider.mediaByCode(firstPost.code);
        await provider.userByPk(media.owner.pk);
      },
    },
  ];
}
