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
