import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  hikerAboutSchema,
  hikerCommentChunkSchema,
  hikerHighlightsSchema,
  hikerHighlightsTraySchema,
  hikerMediaChunkSchema,
  hikerMediaListSchema,
  hikerMediaSchema,
  hikerUserSchema,
  hikerUserShortChunkSchema,
  hikerUserShortListSchema,
  hikerLocationSchema,
  hikerStoriesSchema,
  normalizeHikerAbout,
  normalizeHikerChunk,
  normalizeHikerComment,
  normalizeHikerHighlights,
  normalizeHikerLocation,
  normalizeHikerMedia,
  normalizeHikerStories,
  normalizeHikerUser,
  normalizeHikerUserSummary,
} from '../../src/providers/hikerapi';
import { UpstreamBadResponseError } from '../../src/upstream/errors';
import { parseJsonKeepingBigIds } from '../../src/upstream/json';
import { parseWire } from '../../src/upstream/wire';

const FIXTURES = join(import.meta.dirname, '../../fixtures/examples/hikerapi');

function fixture(name: string): unknown {
  return parseJsonKeepingBigIds(readFileSync(join(FIXTURES, name), 'utf8'));
}

function parse<S extends z.ZodType>(schema: S, name: string): z.output<S> {
  return parseWire(schema, fixture(name), { provider: 'hikerapi', endpoint: name });
}

const SCHEMA_BY_FIXTURE: Record<string, z.ZodType> = {
  'user-by-id.json': hikerUserSchema,
  'user-by-url.json': hikerUserSchema,
  'user-by-username.json': hikerUserSchema,
  'user-clips-chunk.json': hikerMediaChunkSchema,
  'user-medias-chunk.json': hikerMediaChunkSchema,
  'user-tag-medias-chunk.json': hikerMediaChunkSchema,
  'user-followers-chunk.json': hikerUserShortChunkSchema,
  'user-following-chunk.json': hikerUserShortChunkSchema,
  'user-medias-pinned.json': hikerMediaListSchema,
  'user-search-followers.json': hikerUserShortListSchema,
  'user-search-following.json': hikerUserShortListSchema,
  'v2-user-stories.json': hikerStoriesSchema,
  // The vendor elided every tray entry: only the envelope can be checked (see the test below).
  'v2-user-highlights.json': hikerHighlightsSchema(z.unknown()),
};

