import { describe, expect, it } from 'vitest';
import { AISA_COMMENT_PAGE_SIZE } from '../../src/replay/aisa';
import { HIKERAPI_COMMENT_PAGE_SIZE } from '../../src/replay/hikerapi';
import { loadWorld, type WorldMedia } from '../../src/replay/world';
import { aisa, chunkOf, example, hiker, useTestServer, walkPages, type Json } from './helpers';

const world = loadWorld();
const natgeoPk = String(world.userByUsername('natgeo')?.pk);
const privatePk = String(world.userByUsername('hidden.trails')?.pk);
const replay = useTestServer();

function media(code: string): WorldMedia {
  const found = world.mediaByCode(code);
  if (!found) throw new Error(`no media ${code}`);
  return found;
}
const postUrl = (item: WorldMedia): string => `https://www.instagram.com/${item.product_type === 'clips' ? 'reel' : 'p'}/${item.code}/`;
const natgeoFirstPost = (): WorldMedia => world.mediaList(natgeoPk, 'posts')[0] as WorldMedia;
const privatePost = (): WorldMedia => world.mediaList(privatePk, 'posts')[0] as WorldMedia;
const uncommented = (): WorldMedia => world.media.find((item) => world.comments(item.pk).length === 0 && !item.user.is_private) as WorldMedia;
const COMMENT_EXAMPLE_CODE = 'DOq6eV6iIgD';

describe('HikerAPI /v1/media/comments/chunk', () => {
  const commentsOf = (id: string, cursor: string | null) =>
    hiker(replay.server, '/v1/media/comments/chunk', { id, ...(cursor ? { max_id: cursor } : {}) }).then((answer) => chunkOf<Json>(answer));

  it("walks natgeo's first post in three pages of 15: every comment once, newest first, as instagrapi Comments", async () => {
    const post = natgeoFirstPost();
    const pages = await walkPages((cursor) => commentsOf(post.pk, cursor));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const page of pages.slice(0, -1)) expect(page).toHaveLength(HIKERAPI_COMMENT_PAGE_SIZE);
    const expected = world.comments(post.pk);
    expect(pages.flat().map((comment) => comment.pk)).toEqual(expected.map((comment) => comment.pk));
    const [first] = expected;
    expect(pages[0]?.[0]).toEqual({
      pk: first?.pk,
      text: first?.text,
      user: {
        pk: String(first?.user.pk), id: String(first?.user.pk), username: first?.user.username, full_name: first?.user.full_name,
        profile_pic_url: first?.user.profile_pic_url, is_private: first?.user.is_private, is_verified: first?.user.is_verified,
      },
      created_at_utc: new Date((first?.created_at ?? 0) * 1000).toISOString().replace('.000Z', 'Z'),
      content_type: 'comment',
      status: 'Active',
      replied_to_comment_id: null,
      has_liked: false,
      like_count: first?.like_count,
    });
  });

  it('takes the media id with or without the owner suffix, and answers an empty chunk for a media without comments', async () => {
    const post = natgeoFirstPost();
    const byId = chunkOf<Json>(await hiker(replay.server, '/v1/media/comments/chunk', { id: post.id }));
    expect(byId.items[0]?.pk).toBe(world.comments(post.pk)[0]?.pk);
    const none = await hiker(replay.server, '/v1/media/comments/chunk', { id: uncommented().pk });
    expect(none.body).toEqual([[], null]);
  });

  it('lists the AIsa example comment first on its reel, with the same author', async () => {
    const [comment] = chunkOf<Json>(await hiker(replay.server, '/v1/media/comments/chunk', { id: media(COMMENT_EXAMPLE_CODE).pk })).items;
    const [docComment] = (example('aisa/post-comments.json') as { comments: Json[] }).comments;
    expect(comment).toMatchObject({ pk: docComment?.id, text: docComment?.text, user: { username: 'catherina_thijs' } });
  });

  it('answers 404 MediaNotFound, 403 PrivateAccount, 422 without id, 400 for a cursor of another media, 401 without key', async () => {
    const unknown = await hiker(replay.server, '/v1/media/comments/chunk', { id: '1234' });
    expect([unknown.status, (unknown.body as Json).exc_type]).toEqual([404, 'MediaNotFound']);
    const hidden = await hiker(replay.server, '/v1/media/comments/chunk', { id: privatePost().pk });
    expect(world.comments(privatePost().pk).length).toBeGreaterThan(0);
    expect([hidden.status, hidden.body]).toEqual([403, { detail: 'User hid data using privacy settings', exc_type: 'PrivateAccount' }]);
    const missing = await hiker(replay.server, '/v1/media/comments/chunk', {});
    expect(missing.status).toBe(422);
    expect(missing.body).toMatchObject({ detail: [{ loc: ['query', 'id'], type: 'missing' }] });
    const { next } = await commentsOf(natgeoFirstPost().pk, null);
    const foreign = await hiker(replay.server, '/v1/media/comments/chunk', { id: media(COMMENT_EXAMPLE_CODE).pk, max_id: String(next) });
    expect(foreign.status).toBe(400);
    expect((await hiker(replay.server, '/v1/media/comments/chunk', { id: natgeoFirstPost().pk }, null)).status).toBe(401);
  });
});

