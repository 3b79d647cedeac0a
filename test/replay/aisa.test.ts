import { describe, expect, it } from 'vitest';
import { loadWorld, type WorldMedia } from '../../src/replay/world';
import { aisa, example, hiker, useTestServer, type Json } from './helpers';

const world = loadWorld();
const NATGEO = '787132';
const replay = useTestServer();

interface PostsPage {
  items: Json[];
  next_max_id?: string;
  num_results: number;
  more_available: boolean;
  user: Json;
}
interface ReelsPage {
  items: { media: Json }[];
  paging_info: { max_id: string | null; more_available: boolean };
}

async function walkPosts(handle: string): Promise<PostsPage[]> {
  const pages: PostsPage[] = [];
  let cursor: string | undefined;
  do {
    const answer = await aisa(replay.server, '/instagram/user/posts', { handle, ...(cursor ? { next_max_id: cursor } : {}) });
    expect(answer.status).toBe(200);
    const page = answer.body as PostsPage;
    pages.push(page);
    cursor = page.more_available ? page.next_max_id : undefined;
    expect(pages.length).toBeLessThan(50);
  } while (cursor);
  return pages;
}

async function walkReels(params: Record<string, string>): Promise<ReelsPage[]> {
  const pages: ReelsPage[] = [];
  let cursor: string | null = null;
  do {
    const answer = await aisa(replay.server, '/instagram/user/reels', { ...params, ...(cursor ? { max_id: cursor } : {}) });
    expect(answer.status).toBe(200);
    const page = answer.body as ReelsPage;
    pages.push(page);
    cursor = page.paging_info.more_available ? page.paging_info.max_id : null;
    expect(pages.length).toBeLessThan(50);
  } while (cursor);
  return pages;
}

describe('AIsa auth and errors', () => {
  it('answers 401 invalid_api_key without a key or with a wrong one', async () => {
    for (const key of [null, 'wrong-key']) {
      const answer = await aisa(replay.server, '/instagram/profile', { handle: 'natgeo' }, key);
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ code: 'invalid_api_key', error: 'Invalid API key' });
    }
    const hikerKeyOnAisa = await aisa(replay.server, '/instagram/profile', { handle: 'natgeo' }, 'test-hikerapi-key');
    expect(hikerKeyOnAisa.status).toBe(401);
  });

  it('answers 400 when a required parameter is missing', async () => {
    for (const path of ['/instagram/profile', '/instagram/basic-profile', '/instagram/user/posts', '/instagram/user/reels', '/instagram/post']) {
      const answer = await aisa(replay.server, path, {});
      expect(answer.status, path).toBe(400);
      expect(answer.body).toEqual({ error: 'request does not match the endpoint contract' });
    }
  });

  it('answers 404 not found for an unknown handle, user id or post', async () => {
    for (const [path, params] of [
      ['/instagram/profile', { handle: 'no.such.user.anywhere' }],
      ['/instagram/basic-profile', { userId: '999999999' }],
      ['/instagram/user/posts', { handle: 'no.such.user.anywhere' }],
      ['/instagram/user/reels', { user_id: '999999999' }],
      ['/instagram/post', { url: 'https://www.instagram.com/p/NoSuchCode1/' }],
    ] as const) {
      const answer = await aisa(replay.server, path, params);
      expect(answer.status, path).toBe(404);
      expect(answer.body).toMatchObject({ success: false, error: 'not found', errorStatus: 404 });
    }
  });

  it('gives a private account empty posts and reels with status 200', async () => {
    const posts = await aisa(replay.server, '/instagram/user/posts', { handle: 'hidden.trails' });
    expect(posts.status).toBe(200);
    expect(posts.body).toMatchObject({ items: [], more_available: false, user: { is_private: true, username: 'hidden.trails' } });
    expect((posts.body as Json).next_max_id).toBeUndefined();
    const reels = await aisa(replay.server, '/instagram/user/reels', { handle: 'hidden.trails' });
    expect(reels.body).toEqual({ items: [], paging_info: { max_id: null, more_available: false } });
    const profile = await aisa(replay.server, '/instagram/profile', { handle: 'hidden.trails' });
    expect(profile.body).toMatchObject({ data: { user: { is_private: true, edge_owner_to_timeline_media: { edges: [] } } } });
  });
});

describe('AIsa vendor examples served verbatim', () => {
  it('starts carsoncantcode posts with the doc item and cursor', async () => {
    const doc = example('aisa/user-posts.json') as PostsPage;
    const answer = await aisa(replay.server, '/instagram/user/posts', { handle: 'carsoncantcode' });
    const page = answer.body as PostsPage;
    expect(page.items[0]).toEqual(doc.items[0]);
    expect(page.user).toEqual(doc.user);
    expect(page.next_max_id).toBe(doc.next_max_id);
    expect(page.num_results).toBe(12);
    expect(page.more_available).toBe(true);
  });

  it('serves jane reel DKKtpqaxg0C as the doc item under items[].media', async () => {
    const doc = example('aisa/user-reels.json') as { items: Json[] };
    const pages = await walkReels({ handle: 'jane' });
    const served = pages.flatMap((page) => page.items).find((item) => item.media.code === 'DKKtpqaxg0C');
    expect(served?.media).toEqual(doc.items[0]);
  });

  it('serves post DLDXI0fylTC as the doc example', async () => {
    const answer = await aisa(replay.server, '/instagram/post', { url: 'https://www.instagram.com/reel/DLDXI0fylTC/' });
    expect(answer.body).toEqual(example('aisa/post.json'));
  });
});

