import { z } from 'zod';
import { jsonToken, RawJsonInteger, readJsonToken, toBase64 } from './respond';
import type { WorldHighlight, WorldStoryItem, WorldUser } from './world';

/**
 * Shapes both vendors relay unchanged from Instagram's own API, built once for both replays.
 */

const commentCursorSchema = z.object({ cached_comments_cursor: z.string(), bifilter_token: z.string() });

/** Instagram's comment cursor: base64 JSON naming the last comment served (and, here, its media). */
export function commentCursor(mediaPk: string, lastCommentPk: string): string {
  return jsonToken({ cached_comments_cursor: lastCommentPk, bifilter_token: toBase64(mediaPk) });
}

/** Where the page after `cursor` starts in `comments`: 0 without a cursor, null for one that names nothing here. */
export function commentCursorStart(comments: readonly { pk: string }[], mediaPk: string, cursor: string): number | null {
  if (cursor === '') return 0;
  const read = readJsonToken(cursor, commentCursorSchema);
  if (!read || read.bifilter_token !== toBase64(mediaPk)) return null;
  const index = comments.findIndex((comment) => comment.pk === read.cached_comments_cursor);
  return index < 0 ? null : index + 1;
}

type Json = Record<string, unknown>;

/** How a relay writes a 64-bit id: Instagram's bare number, or a string (HikerAPI's `safe_int`, AIsa). */
export type BigIdWriter = (digits: string) => unknown;
export const bareNumber: BigIdWriter = (digits) => new RawJsonInteger(digits);
export const digitString: BigIdWriter = (digits) => digits;

/** The `user` of a reel (story tray or highlight). */
function reelUser(user: WorldUser): Json {
  const pk = String(user.pk);
  return {
    pk,
    pk_id: pk,
    full_name: user.full_name,
    is_private: user.is_private,
    strong_id__: pk,
    id: pk,
    username: user.username,
    is_verified: user.is_verified,
    profile_pic_id: `3800000000000000000_${pk}`,
    profile_pic_url: user.profile_pic_url,
    interop_messaging_user_fbid: user.interop_messaging_user_fbid ?? null,
    transparency_product_enabled: false,
  };
}

/** A story frame as the mobile API sends it. Live stories carry `expiring_at`; highlight items do not. */
export function rawStoryItem(owner: WorldUser, item: WorldStoryItem, bigId: BigIdWriter): Json {
  const id = `${item.pk}_${owner.pk}`;
  return {
    pk: bigId(item.pk),
    id,
    strong_id__: id,
    is_reel_media: true,
    like_and_view_counts_disabled: false,
    taken_at: item.taken_at,
    ...(item.expiring_at === null ? {} : { expiring_at: item.expiring_at }),
    ...(item.media_type === 2
      ? {
          video_versions: [{ bandwidth: null, height: item.height, type: 101, url: item.video_url, width: item.width }],
          video_duration: item.video_duration,
          has_audio: true,
        }
      : {}),
    media_type: item.media_type,
    code: item.code,
    caption: null,
    user: { full_name: owner.full_name, id: String(owner.pk), username: owner.username },
    image_versions2: { candidates: [{ width: item.width, height: item.height, url: item.image_url, scans_profile: '' }] },
    original_width: item.width,
    original_height: item.height,
    product_type: 'story',
    is_paid_partnership: false,
    can_reply: !owner.is_private,
    can_reshare: true,
  };
}

/** A user's live story reel (`/feed/user/{id}/story/`'s `reel`), or null without live stories. */
export function rawUserReel(owner: WorldUser, items: readonly WorldStoryItem[], bigId: BigIdWriter): Json | null {
  const latest = items.at(-1);
  if (!latest) return null;
  return {
    id: owner.pk,
    strong_id__: String(owner.pk),
    latest_reel_media: latest.taken_at,
    seen: 0,
    can_reply: true,
    can_gif_quick_reply: true,
    can_reshare: true,
    reel_type: 'user_reel',
    can_react_with_avatar: false,
    prefetch_count: 0,
    expiring_at: latest.expiring_at,
    user: reelUser(owner),
    items: items.map((item) => rawStoryItem(owner, item, bigId)),
    media_count: items.length,
    media_ids: items.map((item) => bigId(item.pk)),
    ranked_position: 1,
    seen_ranked_position: 1,
    muted: false,
    has_besties_media: false,
    has_video: items.some((item) => item.media_type === 2),
    disabled_reply_types: ['story_remix_reply'],
    is_cta_sticker_available: null,
    is_nux: false,
  };
}

/** A highlight reel with its items, in the keys and order of AIsa's highlight/detail example. */
export function rawHighlightReel(owner: WorldUser, highlight: WorldHighlight, bigId: BigIdWriter): Json {
  const [cover] = highlight.items;
  return {
    id: `highlight:${highlight.id}`,
    latest_reel_media: highlight.items.at(-1)?.taken_at ?? highlight.created_at,
    seen: null,
    can_reply: false,
    can_gif_quick_reply: true,
    can_reshare: true,
    reel_type: 'highlight_reel',
    ad_expiry_timestamp_in_millis: null,
    is_cta_sticker_available: null,
    app_sticker_info: null,
    should_treat_link_sticker_as_cta: null,
    pool_refresh_ttl_in_sec: null,
    can_react_with_avatar: false,
    cover_media: {
      cropped_image_version: { width: 150, height: 150, url: highlight.cover_url, scans_profile: '' },
      crop_rect: [0],
      media_id: cover ? `${cover.pk}_${owner.pk}` : null,
      full_image_version: null,
      upload_id: null,
    },
    user: reelUser(owner),
    items: highlight.items.map((item) => rawStoryItem(owner, item, bigId)),
    is_nux: false,
    title: highlight.title,
    created_at: highlight.created_at,
    is_pinned_highlight: false,
    prefetch_count: 0,
    media_count: highlight.items.length,
    media_ids: highlight.items.map((item) => bigId(item.pk)),
    is_converted_to_clips: false,
    disabled_reply_types: ['story_remix_reply'],
    highlight_reel_type: 'DEFAULT',
    is_added_to_main_grid: false,
    is_archived: false,
    is_fit_green: true,
  };
}