describe('HikerAPI wire schemas over the vendor examples', () => {
  it('has a schema for every example file, and each parses', () => {
    const files = readdirSync(FIXTURES).filter((file) => file.endsWith('.json')).sort();
    expect(files).toEqual(Object.keys(SCHEMA_BY_FIXTURE).sort());
    for (const file of files) {
      const schema = SCHEMA_BY_FIXTURE[file];
      expect(schema, file).toBeDefined();
      expect(() => parse(schema!, file), file).not.toThrow();
    }
  });

  it.each(['user-by-username.json', 'user-by-id.json', 'user-by-url.json'])('normalizes the natgeo profile in %s', (file) => {
    const user = normalizeHikerUser(parse(hikerUserSchema, file));
    expect(user).toEqual({
      pk: '787132',
      username: 'natgeo',
      fullName: 'National Geographic',
      isPrivate: false,
      isVerified: true,
      profilePicUrl: expect.stringMatching(/^https:\/\/scontent-.*cdninstagram\.com\//),
      biography: 'Step into wonder and find your inner explorer with National Geographic 🌎',
      isBusiness: true,
      // The example states `category: ""` and nulls for the other two: stated empty, so "".
      category: '',
      externalUrl: 'http://visitstore.bio/natgeo',
      followerCount: 274988955,
      followingCount: 193,
      mediaCount: 31529,
    });
  });

  it('keeps texts stated empty as "", makes omitted ones null, and picks the first category given', () => {
    const base = fixture('user-by-username.json') as Record<string, unknown>;
    const blank = normalizeHikerUser(
      hikerUserSchema.parse({ ...base, full_name: '', biography: '', external_url: '', follower_count: undefined }),
    );
    expect(blank.fullName).toBe('');
    expect(blank.biography).toBe('');
    expect(blank.externalUrl).toBe('');
    expect(blank.followerCount).toBeNull();
    const omitted = normalizeHikerUser(
      hikerUserSchema.parse({ ...base, full_name: undefined, biography: undefined, external_url: undefined, category: undefined }),
    );
    expect(omitted).toMatchObject({ fullName: null, biography: null, externalUrl: null, category: null });
    expect(normalizeHikerUser(hikerUserSchema.parse({ ...base, business_category_name: 'Media/news company' })).category).toBe(
      'Media/news company',
    );
    expect(
      normalizeHikerUser(hikerUserSchema.parse({ ...base, category_name: 'Magazine', business_category_name: 'Media' })).category,
    ).toBe('Magazine');
    expect(normalizeHikerUser(hikerUserSchema.parse({ ...base, category: 'Publisher' })).category).toBe('Publisher');
  });

  it('normalizes /medias/chunk: a reel without its play count, a carousel, coauthors, the cursor', () => {
    const page = normalizeHikerChunk(parse(hikerMediaChunkSchema, 'user-medias-chunk.json'), normalizeHikerMedia);
    expect(page.nextCursor).toBe('3868170261056492782_787132');
    expect(page.items.map((media) => media.code)).toEqual(['DWllQsJCPX_', 'DVbPBu5AESi', 'DW3YpRVDb9K']);

    const [reel, , carousel] = page.items;
    expect(reel).toMatchObject({
      pk: '3865659729796199935',
      mediaType: 'VIDEO',
      productType: 'clips',
      takenAt: '2026-04-01T13:00:03.000Z',
      likeCount: 35895,
      commentCount: 236,
      playCount: null,
      videoDuration: 60.10100173950195,
      videoUrl: 'https://scontent-dfw5-1.cdninstagram.com/...',
      thumbnailUrl: 'https://scontent-dfw5-2.cdninstagram.com/...',
      width: 750,
      height: 1333,
      location: null,
      usertags: [],
      carouselItems: [],
      isPaidPartnership: false,
    });
    expect(reel!.caption).toMatch(/^This Earth Month, step into wonder/);
    expect(reel!.owner).toEqual({
      pk: '787132',
      username: 'natgeo',
      fullName: 'National Geographic',
      isPrivate: false,
      isVerified: true,
      profilePicUrl: 'https://scontent-dfw6-1.cdninstagram.com/...',
    });
    expect(reel!.coauthors.map((user) => [user.pk, user.username])).toEqual([
      ['18091046', 'natgeotv'],
      ['284634734', 'disney'],
    ]);

    expect(carousel).toMatchObject({
      pk: '3870670793969876810',
      mediaType: 'CAROUSEL',
      productType: 'carousel_container',
      takenAt: '2026-04-08T10:00:01.000Z',
      likeCount: 43706,
      playCount: null,
      videoDuration: null,
      videoUrl: null,
      width: 1439,
      height: 959,
      // null at the top: the first child's
      thumbnailUrl: 'https://scontent-dfw6-1.cdninstagram.com/...',
      coauthors: [],
    });
    expect(carousel!.carouselItems).toEqual([
      { pk: '3870670683399590370', mediaType: 'PHOTO', imageUrl: 'https://scontent-dfw6-1.cdninstagram.com/...', videoUrl: null, width: 1439, height: 959 },
      { pk: '3870670679968669302', mediaType: 'PHOTO', imageUrl: 'https://scontent-dfw6-1.cdninstagram.com/...', videoUrl: null, width: 1439, height: 959 },
      { pk: '3870670694816531730', mediaType: 'PHOTO', imageUrl: 'https://scontent-dfw6-1.cdninstagram.com/...', videoUrl: null, width: 1440, height: 1080 },
    ]);
  });

  it('keeps the real play counts of /clips/chunk', () => {
    const page = normalizeHikerChunk(parse(hikerMediaChunkSchema, 'user-clips-chunk.json'), normalizeHikerMedia);
    expect(page.items.map((media) => [media.code, media.mediaType, media.playCount, media.likeCount])).toEqual([
      ['DW1F7dciplI', 'VIDEO', 2625727, 51252],
      ['DWzNE9hkj_e', 'VIDEO', 1496248, 11175],
      ['DWugFulAJTu', 'VIDEO', 1307765, 7490],
    ]);
    expect(page.items[0]!.coauthors.map((user) => user.pk)).toEqual(['787132']);
    expect(page.items[1]!.coauthors.map((user) => user.pk)).toEqual(['284634753', '18091046']);
    expect(page.nextCursor).toBe(
      'QVFBS1NTZjNnYzQ0X2k3cDNuTUZWb2QxTTRHZ3V2a2dPWUx6Ti1yMjdSOWVWSkpvanZFbFcxSjc0YjVNdmh4MFJranozbTNReFg5bGJYaEJwUENUNmxicw==',
    );
  });

  it('normalizes tagged media with locations and usertags', () => {
    const page = normalizeHikerChunk(parse(hikerMediaChunkSchema, 'user-tag-medias-chunk.json'), normalizeHikerMedia);
    expect(page.nextCursor).toBe('1926933891264902156');
    const [vardzia, catBa, florida] = page.items;
    expect(vardzia).toMatchObject({
      pk: '1929261108986102451',
      code: 'BrGHMHIF8Kz',
      mediaType: 'PHOTO',
      productType: 'feed',
      takenAt: '2018-12-07T18:04:27.000Z',
      playCount: null,
      videoDuration: null,
      likeCount: 14016,
      commentCount: 579,
      width: 1080,
      height: 1334,
      owner: { pk: '429173', username: 'hynecheck', fullName: 'Hynek Hampl' },
      location: { pk: '250376789', name: 'Vardzia, Aspindzis Raioni, Georgia', address: '', city: '', lat: 41.3753, lng: 43.2575 },
    });
    expect(vardzia!.usertags).toEqual([
      {
        user: { pk: '1709655155', username: 'fromwhereidrone', fullName: 'From Where I Drone®', isPrivate: false, isVerified: false, profilePicUrl: 'https://scontent-dfw5-2.cdninstagram.com/...' },
        x: 0.9639999866000001,
        y: 0.0160000008,
      },
      {
        user: { pk: '195270438', username: 'wonderful_places', fullName: 'Wonderful Places', isPrivate: false, isVerified: true, profilePicUrl: 'https://scontent-dfw5-1.cdninstagram.com/...' },
        x: 0.8700000048000001,
        y: 0.0496000014,
      },
      {
        user: { pk: '2280748136', username: 'droneofficial', fullName: 'droneofficial™', isPrivate: false, isVerified: false, profilePicUrl: 'https://scontent-dfw5-2.cdninstagram.com/...' },
        x: 0.9319999814000001,
        y: 0.0912000015,
      },
    ]);
    expect(catBa!.location).toEqual({
      pk: '1141278516000361',
      name: 'Tàu Cát Bà Xanh',
      address: 'Số 235 , đường Cái Bèo ',
      city: '',
      lat: 20.724692987102,
      lng: 107.05010223359,
    });
    expect(florida!.location).toMatchObject({ pk: '109714185714936', name: 'Florida', lat: 28.133333333333, lng: -81.631666666667 });
    expect(florida!.usertags.map((tag) => tag.user.username)).toEqual(['visittheusa', 'visitflorida', 'lonelyplanet']);
  });

  it('normalizes followers and following chunks and their cursors', () => {
    const followers = normalizeHikerChunk(parse(hikerUserShortChunkSchema, 'user-followers-chunk.json'), normalizeHikerUserSummary);
    expect(followers.nextCursor).toBeNull();
    expect(followers.items).toHaveLength(3);
    expect(followers.items[0]).toMatchObject({ pk: '43714748721', username: 'shruti_pvttttttt', fullName: '', isPrivate: true, isVerified: false });
    expect(followers.items[1]).toMatchObject({ pk: '60997697028', username: 'sisforspiderman', fullName: '자살' });

    const following = normalizeHikerChunk(parse(hikerUserShortChunkSchema, 'user-following-chunk.json'), normalizeHikerUserSummary);
    expect(following.nextCursor).toBe('25');
    expect(following.items.map((user) => [user.pk, user.username, user.isVerified])).toEqual([
      ['14331657700', 'natgeomagjp', false],
      ['8958735', 'christiehemmklok', true],
      ['2558720332', 'natgeouk', true],
    ]);
  });

  it('reads an empty-string cursor as the end', () => {
    expect(normalizeHikerChunk(hikerUserShortChunkSchema.parse([[], '']), normalizeHikerUserSummary)).toEqual({ items: [], nextCursor: null });
  });

  it('normalizes pinned media and user searches', () => {
    const pinned = parse(hikerMediaListSchema, 'user-medias-pinned.json').map(normalizeHikerMedia);
    expect(pinned.map((media) => [media.code, media.mediaType, media.playCount, media.carouselItems.length])).toEqual([
      ['DWllQsJCPX_', 'VIDEO', null, 0],
      ['DVbPBu5AESi', 'VIDEO', null, 0],
      ['DW3YpRVDb9K', 'CAROUSEL', null, 3],
    ]);
    const followers = parse(hikerUserShortListSchema, 'user-search-followers.json').map(normalizeHikerUserSummary);
    expect(followers.map((user) => user.username)).toEqual(['shruti_pvttttttt', 'sisforspiderman', 'salah_salah_1989']);
    const following = parse(hikerUserShortListSchema, 'user-search-following.json').map(normalizeHikerUserSummary);
    expect(following.map((user) => [user.pk, user.username])).toEqual([
      ['23947096', 'natgeotravel'],
      ['1029649300', 'natgeoanimals'],
      ['414805671', 'natgeoscience'],
    ]);
  });
});

describe('HikerAPI media normalization traps', () => {
  const [reelWire] = (fixture('user-clips-chunk.json') as [Record<string, unknown>[], string])[0];

  function reelWith(overrides: Record<string, unknown>) {
    return normalizeHikerMedia(hikerMediaSchema.parse({ ...reelWire, ...overrides }));
  }

  it('hides like and play counts when the owner disabled them', () => {
    const hidden = reelWith({ like_and_view_counts_disabled: true });
    expect(hidden.likeCount).toBeNull();
    expect(hidden.playCount).toBeNull();
    expect(hidden.commentCount).toBe(reelWire!.comment_count);
  });

  it('falls back to a non-zero view_count, and photos never have a play count', () => {
    expect(reelWith({ play_count: 0, view_count: 1234 }).playCount).toBe(1234);
    expect(reelWith({ play_count: null, view_count: 0 }).playCount).toBeNull();
    expect(reelWith({ media_type: 1, product_type: 'feed', play_count: 99 }).playCount).toBeNull();
  });

  it('derives takenAt from taken_at when taken_at_ts is missing, and a caption stated empty is ""', () => {
    expect(reelWith({ taken_at_ts: undefined, taken_at: '2026-04-06T12:00:10Z' }).takenAt).toBe('2026-04-06T12:00:10.000Z');
    expect(reelWith({ taken_at_ts: undefined, taken_at: 1775642401 }).takenAt).toBe('2026-04-08T10:00:01.000Z');
    expect(reelWith({ caption_text: '' }).caption).toBe('');
  });

  it('accepts unknown keys and missing optional fields', () => {
    const minimal = normalizeHikerMedia(
      hikerMediaSchema.parse({ pk: 1, code: 'abc', media_type: 1, user: { pk: 2, username: 'someone' }, brand_new_field: { x: 1 } }),
    );
    expect(minimal).toMatchObject({
      pk: '1',
      code: 'abc',
      mediaType: 'PHOTO',
      takenAt: null,
      caption: null,
      likeCount: null,
      thumbnailUrl: null,
      width: null,
      owner: { pk: '2', username: 'someone', fullName: null, isPrivate: null },
      usertags: [],
      coauthors: [],
      carouselItems: [],
      isPaidPartnership: null,
    });
  });

  it('gives a location without pk its Facebook place id, or the pk it was fetched by', () => {
    const wire = hikerLocationSchema.parse({ pk: null, name: 'Somewhere', external_id: '109068119127535' });
    expect(normalizeHikerLocation(wire)?.pk).toBe('109068119127535');
    const bare = hikerLocationSchema.parse({ name: 'Nowhere' });
    expect(normalizeHikerLocation(bare)).toBeNull();
    expect(normalizeHikerLocation(bare, '42').pk).toBe('42');
  });

  it('rejects a body whose ids, code, media type or cursor we cannot use, naming the failing path', () => {
    const chunk = fixture('user-medias-chunk.json') as [Record<string, unknown>[], string];
    const cases: [unknown, string][] = [
      [[[chunk[0][0], { ...chunk[0][1], code: undefined }], 'x'], '[0][1].code'],
      [[[{ ...chunk[0][0], media_type: 5 }], 'x'], '[0][0].media_type'],
      [[[{ ...chunk[0][0], pk: 'not-an-id' }], null], '[0][0].pk'],
      [[[], 17], '[1]'],
      [{ items: [] }, ''],
    ];
    for (const [body, path] of cases) {
      let caught: unknown;
      try {
        parseWire(hikerMediaChunkSchema, body, { provider: 'hikerapi', endpoint: '/v1/user/medias/chunk' });
      } catch (error) {
        caught = error;
      }
      expect(caught, path).toBeInstanceOf(UpstreamBadResponseError);
      expect((caught as UpstreamBadResponseError).failingPath).toBe(path);
      expect((caught as UpstreamBadResponseError).message).toContain('/v1/user/medias/chunk');
    }
  });
});

/** A story frame as Instagram's mobile API sends it (the keys both vendors relay). */
function storyFrame(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    pk: '3800000000000000001',
    id: '3800000000000000001_787132',
    taken_at: 1775146773,
    expiring_at: 1775233173,
    media_type: 1,
    code: 'DSTORY00001',
    image_versions2: { candidates: [{ width: 1080, height: 1920, url: 'https://cdn.example/story.jpg' }] },
    product_type: 'story',
    ...overrides,
  };
}