describe('AIsa pages', () => {
  it('walks natgeo posts to the end: 12 a page, next_max_id the last id, every item once', async () => {
    const pages = await walkPosts('natgeo');
    const expected = world.mediaList(NATGEO, 'posts').map((media) => media.id);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages.flatMap((page) => page.items.map((item) => item.id))).toEqual(expected);
    for (const page of pages.slice(0, -1)) {
      expect(page.items).toHaveLength(12);
      expect(page.next_max_id).toBe(page.items.at(-1)?.id);
    }
    const last = pages.at(-1);
    expect(last?.more_available).toBe(false);
    expect(last && 'next_max_id' in last).toBe(false);
  });

  it('walks coralcam reels (by user_id) to the end, every reel once', async () => {
    const coralcam = world.userByUsername('coralcam');
    if (!coralcam) throw new Error('no coralcam');
    const pages = await walkReels({ user_id: String(coralcam.pk) });
    const expected = world.mediaList(String(coralcam.pk), 'reels').map((media) => media.id);
    expect(expected.length).toBeGreaterThanOrEqual(60);
    expect(pages.flatMap((page) => page.items.map((item) => item.media.id))).toEqual(expected);
    expect(pages.at(-1)?.paging_info).toEqual({ max_id: null, more_available: false });
  });

  it('sends 64-bit media pks as bare JSON numbers, as Instagram does', async () => {
    const answer = await aisa(replay.server, '/instagram/user/posts', { handle: 'natgeo' });
    const first = world.mediaList(NATGEO, 'posts')[0];
    expect(answer.text).toContain(`"pk":${first?.pk}`);
    expect((answer.body as PostsPage).items[0]?.pk).toBe(first?.pk);
  });

  it('shows the 12 latest posts on the profile', async () => {
    const answer = await aisa(replay.server, '/instagram/profile', { handle: 'natgeo' });
    const timeline = ((answer.body as Json).data as { user: Json }).user.edge_owner_to_timeline_media as {
      edges: { node: Json }[];
      page_info: { has_next_page: boolean };
    };
    expect(timeline.edges.map((edge) => edge.node.shortcode)).toEqual(
      world.mediaList(NATGEO, 'posts').slice(0, 12).map((media) => media.code),
    );
    expect(timeline.page_info.has_next_page).toBe(true);
  });
});

describe('AIsa and HikerAPI agree', () => {
  it('on profiles', async () => {
    for (const username of ['natgeo', 'jane', 'coralcam', 'quiet.observer']) {
      const hikerUser = (await hiker(replay.server, '/v1/user/by/username', { username })).body as Json;
      const profile = ((await aisa(replay.server, '/instagram/profile', { handle: username })).body as { data: { user: Json } }).data.user;
      const basic = (await aisa(replay.server, '/instagram/basic-profile', { userId: String(hikerUser.pk) })).body as Json;
      expect(profile.id).toBe(String(hikerUser.pk));
      expect((profile.edge_followed_by as Json).count).toBe(hikerUser.follower_count);
      expect((profile.edge_follow as Json).count).toBe(hikerUser.following_count);
      expect(profile.full_name).toBe(hikerUser.full_name);
      expect(basic).toMatchObject({
        pk: String(hikerUser.pk),
        username,
        follower_count: hikerUser.follower_count,
        following_count: hikerUser.following_count,
        media_count: hikerUser.media_count,
      });
    }
  });

  it("on every natgeo post's counts, caption and owner", async () => {
    const pages = await walkPosts('natgeo');
    for (const item of pages.flatMap((page) => page.items)) {
      const media = (await hiker(replay.server, '/v1/media/by/id', { id: String(item.id) })).body as WorldMedia;
      expect(item.code).toBe(media.code);
      expect(item.like_count).toBe(media.like_count);
      expect(item.comment_count).toBe(media.comment_count);
      expect((item.caption as Json | null)?.text ?? '').toBe(media.caption_text);
      expect((item.user as Json).pk).toBe(media.user.pk);
      expect(item.taken_at).toBe(media.taken_at_ts);
      if (media.media_type === 2) expect(item.play_count).toBe(media.play_count);
      if (media.media_type === 8) expect((item.carousel_media as unknown[]).length).toBe(media.resources.length);
    }
  });

  it('on post details, including tags, coauthors and carousel children', async () => {
    const samples = world.media.filter((media) => media.usertags.length > 0 || media.coauthor_producers.length > 0 || media.media_type === 8).slice(0, 25);
    expect(samples.length).toBe(25);
    for (const media of samples) {
      const post = await aisa(replay.server, '/instagram/post', { url: `https://www.instagram.com/p/${media.code}/` });
      const web = (post.body as { data: { xdt_shortcode_media: Json } }).data.xdt_shortcode_media;
      expect(web.id).toBe(media.pk);
      expect((web.edge_media_preview_like as Json).count).toBe(media.like_count);
      expect((web.edge_media_to_parent_comment as Json).count).toBe(media.comment_count);
      expect((web.owner as Json).username).toBe(media.user.username);
      expect((web.edge_media_to_tagged_user as { edges: { node: { user: Json } }[] }).edges.map((edge) => edge.node.user.username)).toEqual(
        media.usertags.map((tag) => tag.user.username),
      );
      expect((web.coauthor_producers as Json[]).map((coauthor) => coauthor.username)).toEqual(
        media.coauthor_producers.map((coauthor) => coauthor.username),
      );
      if (media.media_type === 8) {
        expect(web.__typename).toBe('XDTGraphSidecar');
        expect((web.edge_sidecar_to_children as { edges: unknown[] }).edges).toHaveLength(media.resources.length);
      }
    }
  });
});
