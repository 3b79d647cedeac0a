import { loadWorld, type WorldMedia, type WorldUser } from '../../src/replay/world';

/** The fixture world the replay upstream serves: what every answer is checked against. */
export const world = loadWorld();

/** The upstream paths the tests inject faults into and count calls on. */
export const PATH = {
  hikerapi: {
    profile: '/v1/user/by/username',
    profileById: '/v1/user/by/id',
    posts: '/v1/user/medias/chunk',
    reels: '/v1/user/clips/chunk',
    followers: '/v1/user/followers/chunk',
  },
  aisa: {
    profile: '/instagram/profile',
    posts: '/instagram/user/posts',
    reels: '/instagram/user/reels',
  },
} as const;

export function worldUser(username: string): WorldUser {
  const user = world.userByUsername(username);
  if (!user) throw new Error(`fixture world has no @${username}`);
  return user;
}

export function worldMedia(code: string): WorldMedia {
  const media = world.mediaByCode(code);
  if (!media) throw new Error(`fixture world has no media ${code}`);
  return media;
}

export const pkOf = (username: string): string => String(worldUser(username).pk);

/** The codes of a user's first `count` posts or reels, in upstream order. */
export function codesOf(username: string, kind: 'posts' | 'reels', count: number): string[] {
  return world
    .mediaList(pkOf(username), kind)
    .slice(0, count)
    .map((media) => media.code);
}

const MEDIA_TYPE = { 1: 'PHOTO', 2: 'VIDEO', 8: 'CAROUSEL' } as const;

function mediaType(wire: { media_type: number }): 'PHOTO' | 'VIDEO' | 'CAROUSEL' {
  const type = MEDIA_TYPE[wire.media_type as 1 | 2 | 8];
  if (!type) throw new Error(`unknown media_type ${wire.media_type}`);
  return type;
}

/** What the API must answer for a media of the world, in the fields every provider serves alike. */
export function expectedMedia(wire: WorldMedia) {
  const hidden = wire.like_and_view_counts_disabled;
  return {
    pk: wire.pk,
    code: wire.code,
    mediaType: mediaType(wire),
    productType: wire.product_type,
    takenAt: new Date(wire.taken_at_ts * 1000).toISOString(),
    caption: wire.caption_text,
    likeCount: hidden ? null : wire.like_count,
    commentCount: wire.comment_count,
  };
}