describe('HikerAPI comments, likers, about, stories and highlights', () => {
  it('normalizes a comments chunk (instagrapi Comment) and its cursor', () => {
    const body = [
      [
        {
          pk: '18051843701642870',
          text: 'What a shot',
          user: { pk: '46773599357', username: 'catherina_thijs', full_name: 'Catherina', is_private: false, profile_pic_url: 'https://cdn.example/c.jpg' },
          created_at_utc: '2025-09-16T17:03:04Z',
          content_type: 'comment',
          status: 'Active',
          like_count: 3,
        },
        { pk: 17, text: '', user: { pk: 2, username: 'quiet' }, created_at_utc: 'not a date', content_type: 'comment', status: 'Active' },
      ],
      'eyJjYWNoZWRfY29tbWVudHNfY3Vyc29yIjoiMSJ9',
    ];
    const page = normalizeHikerChunk(hikerCommentChunkSchema.parse(body), (comment) => normalizeHikerComment(comment, '3865659729796199935'));
    expect(page.nextCursor).toBe('eyJjYWNoZWRfY29tbWVudHNfY3Vyc29yIjoiMSJ9');
    expect(page.items).toEqual([
      {
        pk: '18051843701642870',
        mediaPk: '3865659729796199935',
        text: 'What a shot',
        createdAt: '2025-09-16T17:03:04.000Z',
        likeCount: 3,
        user: { pk: '46773599357', username: 'catherina_thijs', fullName: 'Catherina', isPrivate: false, isVerified: null, profilePicUrl: 'https://cdn.example/c.jpg' },
      },
      {
        pk: '17',
        mediaPk: '3865659729796199935',
        // Stated empty: "", not null.
        text: '',
        createdAt: null,
        likeCount: null,
        user: { pk: '2', username: 'quiet', fullName: null, isPrivate: null, isVerified: null, profilePicUrl: null },
      },
    ]);
  });

  it('reads the About panel: texts stated empty stay "", the former usernames count is a number', () => {
    const about = (body: Record<string, unknown>) => normalizeHikerAbout(hikerAboutSchema.parse(body));
    expect(about({ username: 'natgeo', is_verified: true, country: 'United States', date: 'March 2012', former_usernames: '0' })).toEqual({
      dateJoined: 'March 2012',
      country: 'United States',
      formerUsernameCount: 0,
    });
    expect(about({ country: '', date: 'June 2019', former_usernames: '2' })).toEqual({ dateJoined: 'June 2019', country: '', formerUsernameCount: 2 });
    expect(about({ former_usernames: 'a few' })).toEqual({ dateJoined: null, country: null, formerUsernameCount: null });
  });

  it('normalizes the v2 stories example: a reel whose items the answer leaves out says nothing about them', () => {
    expect(normalizeHikerStories(parse(hikerStoriesSchema, 'v2-user-stories.json'))).toBeNull();
    expect(normalizeHikerStories(hikerStoriesSchema.parse({ reel: null, status: 'ok' }))).toEqual([]);
  });

  it('normalizes live story frames: photos and videos, with their expiry', () => {
    const video = storyFrame({
      pk: '3800000000000000002',
      id: '3800000000000000002_787132',
      media_type: 2,
      video_versions: [{ type: 101, width: 720, height: 1280, url: 'https://cdn.example/story.mp4' }],
      video_duration: 14.5,
    });
    const stories = normalizeHikerStories(hikerStoriesSchema.parse({ reel: { id: 787132, items: [storyFrame(), video] }, status: 'ok' }));
    expect(stories).toEqual([
      {
        pk: '3800000000000000001',
        mediaType: 'PHOTO',
        takenAt: '2026-04-02T16:19:33.000Z',
        expiresAt: '2026-04-03T16:19:33.000Z',
        imageUrl: 'https://cdn.example/story.jpg',
        videoUrl: null,
        videoDuration: null,
      },
      {
        pk: '3800000000000000002',
        mediaType: 'VIDEO',
        takenAt: '2026-04-02T16:19:33.000Z',
        expiresAt: '2026-04-03T16:19:33.000Z',
        imageUrl: 'https://cdn.example/story.jpg',
        videoUrl: 'https://cdn.example/story.mp4',
        videoDuration: 14.5,
      },
    ]);
  });

  it('checks the v2 highlights example envelope, and refuses its placeholders as highlights', () => {
    const envelope = parse(hikerHighlightsSchema(z.unknown()), 'v2-user-highlights.json');
    expect(envelope.response.tray).toHaveLength(2);
    expect(envelope.next_page_id).toBeUndefined();
    expect(() => parse(hikerHighlightsTraySchema, 'v2-user-highlights.json')).toThrow(UpstreamBadResponseError);
    try {
      parse(hikerHighlightsTraySchema, 'v2-user-highlights.json');
    } catch (error) {
      expect((error as UpstreamBadResponseError).failingPath).toBe('response.tray[0].id');
    }
  });

  it('normalizes a highlights tray: bare ids, titles, covers and the items each entry carries', () => {
    const entry = {
      id: 'highlight:17890000000000001',
      title: 'Reef',
      cover_media: { cropped_image_version: { width: 150, height: 150, url: 'https://cdn.example/cover.jpg' } },
      items: [storyFrame({ expiring_at: undefined })],
      media_count: 1,
    };
    const body = hikerHighlightsTraySchema.parse({ response: { tray: [entry, { ...entry, id: '17890000000000002', title: '', cover_media: null, items: [] }] } });
    expect(normalizeHikerHighlights(body.response.tray, '787132')).toEqual([
      {
        id: '17890000000000001',
        ownerPk: '787132',
        title: 'Reef',
        coverUrl: 'https://cdn.example/cover.jpg',
        items: [expect.objectContaining({ pk: '3800000000000000001', mediaType: 'PHOTO', expiresAt: null })],
      },
      { id: '17890000000000002', ownerPk: '787132', title: '', coverUrl: null, items: [] },
    ]);
  });
});
