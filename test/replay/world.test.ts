import { describe, expect, it } from 'vitest';
import { HIKERAPI_MEDIA_PAGE_SIZE } from '../../src/replay/hikerapi';
import { loadWorld } from '../../src/replay/world';
import { aisa, hiker, useTestServer, type Json } from './helpers';

const world = loadWorld();
const replay = useTestServer();

/** Every user pk the world mentions: list members, owners, tagged users and coauthors. */
function referencedUserPks(): Set<string> {
  const pks = new Set<string>();
  for (const user of world.users) {
    const account = world.account(String(user.pk));
    for (const pk of [...account.followers, ...account.following]) pks.add(pk);
  }
  for (const media of world.media) {
    pks.add(media.user.pk);
    for (const tag of media.usertags) pks.add(tag.user.pk);
    for (const coauthor of media.coauthor_producers) pks.add(String(coauthor.pk));
  }
  return pks;
}

describe('fixture world', () => {
  it('has follower and following lists that mirror each other', () => {
    let edges = 0;
    for (const user of world.users) {
      const pk = String(user.pk);
      const account = world.account(pk);
      expect(new Set(account.followers).size, `${user.username} followers unique`).toBe(account.followers.length);
      for (const followeePk of account.following) {
        expect(world.account(followeePk).followers, `${user.username} follows ${followeePk}`).toContain(pk);
        edges += 1;
      }
      for (const followerPk of account.followers) expect(world.account(followerPk).following).toContain(pk);
    }
    expect(edges).toBeGreaterThan(400);
  });

  it('keeps each media list consistent with the media: owners, coauthors and tags', () => {
    for (const user of world.users) {
      const pk = String(user.pk);
      for (const media of world.mediaList(pk, 'tagged')) {
        expect(media.usertags.map((tag) => tag.user.pk)).toContain(pk);
      }
      for (const media of world.mediaList(pk, 'reels')) expect(media.product_type).toBe('clips');
    }
    const codes = new Set(world.media.map((media) => media.code));
    expect(codes.size).toBe(world.media.length);
    for (const media of world.media) expect(media.id).toBe(`${media.pk}_${media.user.pk}`);
  });

  it('includes the accounts the brief names, a private one, an empty one and a reels creator', () => {
    for (const [username, pk] of [['natgeo', 787132], ['natgeoanimals', 1029649300], ['jane', 21393171], ['carsoncantcode', 59042353222]] as const) {
      expect(world.userByUsername(username)?.pk).toBe(pk);
    }
    expect(world.users.some((user) => user.is_private && world.account(String(user.pk)).followers.length > 0)).toBe(true);
    const empty = world.userByUsername('quiet.observer');
    expect(empty && world.mediaList(String(empty.pk), 'posts')).toEqual([]);
    const creator = world.userByUsername('coralcam');
    expect(creator?.is_verified).toBe(true);
    expect(creator && world.mediaList(String(creator.pk), 'reels').length).toBeGreaterThanOrEqual(60);
  });

  it('answers both providers profile endpoints for every user mentioned anywhere', async () => {
    const pks = [...referencedUserPks()];
    expect(pks.length).toBeGreaterThan(300);
    for (const pk of pks) {
      const byId = await hiker(replay.server, '/v1/user/by/id', { id: pk });
      expect(byId.status, `hikerapi user ${pk}`).toBe(200);
      const username = String((byId.body as Json).username);
      const basic = await aisa(replay.server, '/instagram/basic-profile', { userId: pk });
      expect(basic.status, `aisa basic-profile ${pk}`).toBe(200);
      const profile = await aisa(replay.server, '/instagram/profile', { handle: username });
      expect(profile.status, `aisa profile ${username}`).toBe(200);
    }
  });
});

