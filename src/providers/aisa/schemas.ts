import { z } from 'zod';
import { instagramHighlightReelSchema } from '../instagram';

/*
 * AIsa wire schemas. Strict where we depend on a value (ids, codes, cursors, usernames);
 * lenient elsewhere: optional, nullable, and a drifted type degrades to null instead of
 * failing the whole page. Unknown keys are stripped.
 */

/** A numeric id: the HTTP client leaves integers beyond 2^53 as strings, so accept both. */
export const wireIdSchema = z
  .union([z.string().regex(/^\d+$/, 'expected a numeric id'), z.number().int().nonnegative()])
  .transform((value) => String(value));

/** A mobile media id: "<mediaPk>_<userPk>", or a bare pk. */
export const wireMediaIdSchema = z
  .union([z.string().regex(/^\d+(_\d+)?$/, 'expected "<mediaPk>_<userPk>"'), z.number().int().nonnegative()])
  .transform((value) => String(value));

export const wireCodeSchema = z.string().regex(/^[A-Za-z0-9_-]+$/, 'expected a media shortcode');

/** A pagination cursor: an opaque non-empty string, or absent/null/"" at the end. */
export const wireCursorSchema = z
  .union([z.string(), z.number().int()])
  .nullish()
  .transform((value) => (value === null || value === undefined || value === '' ? null : String(value)));

const looseString = z.string().nullish().catch(null);
const looseBoolean = z.boolean().nullish().catch(null);
const looseNumber = z.number().nullish().catch(null);
/** Counts are small, but tolerate a numeric string. */
const looseCount = z
  .union([z.number(), z.string().regex(/^\d+$/).transform(Number)])
  .nullish()
  .catch(null);
const countEdge = z.object({ count: looseCount }).nullish().catch(null);

const envelope = {
  success: z.boolean().optional(),
  credits_remaining: z.number().optional(),
};

// ---- mobile API (user/posts, user/reels, basic-profile) ----

/** An embedded mobile user: `pk` (or `pk_id`/`id`) and `username` are required. */
export const aisaMobileUserSchema = z
  .object({
    pk: wireIdSchema.optional(),
    pk_id: wireIdSchema.optional(),
    id: wireIdSchema.optional(),
    username: z.string().min(1),
    full_name: looseString,
    is_private: looseBoolean,
    is_verified: looseBoolean,
    profile_pic_url: looseString,
  })
  .transform(({ pk, pk_id, id, ...user }, context) => {
    const resolvedPk = pk ?? pk_id ?? id;
    if (resolvedPk === undefined) {
      context.addIssue({ code: 'custom', message: 'user has no pk', path: ['pk'] });
      return z.NEVER;
    }
    return { ...user, pk: resolvedPk };
  });
export type AisaMobileUser = z.output<typeof aisaMobileUserSchema>;

const imageCandidateSchema = z.object({ url: z.string(), width: looseNumber, height: looseNumber });
const imageVersionsSchema = z
  .object({ candidates: z.array(imageCandidateSchema).nullish().catch(null) })
  .nullish()
  .catch(null);
const videoVersionsSchema = z
  .array(z.object({ url: z.string(), width: looseNumber, height: looseNumber }))
  .nullish()
  .catch(null);

export const aisaCarouselChildSchema = z.object({
  id: wireMediaIdSchema,
  pk: wireIdSchema.optional(),
  media_type: looseNumber,
  image_versions2: imageVersionsSchema,
  video_versions: videoVersionsSchema,
  original_width: looseNumber,
  original_height: looseNumber,
});
export type AisaCarouselChild = z.output<typeof aisaCarouselChildSchema>;

export const aisaMobileLocationSchema = z.object({
  pk: wireIdSchema,
  name: z.string(),
  address: looseString,
  city: looseString,
  lat: looseNumber,
  lng: looseNumber,
});

export const aisaUsertagSchema = z.object({
  user: aisaMobileUserSchema,
  position: z.tuple([z.number(), z.number()]),
});

