import { z } from 'zod';
import { epochSecondsToIso, type Highlight, type MediaType, type StoryItem } from '../domain/types';
import { positiveOrNull, statedText, textOrNull } from './values';

/*
 * Instagram's own story payloads, which both vendors relay unchanged: HikerAPI's v2 stories and
 * highlights tray, AIsa's highlight/detail. Strict on the ids and media types we depend on; the rest
 * is optional and unknown keys pass (Instagram adds fields all the time).
 */

/** A 64-bit id as a decimal string or a safe integer (the HTTP client turns larger numbers into strings). */
const storyIdSchema = z
  .union([z.string().regex(/^\d+$/, 'expected a numeric id'), z.number().int().nonnegative()])
  .transform((value) => String(value));

const candidateSchema = z.looseObject({ url: z.string() });

export const instagramStoryItemSchema = z.looseObject({
  pk: storyIdSchema.optional(),
  /** "<mediaPk>_<userPk>" */
  id: z.string().regex(/^\d+(_\d+)?$/, 'expected "<mediaPk>_<userPk>"'),
  media_type: z.literal([1, 2, 8]),
  taken_at: z.number().nullish(),
  /** Live stories only. */
  expiring_at: z.number().nullish(),
  image_versions2: z.looseObject({ candidates: z.array(candidateSchema).nullish() }).nullish(),
  video_versions: z.array(candidateSchema).nullish(),
  video_duration: z.number().nullish(),
});
export type InstagramStoryItem = z.output<typeof instagramStoryItemSchema>;

/** A highlight reel with its items (`id` is "highlight:<id>"). */
export const instagramHighlightReelSchema = z.looseObject({
  id: z.string().regex(/^(highlight:)?\d+$/, 'expected "highlight:<id>"'),
  title: z.string().nullish(),
  cover_media: z.looseObject({ cropped_image_version: candidateSchema.nullish() }).nullish(),
  items: z.array(instagramStoryItemSchema),
});
export type InstagramHighlightReel = z.output<typeof instagramHighlightReelSchema>;

const STORY_MEDIA_TYPES: Record<1 | 2 | 8, MediaType> = { 1: 'PHOTO', 2: 'VIDEO', 8: 'CAROUSEL' };

export function normalizeStoryItem(item: InstagramStoryItem): StoryItem {
  const mediaType = STORY_MEDIA_TYPES[item.media_type];
  return {
    pk: item.pk ?? (item.id.split('_', 1)[0] as string),
    mediaType,
    takenAt: epochSecondsToIso(item.taken_at),
    expiresAt: epochSecondsToIso(item.expiring_at),
    imageUrl: textOrNull(item.image_versions2?.candidates?.[0]?.url),
    videoUrl: textOrNull(item.video_versions?.[0]?.url),
    videoDuration: mediaType === 'VIDEO' ? positiveOrNull(item.video_duration) : null,
  };
}

/** The bare numeric id of a highlight, however the answer writes it. */
export function bareHighlightId(id: string): string {
  return id.replace(/^highlight:/, '');
}

/** A highlight reel → Highlight, its items included. */
export function normalizeHighlightReel(reel: InstagramHighlightReel, ownerPk: string): Highlight {
  return {
    id: bareHighlightId(reel.id),
    ownerPk,
    title: statedText(reel.title),
    coverUrl: textOrNull(reel.cover_media?.cropped_image_version?.url),
    items: reel.items.map(normalizeStoryItem),
  };
}
