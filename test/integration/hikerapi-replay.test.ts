import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Provider } from '../../src/domain/provider';
import type { Media, MediaListKind, Page, UserListKind, UserRef, UserSummary } from '../../src/domain/types';
import { createHikerApiProvider } from '../../src/providers/hikerapi';
import { startReplayServer } from '../../src/replay/server';
import type { ReplayServer } from '../../src/replay/types';
import { loadWorld } from '../../src/replay/world';
import { UpstreamError } from '../../src/upstream/errors';

const HIKERAPI_KEY = 'hk-replay-INTEGRATION-KEY-7d41e0';
const world = loadWorld();
const publicUsers = world.users.filter((user) => !user.is_private);
const privateUsers = world.users.filter((user) => user.is_private);

let replay: ReplayServer;
let provider: Provider;

beforeAll(async () => {
  replay = await startReplayServer({ hikerapiKey: HIKERAPI_KEY, aisaKey: 'aisa-replay-unused-key', port: 0 });
  provider = createHikerApiProvider({ apiKey: HIKERAPI_KEY, baseUrl: replay.hikerapiUrl });
});

afterAll(async () => {
  await provider?.close();
  await replay?.close();
});

beforeEach(() => {
  replay.stats.reset();
});

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UpstreamError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** Follow nextCursor to the end, guarding against a cursor that never ends. */
async function walk<T>(fetchPage: (cursor: string | null) => Promise<Page<T>>): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: Page<T> = await fetchPage(cursor);
    items.push(...page.items);
    pages += 1;
    cursor = page.nextCursor;
    if (pages > 1_000) throw new Error('cursor never ends');
  } while (cursor !== null);
  return { items, pages };
}

const MEDIA_LISTS: { kind: MediaListKind; path: string; fetch: (ref: UserRef, cursor: string | null) => Promise<Page<Media>> }[] = [
  { kind: 'posts', path: '/v1/user/medias/chunk', fetch: (ref, cursor) => provider.userPosts(ref, cursor) },
  { kind: 'reels', path: '/v1/user/clips/chunk', fetch: (ref, cursor) => provider.userReels(ref, cursor) },
  { kind: 'tagged', path: '/v1/user/tag/medias/chunk', fetch: (ref, cursor) => provider.userTagged!(ref, cursor) },
];

const USER_LISTS: { kind: UserListKind; path: string; fetch: (ref: UserRef, cursor: string | null) => Promise<Page<UserSummary>> }[] = [
  { kind: 'followers', path: '/v1/user/followers/chunk', fetch: (ref, cursor) => provider.followers!(ref, cursor) },
  { kind: 'following', path: '/v1/user/following/chunk', fetch: (ref, cursor) => provider.following!(ref, cursor) },
];

