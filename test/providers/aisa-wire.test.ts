import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  aisaBasicProfileSchema,
  aisaHighlightDetailSchema,
  aisaHighlightsSchema,
  aisaPostCommentsSchema,
  aisaPostSchema,
  aisaProfileSchema,
  aisaTranscriptSchema,
  aisaUserPostsSchema,
  aisaUserReelsSchema,
  normalizeAisaComments,
  normalizeAisaHighlights,
  normalizeBasicProfile,
  normalizeTranscript,
  normalizeUserPosts,
  normalizeUserReels,
  normalizeWebMedia,
  normalizeWebUser,
} from '../../src/providers/aisa';
import { normalizeStoryItem } from '../../src/providers/instagram';
import { UpstreamBadResponseError } from '../../src/upstream/errors';
import { parseJsonKeepingBigIds } from '../../src/upstream/json';
import { parseWire } from '../../src/upstream/wire';

const FIXTURES = join(import.meta.dirname, '../../fixtures/examples/aisa');
const CARSON = { pk: '59042353222', username: 'carsoncantcode' };
const JANE = { pk: '21393171', username: 'jane' };
const JANE_REELS_MAX_ID =
  'QVFEWFlDdGNOamdwbVdNM2pLY1NJRndSZ2tCbWp6WDV0TWxaYl9WNVktZU1BTUxWMlg1c2JFenNDanJVZ2NudWFjR28zRG93a3ByTExXaHJMbTA0aVJBZg==';

function fixture(name: string): Record<string, unknown> {
  return parseJsonKeepingBigIds(readFileSync(join(FIXTURES, name), 'utf8')) as Record<string, unknown>;
}

function parse<S extends z.ZodType>(schema: S, body: unknown, endpoint = 'test'): z.output<S> {
  return parseWire(schema, body, { provider: 'aisa', endpoint });
}

const SCHEMA_BY_FIXTURE: Record<string, z.ZodType> = {
  'basic-profile.json': aisaBasicProfileSchema,
  'post.json': aisaPostSchema,
  'profile.json': aisaProfileSchema,
  'user-posts.json': aisaUserPostsSchema,
  'user-reels.json': aisaUserReelsSchema,
  'post-comments.json': aisaPostCommentsSchema,
  'media-transcript.json': aisaTranscriptSchema,
  'user-highlights.json': aisaHighlightsSchema,
  'user-highlight-detail.json': aisaHighlightDetailSchema,
};

/** A mobile media item with everything optional stripped: the smallest body the schema accepts. */
function minimalItem(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: '3644028144127958689_59042353222', code: 'DKSMEpKRd6h', ...overrides };
}

