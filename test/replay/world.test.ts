import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayServer } from '../../src/replay/types';
import { loadWorld } from '../../src/replay/world';
import { aisa, hiker, startTestServer, type Json } from './helpers';

const world = loadWorld();
let server: ReplayServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

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
      const byId = await hiker(server, '/v1/user/by/id', { id: pk });
      expect(byId.status, `hikerapi user ${pk}`).toBe(200);
      const username = String((byId.body as Json).username);
      const basic = await aisa(server, '/instagram/basic-profile', { userId: pk });
      expect(basic.status, `aisa basic-profile ${pk}`).toBe(200);
      const profile = await aisa(server, '/instagram/profile', { handle: username });
      expect(profile.status, `aisa profile ${username}`).toBe(200);
    }
  });
});
