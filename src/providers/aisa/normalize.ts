import {
  epochSecondsToIso,
  type CarouselItem,
  type Comment,
  type Highlight,
  type Location,
  type Media,
  type MediaType,
  type Page,
  type User,
  type UserRef,
  type UserSummary,
  type Usertag,
} from '../../domain/types';
import type {
  AisaBasicProfile,
  AisaComment,
  AisaHighlights,
  AisaPostComments,
  AisaTranscript,
  AisaCarouselChild,
  AisaMediaItem,
  AisaMobileUser,
  AisaUserPosts,
  AisaUserReels,
  AisaWebChild,
  AisaWebMedia,
  AisaWebOwner,
  AisaWebUser,
} from './schemas';
import { firstText, isoDateOrNull, numberOrNull, positiveOrNull, statedText, textOrNull } from '../values';

type Candidate = { url: string; width?: number | null; height?: number | null };

/** Mobile ids are "<mediaPk>_<userPk>"; `pk`, when sent, is authoritative. */
export function mediaPkFromId(id: string, pk?: string): string {
  return pk ?? id.split('_', 1)[0] ?? id;
}

// ---- users ----

export function normalizeMobileUser(user: AisaMobileUser): UserSummary {
  return {
    pk: user.pk,
    username: user.username,
    fullName: statedText(user.full_name),
    isPrivate: user.is_private ?? null,
    isVerified: user.is_verified ?? null,
    profilePicUrl: textOrNull(user.profile_pic_url),
  };
}

export function normalizeWebOwner(owner: AisaWebOwner): UserSummary {
  return {
    pk: owner.id,
    username: owner.username,
    fullName: statedText(owner.full_name),
    isPrivate: owner.is_private ?? null,
    isVerified: owner.is_verified ?? null,
    profilePicUrl: textOrNull(owner.profile_pic_url),
  };
}

/** `/instagram/profile` → User. */
export function normalizeWebUser(user: AisaWebUser): User {
  return {
    pk: user.id,
    username: user.username,
    fullName: statedText(user.full_name),
    isPrivate: user.is_private ?? null,
    isVerified: user.is_verified ?? null,
    // The same size UserSummary carries everywhere else; HD only when that is missing.
    profilePicUrl: textOrNull(user.profile_pic_url) ?? textOrNull(user.profile_pic_url_hd),
    biography: statedText(user.biography),
    isBusiness: user.is_business_account ?? null,
    category: statedText(user.category_name),
    externalUrl: statedText(user.external_url),
    followerCount: numberOrNull(user.edge_followed_by?.count),
    followingCount: numberOrNull(user.edge_follow?.count),
    mediaCount: numberOrNull(user.edge_owner_to_timeline_media?.count),
  };
}

/** `/instagram/basic-profile` → User. */
export function normalizeBasicProfile(profile: AisaBasicProfile): User {
  return {
    pk: profile.pk,
    username: profile.username,
    fullName: statedText(profile.full_name),
    isPrivate: profile.is_private ?? null,
    isVerified: profile.is_verified ?? null,
    profilePicUrl: textOrNull(profile.profile_pic_url) ?? textOrNull(profile.hd_profile_pic_url_info?.url),
    biography: statedText(profile.biography),
    isBusiness: profile.is_business ?? null,
    category: statedText(profile.category),
    externalUrl: statedText(profile.external_url),
    followerCount: numberOrNull(profile.follower_count),
    followingCount: numberOrNull(profile.following_count),
    mediaCount: numberOrNull(profile.media_count),
  };
}

function userRefSummary(user: UserRef): UserSummary {
  return { pk: user.pk, username: user.username, fullName: null, isPrivate: null, isVerified: null, profilePicUrl: null };
}

// ---- mobile media (user/posts, user/reels) ----

/** `media_type` when sent; otherwise what the item carries tells (the reels example has no media_type). */
function mobileMediaType(
  mediaType: number | null | undefined,
  hasChildren: boolean,
  hasVideo: boolean,
  fallback: MediaType,
): MediaType {
  if (mediaType === 1) return 'PHOTO';
  if (mediaType === 2) return 'VIDEO';
  if (mediaType === 8) return 'CAROUSEL';
  if (hasChildren) return 'CAROUSEL';
  if (hasVideo) return 'VIDEO';
  return fallback;
}

function largest(candidates: readonly Candidate[] | null | undefined): Candidate | null {
  return candidates?.[0] ?? null;
}

function normalizeCarouselChild(child: AisaCarouselChild): CarouselItem {
  const image = largest(child.image_versions2?.candidates);
  const video = largest(child.video_versions);
  return {
    pk: mediaPkFromId(child.id, child.pk),
    mediaType: mobileMediaType(child.media_type, false, video !== null, 'PHOTO'),
    imageUrl: image?.url ?? null,
    videoUrl: video?.url ?? null,
    width: numberOrNull(image?.width) ?? numberOrNull(child.original_width),
    height: numberOrNull(image?.height) ?? numberOrNull(child.original_height),
  };
}