describe('fixture world: engagement and account details', () => {
  const natgeoPk = String(world.userByUsername('natgeo')?.pk);
  const privateUsers = world.users.filter((user) => user.is_private);

  it('keeps the counts earlier tests rely on', () => {
    expect(world.account(natgeoPk).posts).toHaveLength(52);
    expect(world.account(natgeoPk).reels).toHaveLength(34);
    expect(world.account(natgeoPk).tagged).toHaveLength(38);
    expect(world.account(natgeoPk).followers).toHaveLength(86);
    expect(world.account(natgeoPk).following).toHaveLength(193);
    expect(world.mediaList(String(world.userByUsername('natgeoanimals')?.pk), 'posts')).toHaveLength(24);
  });

  it('has comments by world users on most media, newest first, and three pages of them on natgeo\'s first post', () => {
    const commented = world.media.filter((media) => world.comments(media.pk).length > 0);
    expect(commented.length / world.media.length).toBeGreaterThan(0.7);
    for (const media of commented) {
      const comments = world.comments(media.pk);
      expect(new Set(comments.map((comment) => comment.pk)).size).toBe(comments.length);
      const times = comments.map((comment) => comment.created_at);
      expect(times, media.code).toEqual([...times].sort((a, b) => b - a));
      for (const comment of comments) expect(comment.created_at).toBeGreaterThan(media.taken_at_ts);
      expect(comments.length).toBeLessThanOrEqual(Number(media.comment_count));
    }
    const [firstPost] = world.mediaList(natgeoPk, 'posts');
    // Both vendors serve 15 comments a page (test/replay checks the walks).
    expect(world.comments(firstPost?.pk ?? '').length).toBeGreaterThan(30);
  });

  it('has distinct likers, never the owner, and more than one GraphQL page of them on natgeo\'s posts', () => {
    for (const media of world.media) {
      const likers = world.likers(media.pk).map((user) => String(user.pk));
      expect(new Set(likers).size).toBe(likers.length);
      expect(likers).not.toContain(media.user.pk);
      expect(likers.length).toBeLessThanOrEqual(Number(media.like_count));
    }
    for (const media of world.mediaList(natgeoPk, 'posts').slice(0, 10)) expect(world.likers(media.pk).length).toBeGreaterThan(30);
  });

  it('has transcripts for most reels and nothing else', () => {
    const reels = world.media.filter((media) => media.product_type === 'clips');
    expect(reels.filter((media) => world.transcript(media.pk) !== undefined).length / reels.length).toBeGreaterThan(0.7);
    for (const media of world.media.filter((item) => item.product_type !== 'clips')) expect(world.transcript(media.pk)).toBeUndefined();
  });

  it('has location feeds of public media at that location, two of them three pages deep', () => {
    let deep = 0;
    for (const media of world.media) {
      if (!media.location) continue;
      const recent = world.locationFeed(String(media.location.pk), 'recent');
      if (!media.user.is_private) expect(recent).toContain(media);
    }
    const locationPks = new Set(world.media.flatMap((media) => (media.location ? [String(media.location.pk)] : [])));
    for (const pk of locationPks) {
      expect(world.location(pk)?.pk).toBe(Number(pk));
      const recent = world.locationFeed(pk, 'recent');
      const top = world.locationFeed(pk, 'top');
      for (const media of recent) expect([String(media.location?.pk), media.user.is_private]).toEqual([pk, false]);
      expect(recent.map((media) => media.taken_at_ts)).toEqual(recent.map((media) => media.taken_at_ts).sort((a, b) => b - a));
      expect(top.length).toBeGreaterThan(0);
      for (const media of top) expect(recent).toContain(media);
      if (recent.length > 2 * HIKERAPI_MEDIA_PAGE_SIZE) deep += 1;
    }
    expect(deep).toBeGreaterThanOrEqual(2);
  });

  it('has about data for every user, stories for some public users and highlights with items for coralcam', () => {
    for (const user of world.users) expect(world.about(String(user.pk))?.date, user.username).toMatch(/^[A-Z][a-z]+ \d{4}$/);
    const storied = world.users.filter((user) => world.stories(String(user.pk)).length > 0);
    expect(storied.length).toBeGreaterThanOrEqual(3);
    for (const user of privateUsers) expect(world.stories(String(user.pk))).toEqual([]);
    for (const item of storied.flatMap((user) => world.stories(String(user.pk)))) expect(item.expiring_at).toBe(item.taken_at + 86400);
    const coralcamHighlights = world.highlights(String(world.userByUsername('coralcam')?.pk));
    expect(coralcamHighlights.length).toBeGreaterThanOrEqual(5);
    for (const highlight of coralcamHighlights) {
      expect(highlight.items.length).toBeGreaterThan(0);
      for (const item of highlight.items) expect(item.expiring_at).toBeNull();
      expect(world.highlight(highlight.id)?.owner.username).toBe('coralcam');
    }
    expect(privateUsers.some((user) => world.highlights(String(user.pk)).length > 0)).toBe(true);
  });
});