describe('AIsa /instagram/post/comments', () => {
  interface CommentsBody {
    success: boolean;
    comments: Json[];
    cursor: string | null;
  }
  const commentsAt = async (url: string, cursor: string | null) => {
    const answer = await aisa(replay.server, '/instagram/post/comments', { url, ...(cursor ? { cursor } : {}) });
    expect(answer.status).toBe(200);
    const body = answer.body as CommentsBody;
    return { items: body.comments, next: body.cursor };
  };

  it('serves the doc example as the first page of its reel, and its cursor leads to the rest', async () => {
    const reel = media(COMMENT_EXAMPLE_CODE);
    const first = await aisa(replay.server, '/instagram/post/comments', { url: 'https://www.instagram.com/reel/DOq6eV6iIgD' });
    expect(JSON.parse(first.text)).toEqual(example('aisa/post-comments.json'));
    const pages = await walkPages((cursor) => commentsAt(postUrl(reel), cursor));
    expect(pages.flat().map((comment) => comment.id)).toEqual(world.comments(reel.pk).map((comment) => comment.pk));
  });

  it("walks natgeo's first post in pages of 15, every comment once, in the normalised shape", async () => {
    const post = natgeoFirstPost();
    const pages = await walkPages((cursor) => commentsAt(postUrl(post), cursor));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const page of pages.slice(0, -1)) expect(page).toHaveLength(AISA_COMMENT_PAGE_SIZE);
    const expected = world.comments(post.pk);
    expect(pages.flat().map((comment) => comment.id)).toEqual(expected.map((comment) => comment.pk));
    const [first] = expected;
    expect(pages[0]?.[0]).toEqual({
      id: first?.pk,
      text: first?.text,
      created_at: new Date((first?.created_at ?? 0) * 1000).toISOString(),
      comment_like_count: first?.like_count,
      child_comment_count: first?.child_comment_count,
      user: {
        is_verified: first?.user.is_verified, id: String(first?.user.pk), pk: String(first?.user.pk), is_unpublished: null,
        profile_pic_url: first?.user.profile_pic_url, username: first?.user.username, fbid_v2: world.account(String(first?.user.pk)).fbid,
      },
    });
  });

  it("answers a private account's post with no comments, and errors as AIsa does", async () => {
    expect((await aisa(replay.server, '/instagram/post/comments', { url: postUrl(privatePost()) })).body).toEqual({ success: true, comments: [], cursor: null });
    expect((await aisa(replay.server, '/instagram/post/comments', {})).status).toBe(400);
    const unknown = await aisa(replay.server, '/instagram/post/comments', { url: 'https://www.instagram.com/p/NoSuchPost1/' });
    expect([unknown.status, (unknown.body as Json).errorStatus]).toEqual([404, 404]);
    const badCursor = await aisa(replay.server, '/instagram/post/comments', { url: postUrl(natgeoFirstPost()), cursor: 'AQHSnot-a-cursor' });
    expect(badCursor.status).toBe(400);
    expect((await aisa(replay.server, '/instagram/post/comments', { url: postUrl(natgeoFirstPost()) }, null)).status).toBe(401);
  });
});

