import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import type { MediaListKind, UserListKind } from '../domain/types';

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
export interface AccountLists extends Record<MediaListKind | UserListKind, string[]> {
  fbid: string;
  /** Pinned media are not a paged list: the grid's first posts, served whole. */
  pinned: string[];
}

/** A top-level comment on a media (replies are out of scope; `child_comment_count` says how many). */
export interface WorldComment {
  pk: string;
  user_pk: string;
  text: string;
  /** Epoch seconds. */
  created_at: number;
  like_count: number;
  child_comment_count: number;
}

/** The "About this account" panel, in HikerAPI's `About` field names; `country` is "" where none is shown. */
export interface WorldAbout {
  /** Month and year the account joined, e.g. "March 2012". */
  date: string;
  country: string;
  /** How many former usernames the panel counts, as a string ("0", "2"). */
  former_usernames: string;
}

/** One story frame: a live story (with `expiring_at`) or a highlight item (without). */
export interface WorldStoryItem {
  pk: string;
  code: string;
  media_type: 1 | 2;
  /** Epoch seconds. */
  taken_at: number;
  expiring_at: number | null;
  image_url: string;
  width: number;
  height: number;
  video_url: string | null;
  video_duration: number | null;
}

export interface WorldHighlight {
  /** The bare numeric id (the wire's reel id is `highlight:<id>`). */
  id: string;
  title: string;
  created_at: number;
  cover_url: string;
  items: WorldStoryItem[];
}

/** A location's two feeds, media pks in upstream order. */
export interface LocationFeeds {
  recent: string[];
  top: string[];
}
export type LocationFeedKind = keyof LocationFeeds;

/** Vendor examples served verbatim in AIsa's shapes, keyed by shortcode, user pk or highlight id. */
export interface AisaVerbatim {
  /** Raw mobile-API media items (user/posts, user/reels) by shortcode. */
  rawMedia: Record<string, Record<string, unknown>>;
  /** `xdt_shortcode_media` objects (post) by shortcode. */
  webMedia: Record<string, Record<string, unknown>>;
  /** The `user` object of user/posts, by user pk. */
  postsUser: Record<string, Record<string, unknown>>;
  /** The first page of post/comments, by shortcode; its `cursor` leads on from its comments in the world's list. */
  commentPages: Record<string, { comments: unknown[]; cursor: string; [key: string]: unknown }>;
  /** user/highlights bodies, by user pk. */
  highlights: Record<string, Record<string, unknown>>;
  /** user/highlight/detail bodies, by bare highlight id. */
  highlightDetails: Record<string, Record<string, unknown>>;
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
  /** By media pk, in upstream order (newest first). */
  comments: Record<string, WorldComment[]>;
  /** User pks by media pk: the whole list one likers call returns. */
  likers: Record<string, string[]>;
  /** Spoken text by media pk; reels only, and not every reel has speech. */
  transcripts: Record<string, string>;
  /** By location pk. */
  locationFeeds: Record<string, LocationFeeds>;
  /** By user pk; every user has one. */
  about: Record<string, WorldAbout>;
  /** Live stories by user pk, oldest first. */
  stories: Record<string, WorldStoryItem[]>;
  /** Highlights by user pk, in tray order. */
  highlights: Record<string, WorldHighlight[]>;
  aisaVerbatim: AisaVerbatim;
  hikerapiVerbatim: HikerapiVerbatim;
}

