import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { ListKind, MediaListKind, UserListKind } from '../domain/types';

/**
 * The fixture world: one consistent set of users, media and lists that both fake providers serve.
 * Media and users are stored in HikerAPI's v1 (instagrapi) shape because most vendor examples use it;
 * the AIsa shapes are derived from them (src/replay/aisa.ts), except the AIsa examples kept verbatim.
 */

export interface WorldImageVersion {
  url: string;
  width: number;
  height: number;
  [key: string]: unknown;
}

export interface WorldVideoVersion {
  url: string;
  width: number;
  height: number;
  type: number;
  [key: string]: unknown;
}

/** instagrapi `User` as served by /v1/user/by/*: pk is a number. */
export interface WorldUser {
  pk: number;
  username: string;
  full_name: string;
  is_private: boolean;
  profile_pic_url: string | null;
  profile_pic_url_hd: string | null;
  is_verified: boolean;
  media_count: number;
  follower_count: number;
  following_count: number;
  biography: string;
  external_url: string | null;
  account_type: number | null;
  is_business: boolean;
  category_name: string | null;
  [key: string]: unknown;
}

/** instagrapi `UserShort`: pk is a string. */
export interface WorldUserSummary {
  pk: string;
  id: string;
  username: string;
  full_name: string;
  profile_pic_url: string | null;
  profile_pic_url_hd?: string | null;
  is_private: boolean;
  is_verified: boolean;
}

export interface WorldLocation {
  pk: number;
  name: string;
  address: string;
  city: string;
  lng: number | null;
  lat: number | null;
  external_id: string | null;
  [key: string]: unknown;
}

export interface WorldUsertag {
  user: WorldUserSummary;
  x: number;
  y: number;
}

export interface WorldCoauthor {
  pk: number;
  id: string;
  username: string;
  full_name: string;
  is_private: boolean;
  is_verified: boolean;
  profile_pic_url: string | null;
  [key: string]: unknown;
}

export interface WorldCarouselItem {
  pk: string;
  id: string;
  video_url: string | null;
  thumbnail_url: string;
  media_type: number;
  product_type: string | null;
  image_versions: WorldImageVersion[];
  video_versions: WorldVideoVersion[];
  [key: string]: unknown;
}

/**
 * instagrapi `Media`. In the world file `play_count` holds the real play count (what
 * /v1/user/clips/chunk shows); the feed endpoints serve 0 as the real service does.
 */
export interface WorldMedia {
  pk: string;
  id: string;
  code: string;
  taken_at: string;
  taken_at_ts: number;
  media_type: number;
  product_type: string;
  thumbnail_url: string | null;
  location: WorldLocation | null;
  user: WorldUserSummary;
  comment_count: number;
  like_count: number;
  play_count: number;
  caption_text: string;
  usertags: WorldUsertag[];
  video_url: string | null;
  view_count: number;
  video_duration: number;
  resources: WorldCarouselItem[];
  image_versions: WorldImageVersion[];
  video_versions: WorldVideoVersion[];
  like_and_view_counts_disabled: boolean;
  coauthor_producers: WorldCoauthor[];
  is_paid_partnership: boolean;
  [key: string]: unknown;
}

/** Per-user ordered lists (the paged lists and the pinned media): media by pk, users by pk (all strings). */
export interface AccountLists extends Record<ListKind, string[]> {
  fbid: string;
  /** Pinned media are not a paged list: the grid's first posts, served whole. */
  pinned: string[];
}

/** Vendor examples served verbatim in AIsa's shapes, keyed by shortcode or user pk. */
export interface AisaVerbatim {
  /** Raw mobile-API media items (user/posts, user/reels) by shortcode. */
  rawMedia: Record<string, Record<string, unknown>>;
  /** `xdt_shortcode_media` objects (post) by shortcode. */
  webMedia: Record<string, Record<string, unknown>>;
  /** The `user` object of user/posts, by user pk. */
  postsUser: Record<string, Record<string, unknown>>;
}

/** HikerAPI examples whose copy of a media differs from the world's (CDN hosts only), by user pk. */
export interface HikerapiVerbatim {
  pinned: Record<string, WorldMedia[]>;
}

export interface WorldFile {
  users: WorldUser[];
  media: WorldMedia[];
  locations: WorldLocation[];
  accounts: Record<string, AccountLists>;
  aisaVerbatim: AisaVerbatim;
  hikerapiVerbatim: HikerapiVerbatim;
}

