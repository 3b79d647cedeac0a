import { z } from 'zod';
import { instagramHighlightReelSchema, instagramStoryItemSchema } from '../instagram';

// Wire schemas for HikerAPI v1 (instagrapi models). Loose objects: Instagram adds and drops fields
// all the time, so unknown keys pass and everything we only display is optional. Strict only where
// we depend on a value: ids, media codes, media types, cursors.

/** A pk as a decimal string or a safe integer (the HTTP client already turns larger ones into strings). */
export const hikerIdSchema = z
  .union([z.string().regex(/^\d+$/, 'expected a decimal id'), z.number().int().nonnegative()])
  .transform((value) => String(value));

const optionalString = z.string().nullish();
const optionalBoolean = z.boolean().nullish();
const optionalNumber = z.number().nullish();

/** `[items, nextCursor]`, the answer of every v1 chunk endpoint. */
export function hikerChunkSchema<T extends z.ZodType>(item: T) {
  return z.tuple([z.array(item), z.string().nullable()]);
}

export const hikerUserShortSchema = z.looseObject({
  pk: hikerIdSchema,
  username: z.string().min(1),
  full_name: optionalString,
  profile_pic_url: optionalString,
  is_private: optionalBoolean,
  is_verified: optionalBoolean,
});

export const hikerUserSchema = z.looseObject({
  pk: hikerIdSchema,
  username: z.string().min(1),
  full_name: optionalString,
  is_private: optionalBoolean,
  profile_pic_url: optionalString,
  is_verified: optionalBoolean,
  media_count: optionalNumber,
  follower_count: optionalNumber,
  following_count: optionalNumber,
  biography: optionalString,
  external_url: optionalString,
  is_business: optionalBoolean,
  category_name: optionalString,
  business_category_name: optionalString,
  category: optionalString,
});

export const hikerLocationSchema = z.looseObject({
  pk: hikerIdSchema.nullish(),
  name: z.string(),
  address: optionalString,
  city: optionalString,
  lat: optionalNumber,
  lng: optionalNumber,
  external_id: z.union([z.string(), z.number()]).nullish(),
});

export const hikerImageVersionSchema = z.looseObject({
  url: z.string(),
  width: optionalNumber,
  height: optionalNumber,
});

/** 1 photo, 2 video, 8 carousel: the only kinds the domain model can represent. */
export const hikerMediaTypeSchema = z.literal([1, 2, 8]);

export const hikerUsertagSchema = z.looseObject({
  user: hikerUserShortSchema,
  x: z.number(),
  y: z.number(),
});

/** A carousel child. */
export const hikerResourceSchema = z.looseObject({
  pk: hikerIdSchema,
  media_type: hikerMediaTypeSchema,
  thumbnail_url: optionalString,
  video_url: optionalString,
  image_versions: z.array(hikerImageVersionSchema).nullish(),
});

export const hikerMediaSchema = z.looseObject({
  pk: hikerIdSchema,
  code: z.string().min(1),
  media_type: hikerMediaTypeSchema,
  product_type: optionalString,
  taken_at: z.union([z.string(), z.number()]).nullish(),
  taken_at_ts: optionalNumber,
  thumbnail_url: optionalString,
  location: hikerLocationSchema.nullish(),
  user: hikerUserShortSchema,
  comment_count: optionalNumber,
  like_count: optionalNumber,
  play_count: optionalNumber,
  view_count: optionalNumber,
  caption_text: optionalString,
  usertags: z.array(hikerUsertagSchema).nullish(),
  video_url: optionalString,
  video_duration: optionalNumber,
  resources: z.array(hikerResourceSchema).nullish(),
  image_versions: z.array(hikerImageVersionSchema).nullish(),
  like_and_view_counts_disabled: optionalBoolean,
  coauthor_producers: z.array(hikerUserShortSchema).nullish(),
  is_paid_partnership: optionalBoolean,
});

/** instagrapi `Comment` (/v1/media/comments/chunk). */
export const hikerCommentSchema = z.looseObject({
  pk: hikerIdSchema,
  text: z.string(),
  user: hikerUserShortSchema,
  created_at_utc: optionalString,
  like_count: optionalNumber,
});

/** `About` (/v1/user/about): every field optional, `former_usernames` a count written as text. */
export const hikerAboutSchema = z.looseObject({
  username: optionalString,
  is_verified: optionalBoolean,
  country: optionalString,
  date: optionalString,
  former_usernames: z.union([z.string(), z.number()]).nullish(),
});

/** /v2/user/stories: the mobile API's user reel, null without live stories. */
export const hikerStoriesSchema = z.looseObject({
  reel: z.looseObject({ items: z.array(instagramStoryItemSchema).nullish() }).nullable(),
});

/**
 * /v2/user/highlights (`PageResponse`): the raw tray under `response`, each entry a highlight reel
 * with its items. The spec requires `next_page_id`, its example omits it: optional.
 */
export function hikerHighlightsSchema<T extends z.ZodType>(trayEntry: T) {
  return z.looseObject({
    response: z.looseObject({ tray: z.array(trayEntry) }),
    next_page_id: z.string().nullish(),
  });
}
export const hikerHighlightsTraySchema = hikerHighlightsSchema(instagramHighlightReelSchema);

export const hikerMediaChunkSchema = hikerChunkSchema(hikerMediaSchema);
export const hikerCommentChunkSchema = hikerChunkSchema(hikerCommentSchema);
export const hikerUserShortChunkSchema = hikerChunkSchema(hikerUserShortSchema);
export const hikerMediaListSchema = z.array(hikerMediaSchema);
export const hikerUserShortListSchema = z.array(hikerUserShortSchema);

export type HikerUserShort = z.output<typeof hikerUserShortSchema>;
export type HikerUser = z.output<typeof hikerUserSchema>;
export type HikerLocation = z.output<typeof hikerLocationSchema>;
export type HikerImageVersion = z.output<typeof hikerImageVersionSchema>;
export type HikerUsertag = z.output<typeof hikerUsertagSchema>;
export type HikerResource = z.output<typeof hikerResourceSchema>;
export type HikerMedia = z.output<typeof hikerMediaSchema>;
export type HikerComment = z.output<typeof hikerCommentSchema>;
export type HikerAbout = z.output<typeof hikerAboutSchema>;
export type HikerStories = z.output<typeof hikerStoriesSchema>;
