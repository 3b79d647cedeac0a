import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Provider } from '../../src/domain/provider';
import type { Media, Page, UserRef } from '../../src/domain/types';
import { createAisaProvider } from '../../src/providers/aisa';
import { startReplayServer } from '../../src/replay/server';
import type { ReplayServer } from '../../src/replay/types';
import { loadWorld, type WorldMedia } from '../../src/replay/world';
import { UpstreamError } from '../../src/upstream/errors';
import type { UpstreamCallEvent } from '../../src/upstream/http';

const AISA_KEY = 'aisa-replay-INTEGRATION-KEY-93b0c5';
const world = loadWorld();
const publicUsers = world.users.filter((user) => !user.is_private);
const privateUsers = world.users.filter((user) => user.is_private);
const refOf = (user: { pk: number; username: string }): UserRef => ({ pk: String(user.pk), username: user.username });

let replay: ReplayServer;
let provider: Provider;
const calls: UpstreamCallEvent[] = [];

beforeAll(async () => {
  replay = await startReplayServer({ hikerapiKey: 'hk-replay-unused-key', aisaKey: AISA_KEY, port: 0 });
  provider = createAisaProvider({ apiKey: AISA_KEY, baseUrl: replay.aisaUrl, onCall: (event) => calls.push(event) });
});

afterAll(async () => {
  await provider?.close();
  await replay?.close();
});