const looseObject = z.looseObject({});
const pkSchema = z.string().regex(/^\d+$/);
const storyItemSchema = z.object({
  pk: pkSchema,
  code: z.string(),
  media_type: z.union([z.literal(1), z.literal(2)]),
  taken_at: z.number().int(),
  expiring_at: z.number().int().nullable(),
  image_url: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  video_url: z.string().nullable(),
  video_duration: z.number().nullable(),
});
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
  comments: z.record(
    z.string(),
    z.array(
      z.object({
        pk: pkSchema,
        user_pk: pkSchema,
        text: z.string(),
        created_at: z.number().int(),
        like_count: z.number().int(),
        child_comment_count: z.number().int(),
      }),
    ),
  ),
  likers: z.record(z.string(), z.array(pkSchema)),
  transcripts: z.record(z.string(), z.string()),
  locationFeeds: z.record(z.string(), z.object({ recent: z.array(pkSchema), top: z.array(pkSchema) })),
  about: z.record(z.string(), z.object({ date: z.string(), country: z.string(), former_usernames: z.string() })),
  stories: z.record(z.string(), z.array(storyItemSchema)),
  highlights: z.record(
    z.string(),
    z.array(
      z.object({
        id: pkSchema,
        title: z.string(),
        created_at: z.number().int(),
        cover_url: z.string(),
        items: z.array(storyItemSchema),
      }),
    ),
  ),
  aisaVerbatim: z.object({
    rawMedia: z.record(z.string(), looseObject),
    webMedia: z.record(z.string(), looseObject),
    postsUser: z.record(z.string(), looseObject),
    commentPages: z.record(z.string(), z.looseObject({ comments: z.array(looseObject), cursor: z.string() })),
    highlights: z.record(z.string(), looseObject),
    highlightDetails: z.record(z.string(), looseObject),
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
  /** A media's comments in upstream order, each with its author. */
  comments(mediaPk: string): AuthoredComment[];
  /** The users who liked a media, in upstream order. */
  likers(mediaPk: string): WorldUser[];
  /** What is said in a reel, if anything. */
  transcript(mediaPk: string): string | undefined;
  /** A location's recent or top media in upstream order. */
  locationFeed(locationPk: string, kind: LocationFeedKind): WorldMedia[];
  about(userPk: string): WorldAbout | undefined;
  /** A user's live stories, oldest first. */
  stories(userPk: string): WorldStoryItem[];
  highlights(userPk: string): WorldHighlight[];
  /** A highlight by its bare id, with its owner. */
  highlight(id: string): { owner: WorldUser; highlight: WorldHighlight } | undefined;
  readonly aisaVerbatim: AisaVerbatim;
  readonly hikerapiVerbatim: HikerapiVerbatim;
}

export interface AuthoredComment extends WorldComment {
  user: WorldUser;
}

/**
 * fixtures/ sits at the package root: two levels above this file in src/replay/, one above the
 * dist/ bundle this file is compiled into. The nearest folder holding package.json is the root.
 */
function defaultWorldPath(): URL {
  for (let folder = new URL('./', import.meta.url); ; folder = new URL('../', folder)) {
    if (existsSync(new URL('package.json', folder))) return new URL('fixtures/world/world.json', folder);
    if (folder.pathname === '/') throw new Error(`fixture world: no package.json above ${import.meta.url}`);
  }
}

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

  const highlights = new Map(
    Object.entries(file.highlights).flatMap(([ownerPk, owned]) =>
      owned.map((highlight) => [highlight.id, { ownerPk, highlight }] as const),
    ),
  );

  const account = (pk: string): AccountLists => file.accounts[pk] ?? EMPTY_LISTS;
  const found = <T>(index: Map<string, T>, id: string, what: string): T => {
    const entry = index.get(id);
    if (!entry) throw new Error(`fixture world: refers to unknown ${what} ${id}`);
    return entry;
  };
  const resolve = <T>(ids: string[], index: Map<string, T>, what: string): T[] => ids.map((id) => found(index, id, what));

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
    comments: (mediaPk) =>
      (file.comments[mediaPk] ?? []).map((comment) => ({ ...comment, user: found(usersByPk, comment.user_pk, 'user') })),
    likers: (mediaPk) => resolve(file.likers[mediaPk] ?? [], usersByPk, 'user'),
    transcript: (mediaPk) => file.transcripts[mediaPk],
    locationFeed: (locationPk, kind) => resolve(file.locationFeeds[locationPk]?.[kind] ?? [], mediaByPk, 'media'),
    about: (userPk) => file.about[userPk],
    stories: (userPk) => file.stories[userPk] ?? [],
    highlights: (userPk) => file.highlights[userPk] ?? [],
    highlight: (id) => {
      const entry = highlights.get(id);
      return entry && { owner: found(usersByPk, entry.ownerPk, 'user'), highlight: entry.highlight };
    },
    aisaVerbatim: file.aisaVerbatim,
    hikerapiVerbatim: file.hikerapiVerbatim,
  };
}

const cache = new Map<string, World>();

/** Loads (once per path) and checks the committed fixture world. */
export function loadWorld(path: URL | string = defaultWorldPath()): World {
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
