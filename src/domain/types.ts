// Provider-neutral data model. Every id is a string: Instagram pks exceed 2^53.
// A value we do not know is null, never a made-up 0 or empty string.

export type ProviderName = 'hikerapi' | 'aisa';

export const PROVIDER_NAMES: readonly ProviderName[] = ['hikerapi', 'aisa'];

/** The paged lists of media a user has, and the paged lists of users. One set of names for every layer. */
export const MEDIA_LIST_KINDS = ['posts', 'reels', 'tagged'] as const;
export type MediaListKind = (typeof MEDIA_LIST_KINDS)[number];
export const USER_LIST_KINDS = ['followers', 'following'] as const;
export type UserListKind = (typeof USER_LIST_KINDS)[number];
/** A place's media feeds. */
export const LOCATION_FEED_KINDS = ['locationRecent', 'locationTop'] as const;
export type LocationFeedKind = (typeof LOCATION_FEED_KINDS)[number];
/** A media's comments and likers. */
export const ENGAGEMENT_LIST_KINDS = ['comments', 'likers'] as const;
export type EngagementListKind = (typeof ENGAGEMENT_LIST_KINDS)[number];
export const LIST_KINDS = [...MEDIA_LIST_KINDS, ...USER_LIST_KINDS, ...LOCATION_FEED_KINDS, ...ENGAGEMENT_LIST_KINDS] as const;
export type ListKind = (typeof LIST_KINDS)[number];

/** What lists and embedded owners carry: enough to render a user without a profile lookup. */
export interface UserSummary {
  pk: string;
  username: string;
  fullName: string | null;
  isPrivate: boolean | null;
  isVerified: boolean | null;
  profilePicUrl: string | null;
}

/** A full profile. */
export interface User extends UserSummary {
  biography: string | null;
  isBusiness: boolean | null;
  category: string | null;
  externalUrl: string | null;
  followerCount: number | null;
  followingCount: number | null;
  mediaCount: number | null;
}

export type MediaType = 'PHOTO' | 'VIDEO' | 'CAROUSEL';

export interface CarouselItem {
  pk: string;
  mediaType: MediaType;
  imageUrl: string | null;
  videoUrl: string | null;
  width: number | null;
  height: number | null;
}

export interface Location {
  pk: string;
  name: string;
  address: string | null;
  city: string | null;
  lat: number | null;
  lng: number | null;
}

export interface Usertag {
  user: UserSummary;
  x: number;
  y: number;
}

export interface Media {
  pk: string;
  code: string;
  mediaType: MediaType;
  /** Instagram's product type: feed, clips (a reel), igtv, carousel_container, ... */
  productType: string | null;
  /** ISO 8601, UTC. */
  takenAt: string | null;
  caption: string | null;
  likeCount: number | null;
  commentCount: number | null;
  playCount: number | null;
  videoDuration: number | null;
  thumbnailUrl: string | null;
  videoUrl: string | null;
  width: number | null;
  height: number | null;
  owner: UserSummary;
  location: Location | null;
  usertags: Usertag[];
  coauthors: UserSummary[];
  carouselItems: CarouselItem[];
  isPaidPartnership: boolean | null;
}

/** A top-level comment, in the order the upstream lists them (replies are out of scope). */
export interface Comment {
  pk: string;
  /** The media it is on: a comment is found again through its media's comments. */
  mediaPk: string;
  text: string;
  /** ISO 8601, UTC. */
  createdAt: string | null;
  likeCount: number | null;
  /** The author, as the comment embeds it. */
  user: UserSummary;
}

/** The "About this account" panel. */
export interface UserAbout {
  /** As Instagram states it, e.g. "March 2012". */
  dateJoined: string | null;
  /** The country the account is based in; "" when the panel shows none. */
  country: string | null;
  formerUsernameCount: number | null;
}

/** One frame of a live story or of a highlight. */
export interface StoryItem {
  pk: string;
  mediaType: MediaType;
  /** ISO 8601, UTC. */
  takenAt: string | null;
  /** When a live story disappears; null for highlight items. */
  expiresAt: string | null;
  imageUrl: string | null;
  videoUrl: string | null;
  videoDuration: number | null;
}

/** A story highlight album. */
export interface Highlight {
  /** The bare numeric id (Instagram's reel id is `highlight:<id>`). */
  id: string;
  ownerPk: string;
  title: string | null;
  coverUrl: string | null;
  /** Its items when the answer carried them (HikerAPI's tray does); null when they take another call (AIsa). */
  items: StoryItem[] | null;
}

/**
 * The most highlights served for one user (HikerAPI's default tray size): every provider's list is
 * cut to it, so that the cost of their items has a bound the estimate can plan with.
 */
export const MAX_HIGHLIGHTS = 20;

/** How a provider addresses a media: HikerAPI by pk, AIsa by its URL (the shortcode). */
export interface MediaRef {
  pk: string;
  code: string;
}

/** One upstream page: its items and the upstream cursor of the next page (null at the end). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** How a provider addresses a user: AIsa's posts need the handle, everything else the pk. */
export interface UserRef {
  pk: string;
  username: string;
}

export function mediaPermalink(media: Pick<Media, 'code' | 'productType'>): string {
  const section = media.productType === 'clips' ? 'reel' : 'p';
  return `https://www.instagram.com/${section}/${media.code}/`;
}

export function epochSecondsToIso(seconds: number | null | undefined): string | null {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return null;
  return new Date(seconds * 1000).toISOString();
}