describe('HikerAPI provider against the replay upstream', () => {
  it('has a world with public and private users and non-empty lists', () => {
    expect(publicUsers.length).toBeGreaterThan(0);
    expect(privateUsers.length).toBeGreaterThan(0);
    const total = (kind: MediaListKind | UserListKind) =>
      publicUsers.reduce((sum, user) => sum + world.account(String(user.pk))[kind].length, 0);
    for (const kind of ['posts', 'reels', 'tagged', 'followers', 'following'] as const) expect(total(kind), kind).toBeGreaterThan(0);
  });

  it('reads every public profile with its counts', async () => {
    for (const wire of publicUsers) {
      const user = await provider.userByUsername(wire.username);
      expect(user).toMatchObject({
        pk: String(wire.pk),
        username: wire.username,
        followerCount: wire.follower_count,
        followingCount: wire.following_count,
        mediaCount: wire.media_count,
      });
      expect((await provider.userByPk(String(wire.pk))).username).toBe(wire.username);
    }
    expect(replay.stats.count({ provider: 'hikerapi', path: '/v1/user/by/username' })).toBe(publicUsers.length);
    expect(replay.stats.count({ provider: 'hikerapi', path: '/v1/user/by/id' })).toBe(publicUsers.length);
  });

  for (const list of MEDIA_LISTS) {
    it(`pages through every public user's ${list.kind}, each item exactly once`, async () => {
      let pages = 0;
      let received = 0;
      for (const wire of publicUsers) {
        const ref = { pk: String(wire.pk), username: wire.username };
        const expected = world.mediaList(ref.pk, list.kind);
        const walked = await walk((cursor) => list.fetch(ref, cursor));
        pages += walked.pages;
        received += walked.items.length;
        expect(walked.items.map((media) => media.pk), `${wire.username} ${list.kind}`).toEqual(expected.map((media) => media.pk));
        expect(new Set(walked.items.map((media) => media.pk)).size).toBe(expected.length);
        walked.items.forEach((media, index) => {
          const source = expected[index]!;
          expect(media.code).toBe(source.code);
          expect(media.owner.pk).toBe(source.user.pk);
          if (list.kind === 'reels' && source.play_count > 0 && !source.like_and_view_counts_disabled) {
            expect(media.playCount, source.code).toBe(source.play_count);
          }
          // The feed endpoints answer play_count 0 even for reels: unknown, not zero.
          if (list.kind !== 'reels') expect(media.playCount, source.code).toBeNull();
        });
      }
      expect(received).toBe(publicUsers.reduce((sum, user) => sum + world.account(String(user.pk))[list.kind].length, 0));
      // Some lists span several pages, so cursors were followed, not just first pages read.
      expect(pages).toBeGreaterThan(publicUsers.length);
      expect(replay.stats.count({ provider: 'hikerapi', path: list.path })).toBe(pages);
      expect(replay.stats.count()).toBe(pages);
    });
  }

  for (const list of USER_LISTS) {
    it(`pages through every public user's ${list.kind}, each user exactly once`, async () => {
      let pages = 0;
      let received = 0;
      for (const wire of publicUsers) {
        const ref = { pk: String(wire.pk), username: wire.username };
        const expected = world.userList(ref.pk, list.kind);
        const walked = await walk((cursor) => list.fetch(ref, cursor));
        pages += walked.pages;
        received += walked.items.length;
        expect(walked.items.map((user) => user.pk), `${wire.username} ${list.kind}`).toEqual(expected.map((user) => String(user.pk)));
        expect(new Set(walked.items.map((user) => user.pk)).size).toBe(expected.length);
        expect(walked.items.map((user) => user.username)).toEqual(expected.map((user) => user.username));
      }
      expect(received).toBe(publicUsers.reduce((sum, user) => sum + world.account(String(user.pk))[list.kind].length, 0));
      // Some lists span several pages, so cursors were followed, not just first pages read.
      expect(pages).toBeGreaterThan(publicUsers.length);
      expect(replay.stats.count({ provider: 'hikerapi', path: list.path })).toBe(pages);
      expect(replay.stats.count()).toBe(pages);
    });
  }

  it('reads every pinned list', async () => {
    const owners = publicUsers.filter((user) => world.account(String(user.pk)).pinned.length > 0);
    expect(owners.length).toBeGreaterThan(0);
    for (const wire of owners) {
      const pinned = await provider.pinnedMedia!({ pk: String(wire.pk), username: wire.username });
      expect(pinned.map((media) => media.pk)).toEqual(world.account(String(wire.pk)).pinned);
    }
    expect(replay.stats.count({ provider: 'hikerapi', path: '/v1/user/medias/pinned' })).toBe(owners.length);
  });

  it('fetches single media by code and by pk', async () => {
    const sample = world.media.slice(0, 5);
    for (const source of sample) {
      const byCode = await provider.mediaByCode(source.code);
      expect(byCode).toMatchObject({ pk: source.pk, code: source.code, mediaType: { 1: 'PHOTO', 2: 'VIDEO', 8: 'CAROUSEL' }[source.media_type] });
      expect(byCode.carouselItems).toHaveLength(source.resources.length);
      expect((await provider.mediaByPk!(source.pk)).code).toBe(source.code);
    }
    expect(replay.stats.count({ provider: 'hikerapi', path: '/v1/media/by/code' })).toBe(sample.length);
    expect(replay.stats.count({ provider: 'hikerapi', path: '/v1/media/by/id' })).toBe(sample.length);
  });

  it('answers NOT_FOUND for an unknown user and an unknown media', async () => {
    const user = await failure(provider.userByUsername('no_such_user_in_the_world'));
    expect(user.code).toBe('NOT_FOUND');
    expect(user.status).toBe(404);
    expect((await failure(provider.mediaByCode('NoSuchCode00'))).code).toBe('NOT_FOUND');
    expect(replay.stats.count()).toBe(2);
  });

  it("answers PRIVATE_ACCOUNT for a private user's lists", async () => {
    for (const wire of privateUsers) {
      const ref = { pk: String(wire.pk), username: wire.username };
      const error = await failure(provider.userPosts(ref, null));
      expect(error.code).toBe('PRIVATE_ACCOUNT');
      expect(error.status).toBe(403);
      expect((await failure(provider.followers!(ref, null))).code).toBe('PRIVATE_ACCOUNT');
    }
    expect(replay.stats.count()).toBe(privateUsers.length * 2);
  });

  it('answers UPSTREAM_AUTH for a wrong key without repeating the key', async () => {
    const wrongKey = 'hk-replay-WRONG-KEY-000000';
    const wrong = createHikerApiProvider({ apiKey: wrongKey, baseUrl: replay.hikerapiUrl });
    try {
      const error = await failure(wrong.userByUsername(publicUsers[0]!.username));
      expect(error.code).toBe('UPSTREAM_AUTH');
      expect(error.status).toBe(401);
      expect(error.message).not.toContain(wrongKey);
      expect(String(error)).not.toContain(wrongKey);
      expect(error.message).not.toContain(HIKERAPI_KEY);
    } finally {
      await wrong.close();
    }
    expect(replay.stats.count({ provider: 'hikerapi' })).toBe(1);
  });
});