function normalizeMobileLocation(location: NonNullable<AisaMediaItem['location']>): Location {
  return {
    pk: location.pk,
    name: location.name,
    address: statedText(location.address),
    city: statedText(location.city),
    lat: numberOrNull(location.lat),
    lng: numberOrNull(location.lng),
  };
}

export interface MobileMediaContext {
  /** The owner when the item names none (reel items may omit it). */
  fallbackOwner: UserRef;
  /** The media type when the item has no `media_type` and nothing else tells (reels omit it). */
  fallbackMediaType: MediaType;
  /** The product type when the item has none: everything from user/reels is a clip. */
  fallbackProductType: string | null;
}

/** One raw Instagram mobile-API media item → Media. */
export function normalizeMobileMedia(item: AisaMediaItem, context: MobileMediaContext): Media {
  const carouselItems = (item.carousel_media ?? []).map(normalizeCarouselChild);
  const video = largest(item.video_versions);
  const isClip = textOrNull(item.product_type) === 'clips' || /instagram\.com\/reels?\//.test(item.url ?? '');
  // Only videos have durations and play counts.
  const looksLikeVideo =
    video !== null || isClip || item.video_duration != null || item.play_count != null || item.ig_play_count != null;
  const mediaType = mobileMediaType(item.media_type, carouselItems.length > 0, looksLikeVideo, context.fallbackMediaType);
  const cover = largest(item.image_versions2?.candidates);
  const firstChild = carouselItems[0] ?? null;
  const owner = item.user ?? item.owner;
  const countsHidden = item.like_and_view_counts_disabled === true;
  return {
    pk: mediaPkFromId(item.id, item.pk),
    code: item.code,
    mediaType,
    productType: textOrNull(item.product_type) ?? (isClip ? 'clips' : context.fallbackProductType),
    takenAt: epochSecondsToIso(item.taken_at),
    caption: statedText(item.caption?.text),
    likeCount: countsHidden ? null : numberOrNull(item.like_count),
    commentCount: numberOrNull(item.comment_count),
    playCount:
      mediaType === 'VIDEO' && !countsHidden ? (positiveOrNull(item.play_count) ?? positiveOrNull(item.ig_play_count)) : null,
    videoDuration: mediaType === 'VIDEO' ? positiveOrNull(item.video_duration) : null,
    thumbnailUrl: cover?.url ?? firstChild?.imageUrl ?? null,
    videoUrl: video?.url ?? null,
    width: numberOrNull(cover?.width) ?? numberOrNull(item.original_width) ?? firstChild?.width ?? null,
    height: numberOrNull(cover?.height) ?? numberOrNull(item.original_height) ?? firstChild?.height ?? null,
    owner: owner ? normalizeMobileUser(owner) : userRefSummary(context.fallbackOwner),
    location: item.location ? normalizeMobileLocation(item.location) : null,
    usertags: (item.usertags?.in ?? []).map(
      (tag): Usertag => ({ user: normalizeMobileUser(tag.user), x: tag.position[0], y: tag.position[1] }),
    ),
    coauthors: (item.coauthor_producers ?? []).map(normalizeMobileUser),
    carouselItems,
    isPaidPartnership: item.is_paid_partnership ?? null,
  };
}

/** `/instagram/user/posts`: the cursor counts only while `more_available` is true. */
export function normalizeUserPosts(body: AisaUserPosts, user: UserRef): Page<Media> {
  return {
    items: body.items.map((item) =>
      normalizeMobileMedia(item, { fallbackOwner: user, fallbackMediaType: 'PHOTO', fallbackProductType: null }),
    ),
    nextCursor: body.more_available === true ? body.next_max_id : null,
  };
}

/** The next reels cursor from either documented shape; null once the upstream says there is no more. */
export function reelsNextCursor(body: AisaUserReels): string | null {
  if (body.paging_info?.more_available === false || body.more_available === false) return null;
  return body.paging_info?.max_id ?? body.max_id;
}

/** `/instagram/user/reels`, either shape. */
export function normalizeUserReels(body: AisaUserReels, user: UserRef): Page<Media> {
  return {
    items: body.items.map((item) =>
      normalizeMobileMedia(item, { fallbackOwner: user, fallbackMediaType: 'VIDEO', fallbackProductType: 'clips' }),
    ),
    nextCursor: reelsNextCursor(body),
  };
}

// ---- web media (post) ----

function webMediaType(typename: string | null | undefined, isVideo: boolean | null | undefined): MediaType {
  if (typename?.endsWith('GraphSidecar')) return 'CAROUSEL';
  if (typename?.endsWith('GraphVideo') || isVideo === true) return 'VIDEO';
  return 'PHOTO';
}