export const aisaMediaItemSchema = z.object({
  id: wireMediaIdSchema,
  pk: wireIdSchema.optional(),
  code: wireCodeSchema,
  media_type: looseNumber,
  product_type: looseString,
  taken_at: looseNumber,
  caption: z.object({ text: looseString }).nullish().catch(null),
  like_count: looseCount,
  comment_count: looseCount,
  play_count: looseCount,
  ig_play_count: looseCount,
  like_and_view_counts_disabled: looseBoolean,
  image_versions2: imageVersionsSchema,
  video_versions: videoVersionsSchema,
  video_duration: looseNumber,
  original_width: looseNumber,
  original_height: looseNumber,
  carousel_media: z.array(aisaCarouselChildSchema).nullish(),
  user: aisaMobileUserSchema.nullish(),
  owner: aisaMobileUserSchema.nullish(),
  usertags: z.object({ in: z.array(aisaUsertagSchema).nullish() }).nullish(),
  coauthor_producers: z.array(aisaMobileUserSchema).nullish(),
  location: aisaMobileLocationSchema.nullish(),
  is_paid_partnership: looseBoolean,
  /** The permalink AIsa adds; "/reel/" marks a clip when product_type is missing. */
  url: looseString,
});
export type AisaMediaItem = z.output<typeof aisaMediaItemSchema>;

/** The owner block of a posts/reels page: tells a private account apart from an empty one. */
const pageUserSchema = z.object({ is_private: looseBoolean }).nullish().catch(null);

/** `/instagram/user/posts` */
export const aisaUserPostsSchema = z.object({
  ...envelope,
  items: z.array(aisaMediaItemSchema),
  next_max_id: wireCursorSchema,
  num_results: looseCount,
  more_available: looseBoolean,
  user: pageUserSchema,
});
export type AisaUserPosts = z.output<typeof aisaUserPostsSchema>;

/** A reel is either the media itself or wrapped as `{ media }`: unwrap so both parse alike. */
const reelItemSchema = z.preprocess(
  (item) =>
    typeof item === 'object' && item !== null && 'media' in item && typeof item.media === 'object' && item.media !== null
      ? item.media
      : item,
  aisaMediaItemSchema,
);

/**
 * `/instagram/user/reels`. The spec shows two shapes: flat `items[]` with a top-level `max_id`
 * (its example) and `items[].media` with `paging_info.max_id` (its description).
 */
export const aisaUserReelsSchema = z.object({
  ...envelope,
  items: z.array(reelItemSchema),
  max_id: wireCursorSchema,
  more_available: looseBoolean,
  paging_info: z
    .object({ max_id: wireCursorSchema, more_available: looseBoolean })
    .nullish(),
  user: pageUserSchema,
});
export type AisaUserReels = z.output<typeof aisaUserReelsSchema>;

/** `/instagram/basic-profile`: a flat mobile profile. */
export const aisaBasicProfileSchema = z
  .object({
    ...envelope,
    pk: wireIdSchema.optional(),
    id: wireIdSchema.optional(),
    username: z.string().min(1),
    full_name: looseString,
    biography: looseString,
    external_url: looseString,
    follower_count: looseCount,
    following_count: looseCount,
    media_count: looseCount,
    is_private: looseBoolean,
    is_verified: looseBoolean,
    is_business: looseBoolean,
    category: looseString,
    profile_pic_url: looseString,
    hd_profile_pic_url_info: z.object({ url: looseString }).nullish().catch(null),
  })
  .transform(({ pk, id, ...profile }, context) => {
    const resolvedPk = pk ?? id;
    if (resolvedPk === undefined) {
      context.addIssue({ code: 'custom', message: 'profile has no pk', path: ['pk'] });
      return z.NEVER;
    }
    return { ...profile, pk: resolvedPk };
  });
export type AisaBasicProfile = z.output<typeof aisaBasicProfileSchema>;

// ---- web GraphQL (profile, post) ----

export const aisaWebUserSchema = z.object({
  id: wireIdSchema,
  username: z.string().min(1),
  full_name: looseString,
  biography: looseString,
  external_url: looseString,
  edge_followed_by: countEdge,
  edge_follow: countEdge,
  edge_owner_to_timeline_media: countEdge,
  is_private: looseBoolean,
  is_verified: looseBoolean,
  is_business_account: looseBoolean,
  category_name: looseString,
  profile_pic_url: looseString,
  profile_pic_url_hd: looseString,
});
export type AisaWebUser = z.output<typeof aisaWebUserSchema>;

/** `/instagram/profile`: `data.user` is null when no account has the handle. */
export const aisaProfileSchema = z.object({
  ...envelope,
  data: z.object({ user: aisaWebUserSchema.nullable() }),
});
export type AisaProfile = z.output<typeof aisaProfileSchema>;

export const aisaWebOwnerSchema = z.object({
  id: wireIdSchema,
  username: z.string().min(1),
  full_name: looseString,
  is_private: looseBoolean,
  is_verified: looseBoolean,
  profile_pic_url: looseString,
});
export type AisaWebOwner = z.output<typeof aisaWebOwnerSchema>;

