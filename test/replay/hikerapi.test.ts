import { describe, expect, it } from 'vitest';
import { loadWorld, type WorldMedia, type WorldUserSummary } from '../../src/replay/world';
import { chunkOf, example, hiker, useTestServer, walkPages, type Json } from './helpers';

const world = loadWorld();
const NATGEO = '787132';
const NATGEOANIMALS = '1029649300';
const PRIVATE_PK = '51234567890';
const replay = useTestServer();

type Chunk<T> = [T[], string | null];

/** Walks a chunk endpoint to its end, returning every page. */
const walk = <T>(path: string, userId: string, cursorParam: 'end_cursor' | 'max_id'): Promise<T[][]> =>
  walkPages(async (cursor) =>
    chunkOf<T>(await hiker(replay.server, path, { user_id: userId, ...(cursor ? { [cursorParam]: cursor } : {}) })),
  );

describe('HikerAPI auth and errors', () => {
  it('answers 401 without a key or with a wrong one', async () => {
    for (const key of [null, 'wrong-key']) {
      const answer = await hiker(replay.server, '/v1/user/by/username', { username: 'natgeo' }, key);
      expect(answer.status).toBe(401);
      expect((answer.body as Json).detail).toEqual(expect.any(String));
    }
  });

  it('answers 404 UserNotFound for an unknown user, on profiles and lists', async () => {
    for (const [path, params] of [
      ['/v1/user/by/username', { username: 'no.such.user.anywhere' }],
      ['/v1/user/by/id', { id: '999999999' }],
      ['/v1/user/medias/chunk', { user_id: '999999999' }],
      ['/v1/user/followers/chunk', { user_id: '999999999' }],
    ] as const) {
      const answer = await hiker(replay.server, path, params);
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({ detail: 'User not found', exc_type: 'UserNotFound' });
    }
  });

  it('answers 404 MediaNotFound and LocationNotFound', async () => {
    const media = await hiker(replay.server, '/v1/media/by/code', { code: 'NoSuchCode1' });
    expect(media.status).toBe(404);
    expect((media.body as Json).exc_type).toBe('MediaNotFound');
    const location = await hiker(replay.server, '/v1/location/by/id', { id: '1' });
    expect(location.status).toBe(404);
    expect((location.body as Json).exc_type).toBe('LocationNotFound');
  });

  it('answers 403 PrivateAccount on every list of a private user, while the profile still answers', async () => {
    const profile = await hiker(replay.server, '/v1/user/by/id', { id: PRIVATE_PK });
    expect(profile.status).toBe(200);
    expect((profile.body as Json).is_private).toBe(true);
    for (const [path, extra] of [
      ['/v1/user/medias/chunk', {}],
      ['/v1/user/clips/chunk', {}],
      ['/v1/user/followers/chunk', {}],
      ['/v1/user/following/chunk', {}],
      ['/v1/user/tag/medias/chunk', {}],
      ['/v1/user/medias/pinned', {}],
      ['/v1/user/search/followers', { query: 'a' }],
      ['/v1/user/search/following', { query: 'a' }],
    ] as const) {
      const answer = await hiker(replay.server, path, { user_id: PRIVATE_PK, ...extra });
      expect(answer.status, path).toBe(403);
      expect(answer.body).toEqual({ detail: 'User hid data using privacy settings', exc_type: 'PrivateAccount' });
    }
  });

  it('answers 422 in FastAPI shape for a missing required parameter', async () => {
    const answer = await hiker(replay.server, '/v1/user/clips/chunk', {});
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ detail: [{ loc: ['query', 'user_id'], msg: 'Field required', type: 'missing' }] });
    const search = await hiker(replay.server, '/v1/user/search/followers', { user_id: NATGEO });
    expect(search.status).toBe(422);
    expect(search.body).toMatchObject({ detail: [{ loc: ['query', 'query'] }] });
  });

  it('answers 404 {"detail":"Not Found"} on an unknown path', async () => {
    const answer = await hiker(replay.server, '/v1/user/nothing/here', { user_id: NATGEO });
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ detail: 'Not Found' });
  });
});