describe('HikerAPI /v1/media/likers', () => {
  it('returns the whole list in one call as UserShorts, in world order', async () => {
    const post = natgeoFirstPost();
    const answer = await hiker(replay.server, '/v1/media/likers', { id: post.pk });
    expect(answer.status).toBe(200);
    const likers = answer.body as Json[];
    const expected = world.likers(post.pk);
    expect(likers.length).toBeGreaterThan(30);
    expect(likers.map((user) => user.pk)).toEqual(expected.map((user) => String(user.pk)));
    expect(likers[0]).toEqual({
      pk: String(expected[0]?.pk), id: String(expected[0]?.pk), username: expected[0]?.username, full_name: expected[0]?.full_name,
      profile_pic_url: expected[0]?.profile_pic_url, is_private: expected[0]?.is_private, is_verified: expected[0]?.is_verified,
    });
    expect(replay.server.stats.calls.at(-1)).toMatchObject({ path: '/v1/media/likers', params: { id: post.pk }, status: 200 });
  });

  it('answers 404 MediaNotFound, 403 PrivateAccount, 422 without id and 401 without key', async () => {
    const unknown = await hiker(replay.server, '/v1/media/likers', { id: '1234' });
    expect([unknown.status, (unknown.body as Json).exc_type]).toEqual([404, 'MediaNotFound']);
    expect(world.likers(privatePost().pk).length).toBeGreaterThan(0);
    const hidden = await hiker(replay.server, '/v1/media/likers', { id: privatePost().id });
    expect([hidden.status, (hidden.body as Json).exc_type]).toEqual([403, 'PrivateAccount']);
    const missing = await hiker(replay.server, '/v1/media/likers', {});
    expect([missing.status, missing.body]).toMatchObject([422, { detail: [{ loc: ['query', 'id'] }] }]);
    expect((await hiker(replay.server, '/v1/media/likers', { id: natgeoFirstPost().pk }, null)).status).toBe(401);
  });
});

describe('AIsa /instagram/media/transcript', () => {
  const transcriptOf = (item: WorldMedia) => aisa(replay.server, '/instagram/media/transcript', { url: postUrl(item) });

  it('serves the doc example for its reel, reached by any URL form', async () => {
    for (const url of ['https://www.instagram.com/reel/DHsD6HGqJhp/', 'https://www.instagram.com/p/DHsD6HGqJhp', 'https://instagram.com/jane/reel/DHsD6HGqJhp/?igsh=x']) {
      const answer = await aisa(replay.server, '/instagram/media/transcript', { url });
      expect(JSON.parse(answer.text)).toEqual(example('aisa/media-transcript.json'));
    }
  });

  it('transcribes reels that have speech, and answers no transcripts for those without', async () => {
    const reels = world.media.filter((item) => item.product_type === 'clips' && !item.user.is_private);
    const spoken = reels.find((item) => world.transcript(item.pk) !== undefined) as WorldMedia;
    expect((await transcriptOf(spoken)).body).toEqual({
      success: true,
      transcripts: [{ id: spoken.pk, shortcode: spoken.code, text: world.transcript(spoken.pk) }],
    });
    const silent = reels.find((item) => world.transcript(item.pk) === undefined) as WorldMedia;
    expect((await transcriptOf(silent)).body).toEqual({ success: true, transcripts: [] });
    const feedVideo = world.media.find((item) => item.media_type === 2 && item.product_type !== 'clips') as WorldMedia;
    expect((await transcriptOf(feedVideo)).body).toEqual({ success: true, transcripts: [] });
    const privateReel = world.mediaList(privatePk, 'reels')[0] as WorldMedia;
    expect(world.transcript(privateReel.pk)).toBeDefined();
    expect((await transcriptOf(privateReel)).body).toEqual({ success: true, transcripts: [] });
  });

  it('answers 400 bad_request for a photo or carousel, 400 without url, 404 for an unknown post, 401 without key', async () => {
    for (const mediaType of [1, 8]) {
      const item = world.media.find((candidate) => candidate.media_type === mediaType) as WorldMedia;
      const answer = await transcriptOf(item);
      expect([answer.status, answer.body]).toMatchObject([400, { success: false, error: 'bad_request', errorStatus: 400 }]);
    }
    expect((await aisa(replay.server, '/instagram/media/transcript', {})).status).toBe(400);
    expect((await aisa(replay.server, '/instagram/media/transcript', { url: 'https://www.instagram.com/reel/NoSuchReel1/' })).status).toBe(404);
    expect((await aisa(replay.server, '/instagram/media/transcript', { url: postUrl(media('DHsD6HGqJhp')) }, null)).status).toBe(401);
  });
});