const dimensionsSchema = z.object({ width: looseNumber, height: looseNumber }).nullish().catch(null);

export const aisaWebChildSchema = z.object({
  id: wireIdSchema,
  __typename: looseString,
  is_video: looseBoolean,
  display_url: looseString,
  video_url: looseString,
  dimensions: dimensionsSchema,
});
export type AisaWebChild = z.output<typeof aisaWebChildSchema>;

/** Web locations carry their address as a JSON string, and usually no coordinates. */
export const aisaWebLocationSchema = z.object({
  id: wireIdSchema,
  name: z.string(),
  address_json: looseString,
  lat: looseNumber,
  lng: looseNumber,
});

export const aisaWebMediaSchema = z.object({
  id: wireIdSchema,
  shortcode: wireCodeSchema,
  __typename: looseString,
  is_video: looseBoolean,
  product_type: looseString,
  display_url: looseString,
  thumbnail_src: looseString,
  dimensions: dimensionsSchema,
  video_url: looseString,
  video_duration: looseNumber,
  video_play_count: looseCount,
  taken_at_timestamp: looseNumber,
  owner: aisaWebOwnerSchema,
  edge_media_to_caption: z
    .object({ edges: z.array(z.object({ node: z.object({ text: looseString }) })).nullish() })
    .nullish()
    .catch(null),
  edge_media_preview_like: countEdge,
  edge_media_to_parent_comment: countEdge,
  edge_media_to_comment: countEdge,
  like_and_view_counts_disabled: looseBoolean,
  location: aisaWebLocationSchema.nullish(),
  edge_sidecar_to_children: z.object({ edges: z.array(z.object({ node: aisaWebChildSchema })) }).nullish(),
  edge_media_to_tagged_user: z
    .object({
      edges: z.array(z.object({ node: z.object({ user: aisaWebOwnerSchema, x: z.number(), y: z.number() }) })),
    })
    .nullish(),
  coauthor_producers: z.array(aisaWebOwnerSchema).nullish(),
  is_paid_partnership: looseBoolean,
});
export type AisaWebMedia = z.output<typeof aisaWebMediaSchema>;

/**
 * `/instagram/post`: the example nests the media under `data`, the spec's schema puts it at
 * the top level; accept either. Null when the shortcode names no visible post.
 */
export const aisaPostSchema = z.object({
  ...envelope,
  data: z.object({ xdt_shortcode_media: aisaWebMediaSchema.nullish() }).nullish(),
  xdt_shortcode_media: aisaWebMediaSchema.nullish(),
});
export type AisaPost = z.output<typeof aisaPostSchema>;

// ---- comments, transcripts, highlights ----

/** A post/comments item: already normalised by AIsa (`child_comment_count`, in the description, is not used). */
export const aisaCommentSchema = z.object({
  id: wireIdSchema,
  text: z.string(),
  created_at: looseString,
  comment_like_count: looseCount,
  user: aisaMobileUserSchema,
});
export type AisaComment = z.output<typeof aisaCommentSchema>;

/** `/instagram/post/comments`: `cursor` is null on the last page. */
export const aisaPostCommentsSchema = z.object({
  ...envelope,
  comments: z.array(aisaCommentSchema),
  cursor: wireCursorSchema,
});
export type AisaPostComments = z.output<typeof aisaPostCommentsSchema>;

/** `/instagram/media/transcript`: [] when the video has no speech. */
export const aisaTranscriptSchema = z.object({
  ...envelope,
  transcripts: z.array(z.object({ shortcode: looseString, text: z.string() })),
});
export type AisaTranscript = z.output<typeof aisaTranscriptSchema>;

/** `/instagram/user/highlights`: the albums, with bare numeric ids and no items. */
export const aisaHighlightsSchema = z.object({
  ...envelope,
  highlights: z.array(
    z.object({
      id: wireIdSchema,
      title: looseString,
      cover_media: z.object({ thumbnail_src: looseString }).nullish().catch(null),
      cover_media_cropped_thumbnail: z.object({ url: looseString }).nullish().catch(null),
    }),
  ),
});
export type AisaHighlights = z.output<typeof aisaHighlightsSchema>;

/** `/instagram/user/highlight/detail`: the highlight reel Instagram sends, under AIsa's envelope. */
export const aisaHighlightDetailSchema = instagramHighlightReelSchema;