describe('HikerAPI vendor examples served verbatim', () => {
  it('serves natgeo by username exactly as the doc example, pk a number', async () => {
    const answer = await hiker(replay.server, '/v1/user/by/username', { username: 'natgeo' });
    expect(JSON.stringify(JSON.parse(answer.text))).toBe(JSON.stringify(example('hikerapi/user-by-username.json')));
    expect((answer.body as Json).pk).toBe(787132);
  });

  it('starts natgeo medias/chunk with the doc items, byte for byte in order', async () => {
    const [docItems] = example('hikerapi/user-medias-chunk.json') as Chunk<Json>;
    const answer = await hiker(replay.server, '/v1/user/medias/chunk', { user_id: NATGEO });
    const [items] = JSON.parse(answer.text) as Chunk<Json>;
    expect(items).toHaveLength(12);
    expect(JSON.stringify(items.slice(0, docItems.length))).toBe(JSON.stringify(docItems));
  });

  it('serves natgeo pinned as the doc example, and amount limits it', async () => {
    const answer = await hiker(replay.server, '/v1/user/medias/pinned', { user_id: NATGEO });
    expect(JSON.stringify(JSON.parse(answer.text))).toBe(JSON.stringify(example('hikerapi/user-medias-pinned.json')));
    const one = await hiker(replay.server, '/v1/user/medias/pinned', { user_id: NATGEO, amount: 1 });
    expect((one.body as unknown[]).length).toBe(1);
  });

  it('starts natgeoanimals clips/chunk with the doc clips items', async () => {
    const [docItems] = example('hikerapi/user-clips-chunk.json') as Chunk<Json>;
    const answer = await hiker(replay.server, '/v1/user/clips/chunk', { user_id: NATGEOANIMALS });
    const [items] = JSON.parse(answer.text) as Chunk<Json>;
    expect(JSON.stringify(items.slice(0, docItems.length))).toBe(JSON.stringify(docItems));
  });

  it('starts natgeo following with the doc following page', async () => {
    const [docUsers] = example('hikerapi/user-following-chunk.json') as Chunk<Json>;
    const answer = await hiker(replay.server, '/v1/user/following/chunk', { user_id: NATGEO });
    const [users, next] = answer.body as Chunk<WorldUserSummary>;
    expect(users.slice(0, 3).map((user) => user.username)).toEqual(docUsers.map((user) => user.username));
    expect(next).toBe('25');
  });

  it('serves the tag example media by code with their locations', async () => {
    const [docItems] = example('hikerapi/user-tag-medias-chunk.json') as Chunk<Json>;
    for (const docItem of docItems) {
      const answer = await hiker(replay.server, '/v1/media/by/code', { code: String(docItem.code) });
      expect(answer.body).toEqual(docItem);
      const location = docItem.location as Json;
      const byId = await hiker(replay.server, '/v1/location/by/id', { id: String(location.pk) });
      expect(byId.body).toEqual(location);
    }
  });
});