describe('AIsa wire schemas over the vendor examples', () => {
  it('has a schema for every example file, and each parses', () => {
    const files = readdirSync(FIXTURES).filter((file) => file.endsWith('.json')).sort();
    expect(files).toEqual(Object.keys(SCHEMA_BY_FIXTURE).sort());
    for (const file of files) {
      expect(() => parse(SCHEMA_BY_FIXTURE[file]!, fixture(file), file), file).not.toThrow();
    }
  });

  it('normalizes the user/posts example (carsoncantcode)', () => {
    const page = normalizeUserPosts(parse(aisaUserPostsSchema, fixture('user-posts.json')), CARSON);
    expect(page.nextCursor).toBe('3639831059405682409_59042353222');
    expect(page.items).toHaveLength(1);
    const media = page.items[0]!;
    expect(media).toMatchObject({
      pk: '3644028144127958689',
      code: 'DKSMEpKRd6h',
      mediaType: 'VIDEO',
      productType: 'clips',
      takenAt: new Date(1748622051 * 1000).toISOString(),
      caption: '5 best college baseball regional plays for day 1',
      likeCount: 29,
      commentCount: 7,
      // play_count wins over ig_play_count (2643)
      playCount: 2647,
      videoDuration: 72.1,
      width: 640,
      height: 1136,
      location: null,
      usertags: [],
      coauthors: [],
      carouselItems: [],
      isPaidPartnership: false,
      owner: {
        pk: '59042353222',
        username: 'carsoncantcode',
        fullName: 'Carson Szeder',
        isPrivate: false,
        isVerified: true,
      },
    });
    expect(media.takenAt).toBe('2025-05-30T16:20:51.000Z');
    expect(media.videoUrl).toMatch(/^https:\/\/scontent-lga3-1\.cdninstagram\.com\/o1\/v\/t16\/f2\/m86\/AQMBOiKBGQDTEPcTzw51q2K7.*\.mp4\?/);
    expect(media.thumbnailUrl).toMatch(/^https:\/\/scontent-lga3-2\.cdninstagram\.com\/v\/t51\.2885-15\/502/);
    expect(media.owner.profilePicUrl).toMatch(/^https:\/\/scontent-lga3-3\.cdninstagram\.com\//);
  });

  it('normalizes the user/reels example (jane), which has no media_type, product_type or video_versions', () => {
    const page = normalizeUserReels(parse(aisaUserReelsSchema, fixture('user-reels.json')), JANE);
    expect(page.nextCursor).toBe(JANE_REELS_MAX_ID);
    expect(page.items).toHaveLength(1);
    const reel = page.items[0]!;
    expect(reel).toMatchObject({
      pk: '3641924023820356866',
      code: 'DKKtpqaxg0C',
      mediaType: 'VIDEO',
      productType: 'clips',
      takenAt: new Date(1748371310 * 1000).toISOString(),
      likeCount: 71768,
      commentCount: 1096,
      playCount: 1685367,
      videoUrl: null,
      videoDuration: null,
      width: 1206,
      height: 2144,
      isPaidPartnership: null,
      owner: { pk: '21393171', username: 'jane', fullName: 'Jane Williamson', isVerified: true },
    });
    expect(reel.caption).toMatch(/^Summer brings out all the girlies, soda, and global warming!!!/);
    expect(reel.caption).toMatch(/#drama$/);
  });

  it('normalizes the profile example (adrianhorning)', () => {
    const body = parse(aisaProfileSchema, fixture('profile.json'));
    expect(body.data.user).not.toBeNull();
    const user = normalizeWebUser(body.data.user!);
    expect(user).toMatchObject({
      pk: '2700692569',
      username: 'adrianhorning',
      fullName: 'Adrian Horning',
      biography: 'Building example.com | The easiest way to get public social media data at scale',
      externalUrl: 'https://x.com/adrian_horning_',
      followerCount: 24555,
      followingCount: 110,
      mediaCount: 90,
      isPrivate: false,
      isVerified: false,
      isBusiness: true,
      category: 'Entrepreneur',
    });
    expect(user.profilePicUrl).toMatch(/s150x150/);
  });

  it('normalizes the basic-profile example (zuck): external_url stated empty is "", category null is null', () => {
    const user = normalizeBasicProfile(parse(aisaBasicProfileSchema, fixture('basic-profile.json')));
    expect(user).toMatchObject({
      pk: '314216',
      username: 'zuck',
      fullName: 'Mark Zuckerberg',
      biography: 'I build stuff',
      followerCount: 16101999,
      followingCount: 617,
      mediaCount: 409,
      isPrivate: false,
      isVerified: true,
      isBusiness: false,
      category: null,
      externalUrl: '',
    });
    expect(user.profilePicUrl).toMatch(/^https:\/\/instagram\.fpoz4-1\.fna\.fbcdn\.net\//);
  });

  it('normalizes the post example (DLDXI0fylTC)', () => {
    const body = parse(aisaPostSchema, fixture('post.json'));
    const media = normalizeWebMedia(body.data!.xdt_shortcode_media!);
    expect(media).toMatchObject({
      pk: '3657869083548472514',
      code: 'DLDXI0fylTC',
      mediaType: 'VIDEO',
      productType: 'clips',
      takenAt: new Date(1750272151 * 1000).toISOString(),
      caption:
        'I think I like this goosey life🪿☺️🍃\n\n#crunchy #crunchymom #dayinthelife #holistic #nontoxic #homeschool #crunchymoms #momhumor #momlife #jane #janeinsane',
      likeCount: 22926,
      commentCount: 299,
      // video_view_count is 0 in the body: the real count is video_play_count
      playCount: 425901,
      videoDuration: 84.666,
      width: null,
      height: null,
      location: null,
      isPaidPartnership: false,
      owner: { pk: '21393171', username: 'jane', fullName: 'Jane Williamson', isPrivate: false, isVerified: true },
    });
    expect(media.videoUrl).toMatch(/^https:\/\/scontent-iad3-2\.cdninstagram\.com\/o1\/.*\.mp4\?/);
    expect(media.thumbnailUrl).toMatch(/p1080x1080/);
  });
});

describe('AIsa user/reels: both documented shapes', () => {
  const flat = fixture('user-reels.json');
  const flatItems = flat.items as Record<string, unknown>[];

  it('reads items[].media with paging_info.max_id like the flat example', () => {
    const wrapped = { items: flatItems.map((media) => ({ media })), paging_info: { max_id: JANE_REELS_MAX_ID, more_available: true } };
    const fromWrapped = normalizeUserReels(parse(aisaUserReelsSchema, wrapped), JANE);
    const fromFlat = normalizeUserReels(parse(aisaUserReelsSchema, flat), JANE);
    expect(fromWrapped.nextCursor).toBe(JANE_REELS_MAX_ID);
    expect(fromWrapped.items).toEqual(fromFlat.items);
    expect(fromWrapped.items[0]!.playCount).toBe(1685367);
  });

  it.each([
    ['paging_info.more_available false', { paging_info: { max_id: JANE_REELS_MAX_ID, more_available: false } }],
    ['paging_info without max_id', { paging_info: { more_available: true } }],
    ['an empty paging_info.max_id', { paging_info: { max_id: '', more_available: true } }],
    ['no cursor at all', {}],
    ['an empty top-level max_id', { max_id: '' }],
    ['a null top-level max_id', { max_id: null }],
    ['top-level more_available false', { max_id: JANE_REELS_MAX_ID, more_available: false }],
  ])('ends paging on %s', (_label, paging) => {
    const page = normalizeUserReels(parse(aisaUserReelsSchema, { items: flatItems, ...paging }), JANE);
    expect(page.nextCursor).toBeNull();
    expect(page.items).toHaveLength(1);
  });

  it('reports a bad wrapped item at its path', () => {
    const body = { items: [{ media: { ...flatItems[0], code: 42 } }], paging_info: { max_id: 'x' } };
    expect(() => parse(aisaUserReelsSchema, body, '/instagram/user/reels')).toThrow(UpstreamBadResponseError);
    try {
      parse(aisaUserReelsSchema, body, '/instagram/user/reels');
    } catch (error) {
      expect((error as UpstreamBadResponseError).failingPath).toBe('items[0].code');
    }
  });
});

describe('AIsa user/posts paging', () => {
  const example = fixture('user-posts.json');

  it('drops next_max_id once more_available is false or absent', () => {
    for (const more of [false, null, undefined]) {
      const page = normalizeUserPosts(parse(aisaUserPostsSchema, { ...example, more_available: more }), CARSON);
      expect(page.nextCursor, String(more)).toBeNull();
    }
  });

  it('treats an empty next_max_id as the end even when more_available is true', () => {
    const page = normalizeUserPosts(parse(aisaUserPostsSchema, { ...example, next_max_id: '' }), CARSON);
    expect(page.nextCursor).toBeNull();
  });
});

describe('AIsa mobile media normalization', () => {
  const page = (items: unknown[]) => normalizeUserPosts(parse(aisaUserPostsSchema, { items, more_available: false }), CARSON);

  it('keeps 64-bit ids exact from unquoted JSON numbers, preferring pk over the id prefix', () => {
    const text = `{"items":[{"id":"3644028144127958689_59042353222","pk":3644028144127958689,"code":"DKSMEpKRd6h","media_type":1,
      "user":{"pk":59042353222,"username":"carsoncantcode"},
      "location":{"pk":106224666074625123,"name":"Austin, Texas","lat":30.26759,"lng":-97.74299}}],"more_available":false}`;
    const media = normalizeUserPosts(parse(aisaUserPostsSchema, parseJsonKeepingBigIds(text)), CARSON).items[0]!;
    expect(media.pk).toBe('3644028144127958689');
    expect(media.owner.pk).toBe('59042353222');
    expect(media.location).toEqual({
      pk: '106224666074625123',
      name: 'Austin, Texas',
      address: null,
      city: null,
      lat: 30.26759,
      lng: -97.74299,
    });
  });

  it('leaves unknowns null: no caption, no counts, no owner, no images', () => {
    const media = page([minimalItem()]).items[0]!;
    expect(media).toEqual({
      pk: '3644028144127958689',
      code: 'DKSMEpKRd6h',
      mediaType: 'PHOTO',
      productType: null,
      takenAt: null,
      caption: null,
      likeCount: null,
      commentCount: null,
      playCount: null,
      videoDuration: null,
      thumbnailUrl: null,
      videoUrl: null,
      width: null,
      height: null,
      owner: { ...CARSON, fullName: null, isPrivate: null, isVerified: null, profilePicUrl: null },
      location: null,
      usertags: [],
      coauthors: [],
      carouselItems: [],
      isPaidPartnership: null,
    });
  });

  it('recognises a reel without media_type or product_type (the reels example) inside user/posts', () => {
    const reelsExample = (fixture('user-reels.json').items as unknown[])[0];
    const media = page([reelsExample]).items[0]!;
    expect(media).toMatchObject({ code: 'DKKtpqaxg0C', mediaType: 'VIDEO', productType: 'clips', playCount: 1685367 });
    const bare = page([minimalItem({ ig_play_count: 5 })]).items[0]!;
    expect(bare).toMatchObject({ mediaType: 'VIDEO', productType: null, playCount: 5 });
  });

  it('gives photos no play count, takes ig_play_count when play_count is missing, and hides counts when disabled', () => {
    const [photo, video, hidden] = page([
      minimalItem({ media_type: 1, play_count: 10, like_count: 5 }),
      minimalItem({ media_type: 2, ig_play_count: 77, like_count: 5 }),
      minimalItem({ media_type: 2, play_count: 10, like_count: 5, like_and_view_counts_disabled: true }),
    ]).items;
    expect(photo).toMatchObject({ mediaType: 'PHOTO', playCount: null, likeCount: 5 });
    expect(video).toMatchObject({ mediaType: 'VIDEO', playCount: 77, likeCount: 5 });
    expect(hidden).toMatchObject({ mediaType: 'VIDEO', playCount: null, likeCount: null });
  });

  it('degrades a drifted count type to null instead of failing the page', () => {
    const media = page([minimalItem({ like_count: { hidden: true }, comment_count: '12' })]).items[0]!;
    expect(media.likeCount).toBeNull();
    expect(media.commentCount).toBe(12);
  });

  it('normalizes carousels, usertags and coauthors', () => {
    const item = minimalItem({
      media_type: 8,
      product_type: 'carousel_container',
      carousel_media: [
        {
          id: '3644028144127958690_59042353222',
          media_type: 1,
          image_versions2: { candidates: [{ url: 'https://cdn.example/a.jpg', width: 1080, height: 1350 }] },
        },
        {
          id: '3644028144127958691_59042353222',
          pk: '3644028144127958691',
          media_type: 2,
          image_versions2: { candidates: [{ url: 'https://cdn.example/b.jpg', width: 720, height: 1280 }] },
          video_versions: [{ url: 'https://cdn.example/b.mp4', width: 720, height: 1280 }],
        },
      ],
      usertags: { in: [{ user: { pk: '21393171', username: 'jane', is_verified: true }, position: [0.25, 0.75] }] },
      coauthor_producers: [{ id: 2700692569, username: 'adrianhorning', full_name: 'Adrian Horning' }],
    });
    const media = page([item]).items[0]!;
    expect(media.mediaType).toBe('CAROUSEL');
    expect(media.playCount).toBeNull();
    // A carousel's cover comes from its first child when the parent has no image.
    expect(media).toMatchObject({ thumbnailUrl: 'https://cdn.example/a.jpg', width: 1080, height: 1350 });
    expect(media.carouselItems).toEqual([
      { pk: '3644028144127958690', mediaType: 'PHOTO', imageUrl: 'https://cdn.example/a.jpg', videoUrl: null, width: 1080, height: 1350 },
      {
        pk: '3644028144127958691',
        mediaType: 'VIDEO',
        imageUrl: 'https://cdn.example/b.jpg',
        videoUrl: 'https://cdn.example/b.mp4',
        width: 720,
        height: 1280,
      },
    ]);
    expect(media.usertags).toEqual([
      { user: { pk: '21393171', username: 'jane', fullName: null, isPrivate: null, isVerified: true, profilePicUrl: null }, x: 0.25, y: 0.75 },
    ]);
    expect(media.coauthors).toEqual([
      { pk: '2700692569', username: 'adrianhorning', fullName: 'Adrian Horning', isPrivate: null, isVerified: null, profilePicUrl: null },
    ]);
  });

  it.each([
    ['a missing code', { code: undefined }, 'items[0].code'],
    ['a malformed id', { id: 'abc' }, 'items[0].id'],
    ['an owner without a pk', { user: { username: 'x' } }, 'items[0].user.pk'],
  ])('rejects %s with UpstreamBadResponseError at its path', (_label, overrides, path) => {
    const body = { items: [minimalItem(overrides)], more_available: false };
    let caught: unknown;
    try {
      parse(aisaUserPostsSchema, body, '/instagram/user/posts');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UpstreamBadResponseError);
    expect((caught as UpstreamBadResponseError).failingPath).toBe(path);
    expect((caught as UpstreamBadResponseError).message).toContain('aisa /instagram/user/posts');
  });

  it('rejects a cursor of the wrong type', () => {
    expect(() => parse(aisaUserPostsSchema, { items: [], next_max_id: { a: 1 }, more_available: true })).toThrow(
      UpstreamBadResponseError,
    );
  });
});

describe('AIsa web media normalization', () => {
  const post = fixture('post.json') as { data: { xdt_shortcode_media: Record<string, unknown> } };
  const base = post.data.xdt_shortcode_media;

  it('normalizes a sidecar with tagged users, coauthors and a location', () => {
    const sidecar = {
      ...base,
      __typename: 'XDTGraphSidecar',
      is_video: false,
      product_type: 'carousel_container',
      video_url: undefined,
      dimensions: { width: 1080, height: 1350 },
      edge_media_to_comment: { count: 12 },
      edge_media_to_parent_comment: undefined,
      edge_sidecar_to_children: {
        edges: [
          { node: { __typename: 'XDTGraphImage', id: '3657869083548472515', display_url: 'https://cdn.example/1.jpg', dimensions: { width: 1080, height: 1350 } } },
          { node: { __typename: 'XDTGraphVideo', id: '3657869083548472516', is_video: true, display_url: 'https://cdn.example/2.jpg', video_url: 'https://cdn.example/2.mp4' } },
        ],
      },
      edge_media_to_tagged_user: {
        edges: [{ node: { user: { id: '2700692569', username: 'adrianhorning', is_verified: false }, x: 0.5, y: 0.1 } }],
      },
      coauthor_producers: [{ id: '59042353222', username: 'carsoncantcode', is_verified: true }],
      location: { id: '106224666074625', name: 'Austin, Texas', address_json: '{"street_address": "", "city_name": "Austin, Texas"}' },
    };
    const media = normalizeWebMedia(parse(aisaPostSchema, { data: { xdt_shortcode_media: sidecar } }).data!.xdt_shortcode_media!);
    expect(media).toMatchObject({ mediaType: 'CAROUSEL', playCount: null, videoDuration: null, commentCount: 12, width: 1080, height: 1350 });
    expect(media.carouselItems).toEqual([
      { pk: '3657869083548472515', mediaType: 'PHOTO', imageUrl: 'https://cdn.example/1.jpg', videoUrl: null, width: 1080, height: 1350 },
      { pk: '3657869083548472516', mediaType: 'VIDEO', imageUrl: 'https://cdn.example/2.jpg', videoUrl: 'https://cdn.example/2.mp4', width: null, height: null },
    ]);
    expect(media.usertags).toEqual([
      { user: { pk: '2700692569', username: 'adrianhorning', fullName: null, isPrivate: null, isVerified: false, profilePicUrl: null }, x: 0.5, y: 0.1 },
    ]);
    expect(media.coauthors.map((user) => user.pk)).toEqual(['59042353222']);
    expect(media.location).toEqual({ pk: '106224666074625', name: 'Austin, Texas', address: null, city: 'Austin, Texas', lat: null, lng: null });
  });

  it('accepts the spec schema shape with xdt_shortcode_media at the top level', () => {
    const body = parse(aisaPostSchema, { success: true, credits_remaining: 10, xdt_shortcode_media: base });
    expect(body.xdt_shortcode_media?.shortcode).toBe('DLDXI0fylTC');
  });

  it('rejects a post without an owner id', () => {
    const broken = { data: { xdt_shortcode_media: { ...base, owner: { username: 'jane' } } } };
    expect(() => parse(aisaPostSchema, broken)).toThrow(UpstreamBadResponseError);
  });
});

describe('AIsa: stated empty texts are "", omitted ones are null (the same rule as HikerAPI)', () => {
  const profile = fixture('profile.json') as { data: { user: Record<string, unknown> } };
  const webUser = (overrides: Record<string, unknown>) =>
    normalizeWebUser(parse(aisaProfileSchema, { ...profile, data: { user: { ...profile.data.user, ...overrides } } }).data.user!);

  it.each([
    ['full_name', 'fullName'],
    ['biography', 'biography'],
    ['external_url', 'externalUrl'],
    ['category_name', 'category'],
  ] as const)('profile %s: "" stays "", missing is null', (wire, field) => {
    expect(webUser({ [wire]: '' })[field]).toBe('');
    expect(webUser({ [wire]: undefined })[field]).toBeNull();
  });

  it('basic profile biography and external_url: "" stays "", missing is null', () => {
    const base = fixture('basic-profile.json');
    expect(normalizeBasicProfile(parse(aisaBasicProfileSchema, { ...base, biography: '' })).biography).toBe('');
    expect(normalizeBasicProfile(parse(aisaBasicProfileSchema, { ...base, biography: undefined })).biography).toBeNull();
    expect(normalizeBasicProfile(parse(aisaBasicProfileSchema, { ...base, external_url: undefined })).externalUrl).toBeNull();
  });

  it('a caption stated empty is "", no caption object is null', () => {
    const items = (caption: unknown) =>
      normalizeUserPosts(parse(aisaUserPostsSchema, { items: [minimalItem({ caption })], more_available: false }), CARSON).items[0];
    expect(items({ text: '' })?.caption).toBe('');
    expect(items(null)?.caption).toBeNull();
  });
});

describe('AIsa comments, transcripts and highlights over the vendor examples', () => {
  it('normalizes the post/comments example: the author as the comment embeds it, the cursor', () => {
    const page = normalizeAisaComments(parse(aisaPostCommentsSchema, fixture('post-comments.json')), '3733034467513880707');
    expect(page.nextCursor).toBe('AQHSpoi6HyDbzYRMzrD.........');
    expect(page.items).toEqual([
      {
        pk: '18051843701642870',
        mediaPk: '3733034467513880707',
        text: '"...but who wants to know people who don\'t love animals anyway?". ❤️',
        createdAt: '2025-09-16T17:03:04.000Z',
        likeCount: 0,
        // The example's user has no full_name and no is_private: unknown, not made up.
        user: {
          pk: '46773599357',
          username: 'catherina_thijs',
          fullName: null,
          isPrivate: null,
          isVerified: false,
          profilePicUrl: expect.stringMatching(/^https:\/\/scontent-dfw5-1\.cdninstagram\.com\//),
        },
      },
    ]);
    const last = normalizeAisaComments(parse(aisaPostCommentsSchema, { success: true, comments: [], cursor: null }), '1');
    expect(last).toEqual({ items: [], nextCursor: null });
  });

  it('normalizes the media/transcript example, and no transcripts as null', () => {
    expect(normalizeTranscript(parse(aisaTranscriptSchema, fixture('media-transcript.json')))).toBe(
      "Let's fry up the perfect bunzel. Beautiful.  Everybody, shh. The perfect bunzel. Let me show you my bunzel. When it comes down to bunzel, we make it the crispiest, get the crunch. Heaven.",
    );
    expect(normalizeTranscript(parse(aisaTranscriptSchema, { success: true, transcripts: [] }))).toBeNull();
  });

  it('normalizes the user/highlights example: bare ids, the cropped cover, no items yet', () => {
    const highlights = normalizeAisaHighlights(parse(aisaHighlightsSchema, fixture('user-highlights.json')), JANE.pk);
    expect(highlights).toEqual([
      {
        id: '18067016518767507',
        ownerPk: JANE.pk,
        title: 'GRWM chats',
        coverUrl: expect.stringContaining('c0.202.640.640a_dst-jpg_e15_s150x150'),
        items: null,
      },
    ]);
  });

  it('normalizes the user/highlight/detail example into its story items', () => {
    const detail = parse(aisaHighlightDetailSchema, fixture('user-highlight-detail.json'));
    expect(detail.id).toBe('highlight:18067016518767507');
    const items = detail.items.map(normalizeStoryItem);
    expect(items).toEqual([
      {
        pk: '3565907942018983442',
        mediaType: 'VIDEO',
        takenAt: new Date(1739309361 * 1000).toISOString(),
        // A highlight item does not expire.
        expiresAt: null,
        imageUrl: expect.stringContaining('477141407_979589986999224_2561193507868444490_n.jpg'),
        videoUrl: expect.stringMatching(/^https:\/\/scontent-dub4-1\.cdninstagram\.com\/o1\/v\/t16\/.*\.mp4\?/),
        videoDuration: 55.85,
      },
    ]);
  });

  it('refuses a comment without an author or text, naming the path', () => {
    const [comment] = (fixture('post-comments.json') as { comments: Record<string, unknown>[] }).comments;
    expect(() => parse(aisaPostCommentsSchema, { comments: [{ ...comment, user: { id: '1' } }], cursor: null })).toThrow(/comments\[0\]\.user\.username/);
    expect(() => parse(aisaPostCommentsSchema, { comments: [{ ...comment, text: null }], cursor: null })).toThrow(/comments\[0\]\.text/);
  });
});
