import {
  epochSecondsToIso,
  type CarouselItem,
  type Comment,
  type Highlight,
  type Location,
  type Media,
  type MediaType,
  type Page,
  type StoryItem,
  type User,
  type UserAbout,
  type UserSummary,
  type Usertag,
} from '../../domain/types';
import { normalizeHighlightReel, normalizeStoryItem, type InstagramHighlightReel } from '../instagram';
import type {
  HikerAbout,
  HikerComment,
  HikerImageVersion,
  HikerLocation,
  HikerMedia,
  HikerResource,
  HikerStories,
  HikerUser,
  HikerUserShort,
  HikerUsertag,
} from './schemas';
import {
  countOrNull,
  firstStatedText,
  firstText,
  isoDateOrNull,
  numberOrNull,
  positiveOrNull,
  statedText,
  textOrNull,
} from '../values';

const MEDIA_TYPES: Record<1 | 2 | 8, MediaType> = { 1: 'PHOTO', 2: 'VIDEO', 8: 'CAROUSEL' };

export function normalizeHikerUserSummary(user: HikerUserShort): UserSummary {
  return {
    pk: user.pk,
    username: user.username,
    fullName: statedText(user.full_name),
    isPrivate: user.is_private ?? null,
    isVerified: user.is_verified ?? null,
    profilePicUrl: textOrNull(user.profile_pic_url),
  };
}

export function normalizeHikerUser(user: HikerUser): User {
  return {
    ...normalizeHikerUserSummary(user),
    biography: statedText(user.biography),
    isBusiness: user.is_business ?? null,
    category: firstStatedText(user.category_name, user.business_category_name, user.category),
    externalUrl: statedText(user.external_url),
    followerCount: numberOrNull(user.follower_count),
    followingCount: numberOrNull(user.following_count),
    mediaCount: numberOrNull(user.media_count),
  };
}

/**
 * A location without a pk (the spec allows it) falls back to its Facebook place id, then to
 * `fallbackPk` (the pk it was fetched by); with none of them it cannot be addressed and is null.
 */
export function normalizeHikerLocation(location: HikerLocation, fallbackPk: string): Location;
export function normalizeHikerLocation(location: HikerLocation): Location | null;
export function normalizeHikerLocation(location: HikerLocation, fallbackPk?: string): Location | null {
  const pk = location.pk ?? textOrNull(location.external_id?.toString()) ?? fallbackPk ?? null;
  if (pk === null) return null;
  return {
    pk,
    name: location.name,
    address: statedText(location.address),
    city: statedText(location.city),
    lat: numberOrNull(location.lat),
    lng: numberOrNull(location.lng),
  };
}

export function normalizeHikerUsertag(usertag: HikerUsertag): Usertag {
  return { user: normalizeHikerUserSummary(usertag.user), x: usertag.x, y: usertag.y };
}

function firstImage(versions: HikerImageVersion[] | null | undefined): HikerImageVersion | null {
  return versions?.[0] ?? null;
}

export function normalizeHikerCarouselItem(resource: HikerResource): CarouselItem {
  const image = firstImage(resource.image_versions);
  return {
    pk: resource.pk,
    mediaType: MEDIA_TYPES[resource.media_type],
    imageUrl: textOrNull(image?.url) ?? textOrNull(resource.thumbnail_url),
    videoUrl: textOrNull(resource.video_url),
    width: numberOrNull(image?.width),
    height: numberOrNull(image?.height),
  };
}

function takenAtIso(media: HikerMedia): string | null {
  const fromEpoch = epochSecondsToIso(media.taken_at_ts ?? (typeof media.taken_at === 'number' ? media.taken_at : null));
  if (fromEpoch !== null || typeof media.taken_at !== 'string') return fromEpoch;
  return isoDateOrNull(media.taken_at);
}

export function normalizeHikerMedia(media: HikerMedia): Media {
  const mediaType = MEDIA_TYPES[media.media_type];
  const countsHidden = media.like_and_view_counts_disabled === true;
  const resources = media.resources ?? [];
  const firstChild = resources[0];
  // A carousel's cover often sits on its first child only.
  const image = firstImage(media.image_versions) ?? firstImage(firstChild?.image_versions);
  const isVideo = mediaType === 'VIDEO';
  return {
    pk: media.pk,
    code: media.code,
    mediaType,
    productType: textOrNull(media.product_type),
    takenAt: takenAtIso(media),
    caption: statedText(media.caption_text),
    likeCount: countsHidden ? null : numberOrNull(media.like_count),
    commentCount: numberOrNull(media.comment_count),
    playCount: isVideo && !countsHidden ? (positiveOrNull(media.play_count) ?? positiveOrNull(media.view_count)) : null,
    videoDuration: isVideo ? positiveOrNull(media.video_duration) : null,
    thumbnailUrl: firstText(media.thumbnail_url, firstChild?.thumbnail_url, image?.url),
    videoUrl: textOrNull(media.video_url),
    width: numberOrNull(image?.width),
    height: numberOrNull(image?.height),
    owner: normalizeHikerUserSummary(media.user),
    location: media.location ? normalizeHikerLocation(media.location) : null,
    usertags: (media.usertags ?? []).map(normalizeHikerUsertag),
    coauthors: (media.coauthor_producers ?? []).map(normalizeHikerUserSummary),
    carouselItems: resources.map(normalizeHikerCarouselItem),
    isPaidPartnership: media.is_paid_partnership ?? null,
  };
}

/** A chunk's cursor: null or "" both mean there is no next page. */
export function normalizeHikerChunk<W, T>(chunk: [W[], string | null], normalize: (item: W) => T): Page<T> {
  const [items, cursor] = chunk;
  return { items: items.map((item) => normalize(item)), nextCursor: textOrNull(cursor) };
}

/** A comment of the media `mediaPk` (comments do not name their media). */
export function normalizeHikerComment(comment: HikerComment, mediaPk: string): Comment {
  return {
    pk: comment.pk,
    mediaPk,
    text: comment.text,
    createdAt: isoDateOrNull(comment.created_at_utc),
    likeCount: numberOrNull(comment.like_count),
    user: normalizeHikerUserSummary(comment.user),
  };
}

export function normalizeHikerAbout(about: HikerAbout): UserAbout {
  return {
    dateJoined: statedText(about.date),
    country: statedText(about.country),
    formerUsernameCount: countOrNull(about.former_usernames),
  };
}

/** No reel means no live stories; a reel without its items listed says nothing about them. */
export function normalizeHikerStories(body: HikerStories): StoryItem[] | null {
  if (body.reel === null) return [];
  return body.reel.items?.map(normalizeStoryItem) ?? null;
}

export function normalizeHikerHighlights(tray: InstagramHighlightReel[], ownerPk: string): Highlight[] {
  return tray.map((reel) => normalizeHighlightReel(reel, ownerPk));
}