beforeEach(() => {
  replay.stats.reset();
  calls.length = 0;
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

/** The values a normalized item must carry over from the world's record of it. */
function expectMatchesWorld(media: Media, wire: WorldMedia): void {
  const hidden = wire.like_and_view_counts_disabled;
  expect(media, wire.code).toMatchObject({
    pk: wire.pk,
    code: wire.code,
    mediaType: wire.media_type === 8 ? 'CAROUSEL' : wire.media_type === 2 ? 'VIDEO' : 'PHOTO',
    takenAt: new Date(wire.taken_at_ts * 1000).toISOString(),
    commentCount: wire.comment_count,
    likeCount: hidden ? null : wire.like_count,
    owner: { pk: wire.user.pk, username: wire.user.username },
  });
  expect(media.caption, wire.code).toBe(wire.caption_text === '' ? null : wire.caption_text);
  if (wire.media_type === 2 && !hidden && wire.play_count > 0) expect(media.playCount, wire.code).toBe(wire.play_count);
  if (wire.media_type !== 2) expect(media.playCount, wire.code).toBeNull();
  expect(media.carouselItems.map((child) => child.pk), wire.code).toEqual(wire.resources.map((child) => child.pk));
}

const LISTS = [
  { kind: 'posts', path: '/instagram/user/posts', fetch: (ref: UserRef, cursor: string | null) => provider.userPosts(ref, cursor) },
  { kind: 'reels', path: '/instagram/user/reels', fetch: (ref: UserRef, cursor: string | null) => provider.userReels(ref, cursor) },
] as const;

describe('AIsa provider against the replay upstream', () => {
  it('has a world with public and private users and media to page through', () => {
    expect(privateUsers.length).toBeGreaterThan(0);
    for (const { kind } of LISTS) {
      const total = publicUsers.reduce((sum, user) => sum + world.account(String(user.pk))[kind].length, 0);
      // Enough that some user needs more than one page of 12.
      expect(Math.max(...publicUsers.map((user) => world.account(String(user.pk))[kind].length)), kind).toBeGreaterThan(12);
      expect(total, kind).toBeGreaterThan(0);
    }
  });

  it.each(LISTS)('pages through every public user\'s $kind, each item exactly once, one call per page', async ({ kind, path, fetch }) => {
    let totalPages = 0;
    let totalItems = 0;
    for (const user of publicUsers) {
      const expected = world.mediaList(String(user.pk), kind);
      const { items, pages } = await walk((cursor) => fetch(refOf(user), cursor));
      expect(items.map((media) => media.pk), `${user.username} ${kind}`).toEqual(expected.map((media) => media.pk));
      expect(new Set(items.map((media) => media.pk)).size).toBe(items.length);
      items.forEach((media, index) => expectMatchesWorld(media, expected[index]!));
      expect(pages, `${user.username} ${kind} pages`).toBe(Math.max(1, Math.ceil(expected.length / 12)));
      totalPages += pages;
      totalItems += items.length;
    }
    const worldTotal = publicUsers.reduce((sum, user) => sum + world.account(String(user.pk))[kind].length, 0);
    expect(totalItems).toBe(worldTotal);
    expect(replay.stats.count({ provider: 'aisa', path })).toBe(totalPages);
    expect(replay.stats.count()).toBe(totalPages);
    expect(calls).toHaveLength(totalPages);
    expect(replay.stats.calls.every((call) => call.status === 200)).toBe(true);
  });

  it('reads every profile by handle and by pk with the world\'s counts', async () => {
    for (const wire of world.users) {
      const expected = {
        pk: String(wire.pk),
        username: wire.username,
        isPrivate: wire.is_private,
        followerCount: wire.follower_count,
        followingCount: wire.following_count,
        mediaCount: wire.media_count,
      };
      expect(await provider.userByUsername(wire.username), wire.username).toMatchObject(expected);
      expect(await provider.userByPk(String(wire.pk)), wire.username).toMatchObject(expected);
    }
    expect(replay.stats.count({ provider: 'aisa', path: '/instagram/profile' })).toBe(world.users.length);
    expect(replay.stats.count({ provider: 'aisa', path: '/instagram/basic-profile' })).toBe(world.users.length);
  });

  it('reads single posts by shortcode', async () => {
    const sample = publicUsers.flatMap((user) => world.mediaList(String(user.pk), 'posts').slice(0, 3));
    expect(sample.length).toBeGreaterThan(0);
    for (const wire of sample) {
      expectMatchesWorld(await provider.mediaByCode(wire.code), wire);
    }
    expect(replay.stats.count({ provider: 'aisa', path: '/instagram/post' })).toBe(sample.length);
  });

  it('answers NOT_FOUND for an unknown handle, pk or shortcode', async () => {
    expect((await failure(provider.userByUsername('no.such.user.zz9'))).code).toBe('NOT_FOUND');
    expect((await failure(provider.userPosts({ pk: '1', username: 'no.such.user.zz9' }, null))).code).toBe('NOT_FOUND');
    expect((await failure(provider.userByPk('1'))).code).toBe('NOT_FOUND');
    expect((await failure(provider.mediaByCode('ZZZZZZZZZZZ'))).code).toBe('NOT_FOUND');
    expect(replay.stats.count()).toBe(4);
  });

  it('answers PRIVATE_ACCOUNT for a private user\'s posts, in one call each', async () => {
    for (const user of privateUsers) {
      const error = await failure(provider.userPosts(refOf(user), null));
      expect(error.code, user.username).toBe('PRIVATE_ACCOUNT');
      expect(error.message).toContain(`@${user.username}`);
    }
    expect(replay.stats.count({ provider: 'aisa', path: '/instagram/user/posts' })).toBe(privateUsers.length);
  });

  it('maps the replay\'s injected AIsa errors to typed errors', async () => {
    const jane = refOf(world.userByUsername('jane')!);
    const path = '/instagram/user/reels';
    try {
      replay.addFault({ provider: 'aisa', path, status: 429, retryAfterSeconds: 2, times: 1 });
      replay.addFault({ provider: 'aisa', path, status: 402, times: 1 });
      replay.addFault({ provider: 'aisa', path, status: 503, times: 1 });
      replay.addFault({ provider: 'aisa', path, omitField: 'code', times: 1 });
      const limited = await failure(provider.userReels(jane, null));
      expect(limited).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', retryAfterMs: 2000 });
      expect(await failure(provider.userReels(jane, null))).toMatchObject({
        code: 'UPSTREAM_PAYMENT_REQUIRED',
        upstreamType: 'insufficient_api_key_balance',
      });
      expect(await failure(provider.userReels(jane, null))).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true });
      expect(await failure(provider.userReels(jane, null))).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', failingPath: 'items[0].code' });
      // The faults are spent: the next call reads the page.
      expect((await provider.userReels(jane, null)).items.length).toBeGreaterThan(0);
      expect(replay.stats.calls.map((call) => call.status)).toEqual([429, 402, 503, 200, 200]);
    } finally {
      replay.clearFaults();
    }
  });

  it('answers UPSTREAM_AUTH for a wrong key without ever quoting it', async () => {
    const wrongKey = 'aisa-WRONG-key-5e61f0d2c9';
    const intruder = createAisaProvider({ apiKey: wrongKey, baseUrl: replay.aisaUrl });
    try {
      const error = await failure(intruder.userByUsername(publicUsers[0]!.username));
      expect(error.code).toBe('UPSTREAM_AUTH');
      expect(error.upstreamType).toBe('invalid_api_key');
      for (const surface of [error.message, String(error), error.stack ?? '']) {
        expect(surface).not.toContain(wrongKey);
        expect(surface).not.toContain(AISA_KEY);
      }
      expect(replay.stats.calls.map((call) => call.status)).toEqual([401]);
    } finally {
      await intruder.close();
    }
  });
});