function normalizeWebChild(child: AisaWebChild): CarouselItem {
  return {
    pk: child.id,
    mediaType: webMediaType(child.__typename, child.is_video),
    imageUrl: textOrNull(child.display_url),
    videoUrl: textOrNull(child.video_url),
    width: numberOrNull(child.dimensions?.width),
    height: numberOrNull(child.dimensions?.height),
  };
}

/** Web locations put street and city in `address_json`, a JSON string. */
function parseAddressJson(addressJson: string | null | undefined): { address: string | null; city: string | null } {
  if (!addressJson) return { address: null, city: null };
  try {
    const parsed: unknown = JSON.parse(addressJson);
    if (typeof parsed !== 'object' || parsed === null) return { address: null, city: null };
    const fields = parsed as Record<string, unknown>;
    const pick = (key: string) => (typeof fields[key] === 'string' ? textOrNull(fields[key]) : null);
    return { address: pick('street_address'), city: pick('city_name') };
  } catch {
    return { address: null, city: null };
  }
}

function normalizeWebLocation(location: NonNullable<AisaWebMedia['location']>): Location {
  return {
    pk: location.id,
    name: location.name,
    ...parseAddressJson(location.address_json),
    lat: numberOrNull(location.lat),
    lng: numberOrNull(location.lng),
  };
}

/** `/instagram/post`'s `xdt_shortcode_media` → Media. */
export function normalizeWebMedia(media: AisaWebMedia): Media {
  const mediaType = webMediaType(media.__typename, media.is_video);
  const carouselItems = (media.edge_sidecar_to_children?.edges ?? []).map((edge) => normalizeWebChild(edge.node));
  const countsHidden = media.like_and_view_counts_disabled === true;
  return {
    pk: media.id,
    code: media.shortcode,
    mediaType,
    productType: textOrNull(media.product_type),
    takenAt: epochSecondsToIso(media.taken_at_timestamp),
    caption: statedText(media.edge_media_to_caption?.edges?.[0]?.node.text),
    likeCount: countsHidden ? null : numberOrNull(media.edge_media_preview_like?.count),
    commentCount:
      numberOrNull(media.edge_media_to_parent_comment?.count) ?? numberOrNull(media.edge_media_to_comment?.count),
    // video_view_count is a legacy field that reads 0 on reels; video_play_count is the real one.
    playCount: mediaType === 'VIDEO' && !countsHidden ? positiveOrNull(media.video_play_count) : null,
    videoDuration: mediaType === 'VIDEO' ? positiveOrNull(media.video_duration) : null,
    thumbnailUrl: textOrNull(media.display_url) ?? textOrNull(media.thumbnail_src),
    videoUrl: textOrNull(media.video_url),
    width: numberOrNull(media.dimensions?.width),
    height: numberOrNull(media.dimensions?.height),
    owner: normalizeWebOwner(media.owner),
    location: media.location ? normalizeWebLocation(media.location) : null,
    usertags: (media.edge_media_to_tagged_user?.edges ?? []).map(
      (edge): Usertag => ({ user: normalizeWebOwner(edge.node.user), x: edge.node.x, y: edge.node.y }),
    ),
    coauthors: (media.coauthor_producers ?? []).map(normalizeWebOwner),
    carouselItems,
    isPaidPartnership: media.is_paid_partnership ?? null,
  };
}

// ---- comments, transcripts, highlights ----

export function normalizeAisaComment(comment: AisaComment, mediaPk: string): Comment {
  return {
    pk: comment.id,
    mediaPk,
    text: comment.text,
    createdAt: isoDateOrNull(comment.created_at),
    likeCount: numberOrNull(comment.comment_like_count),
    user: normalizeMobileUser(comment.user),
  };
}

export function normalizeAisaComments(body: AisaPostComments, mediaPk: string): Page<Comment> {
  return { items: body.comments.map((comment) => normalizeAisaComment(comment, mediaPk)), nextCursor: body.cursor };
}

/** The words spoken in the video, or null when AIsa found none. */
export function normalizeTranscript(body: AisaTranscript): string | null {
  return body.transcripts.length === 0 ? null : body.transcripts.map((transcript) => transcript.text).join('\n');
}

/** The albums without their items: those take a highlight/detail call each. */
export function normalizeAisaHighlights(body: AisaHighlights, ownerPk: string): Highlight[] {
  return body.highlights.map((highlight) => ({
    id: highlight.id,
    ownerPk,
    title: statedText(highlight.title),
    coverUrl: firstText(highlight.cover_media_cropped_thumbnail?.url, highlight.cover_media?.thumbnail_src),
    items: null,
  }));
}