describe('HikerAPI comments, likers, location feeds and account details against the replay upstream', () => {
  const byUsername = (username: string) => {
    const user = world.userByUsername(username);
    if (!user) throw new Error(`no @${username}`);
    return user;
  };
  const natgeo = byUsername('natgeo');
  const hidden = byUsername('hidden.trails');
  const mediaRef = (media: { pk: string; code: string }) => ({ pk: media.pk, code: media.code });

  it("walks the comments of natgeo's first ten posts, 15 a page, in the world's order", async () => {
    let pages = 0;
    for (const media of world.mediaList(String(natgeo.pk), 'posts').slice(0, 10)) {
      const expected = world.comments(media.pk);
      const walked = await walk((cursor) => provider.comments!(mediaRef(media), cursor));
      pages += walked.pages;
      expect(walked.pages, media.code).toBe(Math.max(1, Math.ceil(expected.length / 15)));
      expect(walked.items).toEqual(
        expected.map((comment) => ({
          pk: comment.pk,
          mediaPk: media.pk,
          text: comment.text,
          createdAt: new Date(comment.created_at * 1000).toISOString(),
          likeCount: comment.like_count,
          user: expect.objectContaining({ pk: String(comment.user.pk), username: comment.user.username, isPrivate: comment.user.is_private }),
        })),
      );
    }
    expect(pages).toBeGreaterThan(10);
    expect(replay.stats.count({ provider: 'hikerapi', path: '/v1/media/comments/chunk' })).toBe(pages);
  });

  it('answers the whole likers list in one call', async () => {
    const [media] = world.mediaList(String(natgeo.pk), 'posts');
    const likers = await provider.likers!(mediaRef(media!));
    expect(likers.map((user) => user.pk)).toEqual(world.likers(media!.pk).map((user) => String(user.pk)));
    expect(likers.length).toBeGreaterThan(25);
    expect(replay.stats.count()).toBe(1);
  });

  it("walks every location's recent and top feeds, each media once, 12 a page", async () => {
    for (const feed of [
      { kind: 'recent', fetch: (pk: string, cursor: string | null) => provider.locationRecentMedia!(pk, cursor) },
      { kind: 'top', fetch: (pk: string, cursor: string | null) => provider.locationTopMedia!(pk, cursor) },
    ] as const) {
      for (const location of new Set(world.media.flatMap((media) => (media.location ? [String(media.location.pk)] : [])))) {
        const expected = world.locationFeed(location, feed.kind).map((media) => media.pk);
        const walked = await walk((cursor) => feed.fetch(location, cursor));
        expect(walked.items.map((media) => media.pk), `${location} ${feed.kind}`).toEqual(expected);
        expect(walked.pages).toBe(Math.max(1, Math.ceil(expected.length / 12)));
      }
    }
    const monterey = await walk((cursor) => provider.locationRecentMedia!('213047514', cursor));
    expect([monterey.items.length, monterey.pages]).toEqual([38, 4]);
  });

  it("reads the About panel, a private account's too", async () => {
    expect(await provider.userAbout!(String(natgeo.pk))).toEqual({ dateJoined: 'March 2012', country: 'United States', formerUsernameCount: 0 });
    const about = world.about(String(hidden.pk))!;
    expect(await provider.userAbout!(String(hidden.pk))).toEqual({
      dateJoined: about.date,
      country: about.country,
      formerUsernameCount: Number(about.former_usernames),
    });
  });

  it('reads live stories oldest first, and none as []', async () => {
    const stories = await provider.userStories!(String(natgeo.pk));
    expect(stories).toEqual(
      world.stories(String(natgeo.pk)).map((item) => ({
        pk: item.pk,
        mediaType: item.media_type === 2 ? 'VIDEO' : 'PHOTO',
        takenAt: new Date(item.taken_at * 1000).toISOString(),
        expiresAt: new Date(item.expiring_at! * 1000).toISOString(),
        imageUrl: item.image_url,
        videoUrl: item.video_url,
        videoDuration: item.video_duration,
      })),
    );
    expect(stories).toHaveLength(3);
    expect(await provider.userStories!(String(byUsername('quiet.observer').pk))).toEqual([]);
  });

  it('reads highlights with their items in one call', async () => {
    const coralcam = byUsername('coralcam');
    const highlights = await provider.userHighlights!(String(coralcam.pk));
    const expected = world.highlights(String(coralcam.pk));
    expect(highlights.map((highlight) => [highlight.id, highlight.title, highlight.coverUrl, highlight.items?.map((item) => item.pk)])).toEqual(
      expected.map((highlight) => [highlight.id, highlight.title, highlight.cover_url, highlight.items.map((item) => item.pk)]),
    );
    expect(highlights.flatMap((highlight) => highlight.items ?? []).every((item) => item.expiresAt === null)).toBe(true);
    expect(replay.stats.count()).toBe(1);
  });

  it("answers PRIVATE_ACCOUNT for a private account's comments, likers, stories and highlights; NOT_FOUND and BAD_REQUEST where due", async () => {
    const [photo] = world.mediaList(String(hidden.pk), 'posts');
    expect((await failure(provider.comments!(mediaRef(photo!), null))).code).toBe('PRIVATE_ACCOUNT');
    expect((await failure(provider.likers!(mediaRef(photo!)))).code).toBe('PRIVATE_ACCOUNT');
    expect((await failure(provider.userStories!(String(hidden.pk)))).code).toBe('PRIVATE_ACCOUNT');
    expect((await failure(provider.userHighlights!(String(hidden.pk)))).code).toBe('PRIVATE_ACCOUNT');
    expect((await failure(provider.comments!({ pk: '1', code: 'B' }, null))).code).toBe('NOT_FOUND');
    expect((await failure(provider.locationRecentMedia!('999', null))).code).toBe('NOT_FOUND');
    const [media] = world.mediaList(String(natgeo.pk), 'posts');
    expect((await failure(provider.comments!(mediaRef(media!), 'not-a-cursor'))).code).toBe('UPSTREAM_BAD_REQUEST');
    expect(replay.stats.calls.map((call) => call.status)).toEqual([403, 403, 403, 403, 404, 404, 400]);
  });
});