describe('HikerAPI pages', () => {
  it('returns [items, cursor] tuples with a null cursor at the end', async () => {
    const answer = await hiker(replay.server, '/v1/user/followers/chunk', { user_id: NATGEO });
    expect(Array.isArray(answer.body)).toBe(true);
    const [items, next] = answer.body as Chunk<WorldUserSummary>;
    expect(items).toHaveLength(25);
    expect(next).toBe('25');
    expect(typeof items[0]?.pk).toBe('string');
    const last = await hiker(replay.server, '/v1/user/followers/chunk', { user_id: NATGEO, max_id: 75 });
    expect((last.body as Chunk<unknown>)[1]).toBeNull();
  });

  const cases = [
    { path: '/v1/user/medias/chunk', cursor: 'end_cursor', kind: 'posts', size: 12, min: 30 },
    { path: '/v1/user/clips/chunk', cursor: 'end_cursor', kind: 'reels', size: 12, min: 30 },
    { path: '/v1/user/tag/medias/chunk', cursor: 'max_id', kind: 'tagged', size: 12, min: 30 },
  ] as const;
  for (const { path, cursor, kind, size, min } of cases) {
    it(`walks natgeo ${kind} to the end: every item exactly once, in world order`, async () => {
      const pages = await walk<WorldMedia>(path, NATGEO, cursor);
      const expected = world.mediaList(NATGEO, kind).map((media) => media.pk);
      const served = pages.flat().map((media) => media.pk);
      expect(expected.length).toBeGreaterThanOrEqual(min);
      expect(pages.length).toBeGreaterThanOrEqual(3);
      expect(served).toEqual(expected);
      expect(new Set(served).size).toBe(served.length);
      for (const page of pages.slice(0, -1)) expect(page).toHaveLength(size);
    });
  }

  for (const kind of ['followers', 'following'] as const) {
    it(`walks natgeo ${kind} to the end: every user exactly once`, async () => {
      const pages = await walk<WorldUserSummary>(`/v1/user/${kind}/chunk`, NATGEO, 'max_id');
      const expected = world.userList(NATGEO, kind).map((user) => String(user.pk));
      expect(expected.length).toBeGreaterThanOrEqual(60);
      expect(pages.flat().map((user) => user.pk)).toEqual(expected);
      expect(pages.length).toBe(Math.ceil(expected.length / 25));
    });
  }

  it('lists natgeo following in full: as many as its following_count', () => {
    expect(world.userList(NATGEO, 'following')).toHaveLength(world.userByPk(NATGEO)?.following_count ?? -1);
  });

  it('rejects a cursor that belongs to no page', async () => {
    const answer = await hiker(replay.server, '/v1/user/medias/chunk', { user_id: NATGEO, end_cursor: '1_787132' });
    expect(answer.status).toBe(400);
  });

  it('makes natgeo first 10 followers public accounts with reels', async () => {
    const [followers] = (await hiker(replay.server, '/v1/user/followers/chunk', { user_id: NATGEO })).body as Chunk<WorldUserSummary>;
    for (const follower of followers.slice(0, 10)) {
      expect(follower.is_private).toBe(false);
      const [reels] = (await hiker(replay.server, '/v1/user/clips/chunk', { user_id: follower.pk })).body as Chunk<WorldMedia>;
      expect(reels.length).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('HikerAPI media', () => {
  it('shows play_count 0 in medias/chunk but the real count in clips/chunk and media/by/code', async () => {
    const [feed] = (await hiker(replay.server, '/v1/user/medias/chunk', { user_id: NATGEO })).body as Chunk<WorldMedia>;
    const [clips] = (await hiker(replay.server, '/v1/user/clips/chunk', { user_id: NATGEO })).body as Chunk<WorldMedia>;
    const reelInBoth = feed.find((media) => media.product_type === 'clips' && clips.some((clip) => clip.pk === media.pk));
    expect(reelInBoth).toBeDefined();
    const clip = clips.find((candidate) => candidate.pk === reelInBoth?.pk);
    expect(reelInBoth?.play_count).toBe(0);
    expect(reelInBoth?.view_count).toBe(0);
    expect(clip?.play_count).toBeGreaterThan(0);
    const byCode = (await hiker(replay.server, '/v1/media/by/code', { code: reelInBoth?.code ?? '' })).body as WorldMedia;
    expect(byCode.play_count).toBe(clip?.play_count);
  });

  it('finds a media by "<pk>", "<pk>_<ownerPk>" and url', async () => {
    const media = world.mediaList(NATGEO, 'posts')[4];
    if (!media) throw new Error('natgeo has too few posts');
    for (const id of [media.pk, media.id]) {
      expect(((await hiker(replay.server, '/v1/media/by/id', { id })).body as WorldMedia).code).toBe(media.code);
    }
    const byUrl = await hiker(replay.server, '/v1/media/by/url', { url: `https://www.instagram.com/p/${media.code}/` });
    expect((byUrl.body as WorldMedia).pk).toBe(media.pk);
  });

  it('serves carousels with photo and video children, usertags, coauthors and locations', () => {
    const all = world.media;
    const carousel = all.find((media) => media.media_type === 8 && media.resources.some((child) => child.media_type === 2));
    expect(carousel?.resources.some((child) => child.media_type === 1)).toBe(true);
    expect(all.some((media) => media.media_type === 2 && media.product_type === 'feed')).toBe(true);
    expect(all.some((media) => media.media_type === 1)).toBe(true);
    expect(all.some((media) => media.usertags.length > 0)).toBe(true);
    expect(all.some((media) => media.coauthor_producers.length > 0)).toBe(true);
    expect(all.some((media) => media.location !== null)).toBe(true);
  });

  it('resolves a user by url', async () => {
    const answer = await hiker(replay.server, '/v1/user/by/url', { url: 'https://www.instagram.com/jane/' });
    expect((answer.body as Json).pk).toBe(21393171);
  });
});

describe('HikerAPI search', () => {
  it('matches a case-insensitive substring of username or full name within the list', async () => {
    const answer = await hiker(replay.server, '/v1/user/search/following', { user_id: NATGEO, query: 'NATGEO' });
    const found = (answer.body as WorldUserSummary[]).map((user) => user.username);
    expect(found).toEqual(expect.arrayContaining(['natgeotravel', 'natgeoanimals', 'natgeoscience', 'natgeouk']));
    const following = new Set(world.userList(NATGEO, 'following').map((user) => user.username));
    for (const username of found) expect(following.has(username)).toBe(true);
    const byName = await hiker(replay.server, '/v1/user/search/following', { user_id: NATGEO, query: 'lonely planet' });
    expect((byName.body as WorldUserSummary[]).map((user) => user.username)).toEqual(['lonelyplanet']);
    const none = await hiker(replay.server, '/v1/user/search/followers', { user_id: NATGEO, query: 'zzzzzz' });
    expect(none.body).toEqual([]);
  });
});