describe('AIsa comments, transcripts and highlights against the replay upstream', () => {
  const byUsername = (username: string) => {
    const user = world.userByUsername(username);
    if (!user) throw new Error(`no @${username}`);
    return user;
  };
  const mediaRef = (media: WorldMedia) => ({ pk: media.pk, code: media.code });
  const natgeo = byUsername('natgeo');
  const hidden = byUsername('hidden.trails');

  it("walks a post's comments to the end, 15 a page, the author as embedded", async () => {
    const [media] = world.mediaList(String(natgeo.pk), 'posts');
    const expected = world.comments(media!.pk);
    const walked = await walk((cursor) => provider.comments!(mediaRef(media!), cursor));
    expect(expected).toHaveLength(40);
    expect(walked.pages).toBe(3);
    expect(walked.items.map((comment) => [comment.pk, comment.text, comment.likeCount, comment.user.username])).toEqual(
      expected.map((comment) => [comment.pk, comment.text, comment.like_count, comment.user.username]),
    );
    expect(walked.items.every((comment) => comment.mediaPk === media!.pk && comment.createdAt !== null)).toBe(true);
    expect(replay.stats.count({ provider: 'aisa', path: '/instagram/post/comments' })).toBe(3);
  });

  it('serves the vendor example as the first page of its reel, and its cursor leads on', async () => {
    const reel = world.mediaByCode('DOq6eV6iIgD')!;
    const walked = await walk((cursor) => provider.comments!(mediaRef(reel), cursor));
    expect(walked.items[0]).toMatchObject({ pk: '18051843701642870', user: { username: 'catherina_thijs' } });
    expect(walked.items.map((comment) => comment.pk)).toEqual(world.comments(reel.pk).map((comment) => comment.pk));
  });

  it("reads a reel's transcript, and null for a reel without speech", async () => {
    expect(await provider.transcript!(mediaRef(world.mediaByCode('DHsD6HGqJhp')!))).toMatch(/^Let's fry up the perfect bunzel/);
    const reels = world.media.filter((media) => media.media_type === 2 && world.userByPk(media.user.pk)?.is_private === false);
    const silent = reels.find((media) => world.transcript(media.pk) === undefined)!;
    const spoken = reels.find((media) => world.transcript(media.pk) !== undefined && media.code !== 'DHsD6HGqJhp')!;
    expect(await provider.transcript!(mediaRef(silent))).toBeNull();
    expect(await provider.transcript!(mediaRef(spoken))).toBe(world.transcript(spoken.pk));
  });

  it('reads highlights without items, then each one\'s items by its bare id', async () => {
    const coralcam = byUsername('coralcam');
    const expected = world.highlights(String(coralcam.pk));
    const highlights = await provider.userHighlights!(String(coralcam.pk));
    expect(highlights.map((highlight) => [highlight.id, highlight.title, highlight.coverUrl, highlight.items])).toEqual(
      expected.map((highlight) => [highlight.id, highlight.title, highlight.cover_url, null]),
    );
    for (const [index, highlight] of highlights.entries()) {
      const items = await provider.highlightItems!(highlight.id);
      expect(items.map((item) => [item.pk, item.expiresAt])).toEqual(expected[index]!.items.map((item) => [item.pk, null]));
    }
    expect(replay.stats.count()).toBe(1 + expected.length);
  });

  it("gives a private account's post no comments and its highlight a 404; a photo's transcript is a bad request", async () => {
    const [photo] = world.mediaList(String(hidden.pk), 'posts');
    expect(await provider.comments!(mediaRef(photo!), null)).toEqual({ items: [], nextCursor: null });
    expect(await provider.userHighlights!(String(hidden.pk))).toEqual([]);
    const [privateHighlight] = world.highlights(String(hidden.pk));
    expect((await failure(provider.highlightItems!(privateHighlight!.id))).code).toBe('NOT_FOUND');
    const natgeoPhoto = world.mediaList(String(natgeo.pk), 'posts').find((media) => media.media_type === 1)!;
    expect(await failure(provider.transcript!(mediaRef(natgeoPhoto)))).toMatchObject({ code: 'UPSTREAM_BAD_REQUEST', status: 400 });
    expect(replay.stats.calls.map((call) => call.status)).toEqual([200, 200, 404, 400]);
  });
});