const looseObject = z.looseObject({});
const userShortSchema = z.looseObject({ pk: z.string(), username: z.string() });
const worldFileSchema = z.object({
  users: z.array(
    z.looseObject({
      pk: z.number().int(),
      username: z.string(),
      is_private: z.boolean(),
      follower_count: z.number().int(),
      following_count: z.number().int(),
      media_count: z.number().int(),
    }),
  ),
  media: z.array(
    z.looseObject({
      pk: z.string().regex(/^\d+$/),
      id: z.string(),
      code: z.string(),
      taken_at_ts: z.number().int(),
      media_type: z.union([z.literal(1), z.literal(2), z.literal(8)]),
      user: userShortSchema,
      usertags: z.array(z.looseObject({ user: userShortSchema })),
      resources: z.array(looseObject),
      coauthor_producers: z.array(z.looseObject({ pk: z.number().int() })),
    }),
  ),
  locations: z.array(z.looseObject({ pk: z.number().int(), name: z.string() })),
  accounts: z.record(
    z.string(),
    z.object({
      fbid: z.string(),
      posts: z.array(z.string()),
      reels: z.array(z.string()),
      tagged: z.array(z.string()),
      pinned: z.array(z.string()),
      followers: z.array(z.string()),
      following: z.array(z.string()),
    }),
  ),
  aisaVerbatim: z.object({
    rawMedia: z.record(z.string(), looseObject),
    webMedia: z.record(z.string(), looseObject),
    postsUser: z.record(z.string(), looseObject),
  }),
  hikerapiVerbatim: z.object({ pinned: z.record(z.string(), z.array(looseObject)) }),
});

export interface World {
  readonly users: readonly WorldUser[];
  readonly media: readonly WorldMedia[];
  userByPk(pk: string): WorldUser | undefined;
  userByUsername(username: string): WorldUser | undefined;
  mediaByPk(pk: string): WorldMedia | undefined;
  mediaByCode(code: string): WorldMedia | undefined;
  location(pk: string): WorldLocation | undefined;
  /** The lists of a user (every user has them, possibly empty). */
  account(pk: string): AccountLists;
  /** A user's media list in upstream order. */
  mediaList(pk: string, kind: MediaListKind): WorldMedia[];
  /** A user's pinned media, in pin order. */
  pinnedMedia(pk: string): WorldMedia[];
  /** A user's followers or following in upstream order. */
  userList(pk: string, kind: UserListKind): WorldUser[];
  readonly aisaVerbatim: AisaVerbatim;
  readonly hikerapiVerbatim: HikerapiVerbatim;
}

export const DEFAULT_WORLD_PATH = new URL('../../fixtures/world/world.json', import.meta.url);

const EMPTY_LISTS: AccountLists = {
  fbid: '',
  posts: [],
  reels: [],
  tagged: [],
  pinned: [],
  followers: [],
  following: [],
};

export function buildWorld(file: WorldFile): World {
  const usersByPk = new Map(file.users.map((user) => [String(user.pk), user]));
  const usersByName = new Map(file.users.map((user) => [user.username.toLowerCase(), user]));
  const mediaByPk = new Map(file.media.map((media) => [media.pk, media]));
  const mediaByCode = new Map(file.media.map((media) => [media.code, media]));
  const locations = new Map(file.locations.map((location) => [String(location.pk), location]));

  const account = (pk: string): AccountLists => file.accounts[pk] ?? EMPTY_LISTS;
  const resolve = <T>(ids: string[], index: Map<string, T>, what: string): T[] =>
    ids.map((id) => {
      const found = index.get(id);
      if (!found) throw new Error(`fixture world: list refers to unknown ${what} ${id}`);
      return found;
    });

  return {
    users: file.users,
    media: file.media,
    userByPk: (pk) => usersByPk.get(pk),
    userByUsername: (username) => usersByName.get(username.toLowerCase()),
    mediaByPk: (pk) => mediaByPk.get(pk),
    mediaByCode: (code) => mediaByCode.get(code),
    location: (pk) => locations.get(pk),
    account,
    mediaList: (pk, kind) => resolve(account(pk)[kind], mediaByPk, 'media'),
    pinnedMedia: (pk) => resolve(account(pk).pinned, mediaByPk, 'media'),
    userList: (pk, kind) => resolve(account(pk)[kind], usersByPk, 'user'),
    aisaVerbatim: file.aisaVerbatim,
    hikerapiVerbatim: file.hikerapiVerbatim,
  };
}

const cache = new Map<string, World>();

/** Loads (once per path) and checks the committed fixture world. */
export function loadWorld(path: URL | string = DEFAULT_WORLD_PATH): World {
  const key = String(path);
  const cached = cache.get(key);
  if (cached) return cached;
  const raw: unknown = JSON.parse(readFileSync(path, 'utf8'));
  const checked = worldFileSchema.safeParse(raw);
  if (!checked.success) {
    throw new Error(`fixture world ${key} is malformed: ${z.prettifyError(checked.error)}`);
  }
  // The schema checks the fields the server relies on. The unparsed objects are served, since
  // parsing would reorder keys and the vendor examples must go out byte for byte.
  const world = buildWorld(raw as WorldFile);
  cache.set(key, world);
  return world;
}
