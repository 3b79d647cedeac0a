// Provider-neutral data model. Every id is a string: Instagram pks exceed 2^53.
// A value we do not know is null, never a made-up 0 or empty string.

export type ProviderName = 'hikerapi' | 'aisa';

export const PROVIDER_NAMES: readonly ProviderName[] = ['hikerapi', 'aisa'];

/** The paged lists of media a user has, and the paged lists of users. One set of names for every layer. */
export const MEDIA_LIST_KINDS = ['posts', 'reels', 'tagged'] as const;
export type MediaListKind = (typeof MEDIA_LIST_KINDS)[number];
export const USER_LIST_KINDS = ['followers', 'following'] as const;
export type UserListKind = (typeof USER_LIST_KINDS)[number];
export const LIST_KINDS = [...MEDIA_LIST_KINDS, ...USER_LIST_KINDS] as const;
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
